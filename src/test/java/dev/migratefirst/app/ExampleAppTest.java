package dev.migratefirst.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.testsupport.SecretLiterals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;

/**
 * The example app exactly as cdk.json builds it (every stack, cdk-nag applied), synthesized once. The
 * security checks run over every stack, so stacks added to {@link ExampleApp#addExampleStacks} later are
 * covered without touching this test.
 */
class ExampleAppTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GENERIC_REASON = Pattern.compile(
            "(?i).*\\b(todo|fixme|tbd|n/a|not needed|false positive|suppress(ed)?|ignore[d]?|by design|ok|fine|accepted)\\b.*");

    private static final Map<String, Map<String, Object>> TEMPLATES = new LinkedHashMap<>();
    private static final Map<String, List<SynthesisMessage>> MESSAGES = new LinkedHashMap<>();
    private static DataStack dataStack;
    private static Template data;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synth() {
        App app = new App(AppProps.builder().context(ExampleApp.cdkJsonContext()).build());
        ExampleApp.addExampleStacks(app);
        ExampleApp.applyChecks(app);
        dataStack = (DataStack) app.getNode().findChild(ExampleApp.DATA_STACK);
        CloudAssembly assembly = app.synth();
        for (CloudFormationStackArtifact stack : assembly.getStacksRecursively()) {
            TEMPLATES.put(stack.getStackName(), (Map<String, Object>) stack.getTemplate());
            MESSAGES.put(stack.getStackName(), stack.getMessages());
        }
        data = Template.fromJSON(TEMPLATES.get(ExampleApp.DATA_STACK));
    }

    @Test
    void everyStackOfTheAppIsSynthesizedAndEnvironmentAgnostic() {
        assertThat(TEMPLATES).containsKey(ExampleApp.DATA_STACK);
        assertThat(dataStack.getEnvironment()).isEqualTo("aws://unknown-account/unknown-region");
    }

    @Test
    void cdkNagFindsNothingUnsuppressedInAnyStack() {
        List<String> findings = new ArrayList<>();
        MESSAGES.forEach((stack, messages) -> messages.stream()
                .filter(m -> m.getLevel() == SynthesisMessageLevel.ERROR
                        || (m.getLevel() == SynthesisMessageLevel.WARNING && isNag(m)))
                .forEach(m -> findings.add(stack + " " + m.getId() + ": " + firstLine(m))));
        assertThat(findings).isEmpty();
    }

    @Test
    void everySuppressionNamesOneRuleAndGivesASpecificReason() {
        List<Map<?, ?>> suppressions = new ArrayList<>();
        TEMPLATES.values().forEach(t -> collectSuppressions(t, suppressions));
        assertThat(suppressions).isNotEmpty().allSatisfy(s -> {
            String id = String.valueOf(s.get("id"));
            String reason = String.valueOf(s.get("reason"));
            assertThat(id).as("rule id").matches("AwsSolutions-[A-Z]+[0-9]+");
            assertThat(reason).as("reason of " + id).hasSizeGreaterThanOrEqualTo(60);
            assertThat(reason).as("reason of " + id).doesNotMatch(GENERIC_REASON);
        });
        List<String> reasons = suppressions.stream().map(s -> String.valueOf(s.get("reason"))).collect(Collectors.toList());
        assertThat(reasons).as("one reason per finding, not a copied blanket").doesNotHaveDuplicates();
    }

    @Test
    void noSecretOrPasswordLiteralInAnyTemplate() {
        TEMPLATES.forEach((stack, template) -> assertThat(SecretLiterals.find(template)).as(stack).isEmpty());
    }

    @Test
    void noIngressOnPort22AndNoIngressFromTheInternetAnywhere() {
        TEMPLATES.forEach((stack, template) -> {
            List<Map<?, ?>> rules = ingressRules(template);
            assertThat(rules).as(stack + " ingress rules").allSatisfy(rule -> {
                assertThat(String.valueOf(rule.get("IpProtocol"))).isNotEqualTo("-1");
                int from = ((Number) rule.get("FromPort")).intValue();
                int to = ((Number) rule.get("ToPort")).intValue();
                assertThat(from <= 22 && 22 <= to).as("covers port 22: " + rule).isFalse();
                assertThat(rule.get("CidrIp")).isNotEqualTo("0.0.0.0/0");
                assertThat(rule.get("CidrIpv6")).isNotEqualTo("::/0");
            });
        });
    }

    @Test
    void databaseIsPrivateEncryptedTlsOnlyAndInTheDatabaseTier() {
        data.hasResourceProperties("AWS::RDS::DBInstance", Match.objectLike(Map.of(
                "StorageEncrypted", true, "PubliclyAccessible", false, "BackupRetentionPeriod", 7,
                "DeletionProtection", true, "EngineVersion", "17")));
        data.hasResourceProperties("AWS::RDS::DBParameterGroup",
                Map.of("Parameters", Match.objectLike(Map.of("rds.force_ssl", "1"))));
        String subnetGroup = json(data.findResources("AWS::RDS::DBSubnetGroup"));
        assertThat(subnetGroup).contains("NetworkDatabaseSubnet1", "NetworkDatabaseSubnet2").doesNotContain("Application");
        String rotation = json(data.findResources("AWS::Serverless::Application"));
        assertThat(rotation).contains("NetworkApplicationSubnet1", "NetworkApplicationSubnet2");
    }

    @Test
    void databaseAdmitsOnlyTheBastionAndTheRotationLambda() {
        String dbSg = logicalId(dataStack.getDatabase().getSecurityGroup().getNode().getDefaultChild());
        String bastionSg = logicalId(dataStack.getBastion().getSecurityGroup().getNode().getDefaultChild());
        String rotationSg = logicalId(dataStack.getDatabase().getRotation().getNode().findChild("SecurityGroup")
                .getNode().getDefaultChild());
        List<String> sources = ingressResources(TEMPLATES.get(ExampleApp.DATA_STACK)).stream()
                .filter(r -> json(r.get("GroupId")).contains(dbSg))
                .map(r -> {
                    assertThat(r.get("FromPort")).isEqualTo(5432);
                    assertThat(r.get("ToPort")).isEqualTo(5432);
                    return json(r.get("SourceSecurityGroupId"));
                })
                .collect(Collectors.toList());
        assertThat(sources).hasSize(2).anySatisfy(s -> assertThat(s).contains(bastionSg))
                .anySatisfy(s -> assertThat(s).contains(rotationSg));
    }

    @Test
    void bastionIsReachableOnlyThroughSsm() {
        String bastionSg = logicalId(dataStack.getBastion().getSecurityGroup().getNode().getDefaultChild());
        assertThat(ingressResources(TEMPLATES.get(ExampleApp.DATA_STACK)))
                .noneSatisfy(r -> assertThat(json(r.get("GroupId"))).contains(bastionSg));
        assertThat(properties(TEMPLATES.get(ExampleApp.DATA_STACK), bastionSg).get("SecurityGroupIngress")).isNull();

        Map<String, Object> instance = properties(TEMPLATES.get(ExampleApp.DATA_STACK),
                logicalId(dataStack.getBastion().getInstance().getNode().getDefaultChild()));
        assertThat(instance).doesNotContainKey("KeyName");
        assertThat(json(instance.get("NetworkInterfaces")))
                .contains("NetworkApplicationSubnet1", "\"AssociatePublicIpAddress\":false");
        assertThat(json(instance.get("BlockDeviceMappings"))).contains("\"Encrypted\":true", "\"VolumeType\":\"gp3\"");
        assertThat(json(instance.get("UserData"))).contains("dnf install -y postgresql17");
        assertThat(instance.get("Monitoring")).isEqualTo(true);
        data.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData",
                Map.of("MetadataOptions", Map.of("HttpTokens", "required"))));
        data.resourcePropertiesCountIs("AWS::EC2::LaunchTemplate",
                Map.of("LaunchTemplateData", Match.objectLike(Map.of("KeyName", Match.anyValue()))), 0);
    }

    @Test
    void bastionRoleHasOnlyTheSsmCorePolicy() {
        String role = logicalId(dataStack.getBastion().getRole().getNode().getDefaultChild());
        assertThat(json(properties(TEMPLATES.get(ExampleApp.DATA_STACK), role).get("ManagedPolicyArns")))
                .isEqualTo("[{\"Fn::Join\":[\"\",[\"arn:\",{\"Ref\":\"AWS::Partition\"},"
                        + "\":iam::aws:policy/AmazonSSMManagedInstanceCore\"]]}]");
        assertThat(json(data.findResources("AWS::IAM::Policy"))).doesNotContain(role);
    }

    @Test
    void outputsGiveTheBastionAndTheExactTunnelCommand() {
        String instance = logicalId(dataStack.getBastion().getInstance().getNode().getDefaultChild());
        data.hasOutput(DataStack.OUTPUT_BASTION_INSTANCE_ID, Map.of("Value", Map.of("Ref", instance)));
        String command = json(data.findOutputs(DataStack.OUTPUT_TUNNEL_COMMAND));
        assertThat(command).contains(
                "aws ssm start-session --region ", "{\"Ref\":\"AWS::Region\"}", " --target ", "{\"Ref\":\"" + instance + "\"}",
                " --document-name AWS-StartPortForwardingSessionToRemoteHost --parameters host=",
                "Endpoint.Address", ",portNumber=", "Endpoint.Port", ",localPortNumber=15432");
        for (String output : List.of(DataStack.OUTPUT_DATABASE_ENDPOINT, DataStack.OUTPUT_DATABASE_PORT,
                DataStack.OUTPUT_DATABASE_NAME, DataStack.OUTPUT_DATABASE_SECRET_ARN, DataStack.OUTPUT_VPC_ID)) {
            data.hasOutput(output, Match.objectLike(Map.of("Value", Match.anyValue())));
        }
    }

    @Test
    void noEgressNetworkHasTheEndpointsAndNoNat() {
        data.resourceCountIs("AWS::EC2::NatGateway", 0);
        data.resourcePropertiesCountIs("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Interface"), 7);
        data.resourcePropertiesCountIs("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Gateway"), 1);
        data.resourceCountIs("AWS::EC2::FlowLog", 1);
    }

    private static boolean isNag(SynthesisMessage m) {
        String text = String.valueOf(m.getEntry().getData());
        return text.contains("AwsSolutions-") || text.contains("CdkNagValidationFailure");
    }

    private static String firstLine(SynthesisMessage m) {
        String text = String.valueOf(m.getEntry().getData());
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static void collectSuppressions(Object node, List<Map<?, ?>> out) {
        if (node instanceof Map<?, ?> map) {
            if (map.get("cdk_nag") instanceof Map<?, ?> nag && nag.get("rules_to_suppress") instanceof List<?> rules) {
                rules.forEach(r -> out.add((Map<?, ?>) r));
            }
            map.values().forEach(v -> collectSuppressions(v, out));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collectSuppressions(v, out));
        }
    }

    /** Inline ingress of security groups plus stand-alone SecurityGroupIngress resources. */
    private static List<Map<?, ?>> ingressRules(Map<String, Object> template) {
        List<Map<?, ?>> rules = new ArrayList<>(ingressResources(template));
        resources(template).values().stream()
                .filter(r -> "AWS::EC2::SecurityGroup".equals(r.get("Type")))
                .map(r -> (Map<?, ?>) r.get("Properties"))
                .filter(p -> p.get("SecurityGroupIngress") instanceof List<?>)
                .forEach(p -> ((List<?>) p.get("SecurityGroupIngress")).forEach(i -> rules.add((Map<?, ?>) i)));
        return rules;
    }

    private static List<Map<?, ?>> ingressResources(Map<String, Object> template) {
        return resources(template).values().stream()
                .filter(r -> "AWS::EC2::SecurityGroupIngress".equals(r.get("Type")))
                .map(r -> (Map<?, ?>) r.get("Properties"))
                .collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<?, ?>> resources(Map<String, Object> template) {
        Object resources = template.get("Resources");
        return resources == null ? Map.of() : (Map<String, Map<?, ?>>) resources;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> template, String logicalId) {
        return (Map<String, Object>) resources(template).get(logicalId).get("Properties");
    }

    private static String logicalId(Object defaultChild) {
        CfnElement element = (CfnElement) defaultChild;
        return Stack.of(element).resolve(element.getLogicalId()).toString();
    }

    private static String json(Object value) {
        return JSON.valueToTree(value).toString();
    }
}
