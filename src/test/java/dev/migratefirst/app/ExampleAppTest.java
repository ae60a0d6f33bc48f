package dev.migratefirst.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.network.Egress;
import dev.migratefirst.testsupport.AssemblyChecks;
import dev.migratefirst.testsupport.SecretLiterals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.sns.Topic;

/**
 * The example app exactly as cdk.json builds it (every stack, cdk-nag applied), synthesized once. The
 * security checks run over every stack, so stacks added to {@link ExampleApp#addExampleStacks} later are
 * covered without touching this test.
 */
class ExampleAppTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, Map<String, Object>> TEMPLATES = new LinkedHashMap<>();
    /** Per stack: "path: message" of every error annotation and every cdk-nag warning. */
    private static final Map<String, List<String>> FINDINGS = new LinkedHashMap<>();
    /** Per stack and cdk-nag pack: the unsuppressed findings of the pack's report. */
    private static final Map<String, Map<String, List<String>>> NAG = new LinkedHashMap<>();
    private static DataStack dataStack;
    private static Template data;

    @BeforeAll
    static void synth() {
        SynthesizedExampleApp example = SynthesizedExampleApp.get();
        dataStack = example.stack(ExampleApp.DATA_STACK, DataStack.class);
        CloudAssembly assembly = example.assembly();
        TEMPLATES.putAll(AssemblyChecks.templates(assembly));
        FINDINGS.putAll(AssemblyChecks.errorsAndNagWarnings(assembly));
        NAG.putAll(AssemblyChecks.nagNonCompliant(assembly));
        data = Template.fromJSON(TEMPLATES.get(ExampleApp.DATA_STACK));
    }

    @Test
    void everyStackOfTheAppIsSynthesizedAndEnvironmentAgnostic() {
        assertThat(TEMPLATES).containsKey(ExampleApp.DATA_STACK);
        assertThat(dataStack.getEnvironment()).isEqualTo("aws://unknown-account/unknown-region");
    }

    @Test
    void egressContextChoosesTheNetworkAndRejectsOtherValues() {
        assertThat(ExampleApp.egress(null)).isEqualTo(Egress.NONE);
        assertThat(ExampleApp.egress(" NAT ")).isEqualTo(Egress.NAT_GATEWAY);
        assertThatThrownBy(() -> ExampleApp.egress("igw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("context migratefirst:egress: must be 'none' or 'nat' (got 'igw')");
    }

    @Test
    void cdkNagFindsNothingUnsuppressedInAnyStackUnderAllFourPacks() {
        assertThat(FINDINGS).containsKeys(ExampleApp.DATA_STACK, ExampleApp.SERVICE_STACK)
                .allSatisfy((stack, findings) -> assertThat(findings).as(stack).isEmpty());
        assertThat(NAG).containsKeys(ExampleApp.DATA_STACK, ExampleApp.SERVICE_STACK)
                .allSatisfy((stack, packs) -> assertThat(packs).as(stack).containsOnlyKeys(AssemblyChecks.NAG_PACKS)
                        .allSatisfy((pack, findings) -> assertThat(findings).as(stack + " " + pack).isEmpty()));
    }

    @Test
    void everySuppressionNamesOneRuleAndGivesASpecificReason() {
        List<Map<?, ?>> suppressions = new ArrayList<>();
        TEMPLATES.values().forEach(t -> suppressions.addAll(AssemblyChecks.nagSuppressions(t)));
        assertThat(suppressions).isNotEmpty();
        assertThat(AssemblyChecks.badSuppressions(suppressions)).isEmpty();
    }

    @Test
    void noSecretOrPasswordLiteralInAnyTemplate() {
        TEMPLATES.forEach((stack, template) -> assertThat(SecretLiterals.find(template)).as(stack).isEmpty());
    }

    @Test
    void noIngressOnPort22AndNoIngressFromTheInternetAnywhere() {
        TEMPLATES.forEach((stack, template) -> assertThat(AssemblyChecks.riskyIngress(template)).as(stack).isEmpty());
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
    void databaseAdmitsOnlyTheBastionAndTheRotationLambdas() {
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
        // and the app secret's alternating-users rotation function, which connects as the master user
        String appRotationSg = logicalId(dataStack.getDatabase().getAppRotation().getNode().findChild("SecurityGroup")
                .getNode().getDefaultChild());
        assertThat(sources).hasSize(3).anySatisfy(s -> assertThat(s).contains(bastionSg))
                .anySatisfy(s -> assertThat(s).contains(rotationSg))
                .anySatisfy(s -> assertThat(s).contains(appRotationSg));
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
                DataStack.OUTPUT_DATABASE_NAME, DataStack.OUTPUT_DATABASE_SECRET_ARN, DataStack.OUTPUT_VPC_ID,
                DataStack.OUTPUT_DATABASE_INSTANCE_IDENTIFIER, DataStack.OUTPUT_DATABASE_SECURITY_GROUP_ID)) {
            data.hasOutput(output, Match.objectLike(Map.of("Value", Match.anyValue())));
        }
    }

    @Test
    void noEgressNetworkHasNoInternetGatewayAndOnlyTheEndpointsItsTenantsNeed() {
        data.resourceCountIs("AWS::EC2::NatGateway", 0);
        data.resourceCountIs("AWS::EC2::InternetGateway", 0);
        data.resourceCountIs("AWS::EC2::Route", 0);
        data.resourcePropertiesCountIs("AWS::EC2::Subnet", Map.of("MapPublicIpOnLaunch", true), 0);
        // ECR api + dkr, logs, secretsmanager for tasks and rotation; ssm + ssmmessages for the bastion; states,
        // lambda, cloudformation for the gate's functions in the application tier
        assertThat(dataStack.getNetwork().getInterfaceEndpoints()).containsOnlyKeys("EcrApiEndpoint",
                "EcrDockerEndpoint", "LogsEndpoint", "SecretsManagerEndpoint", "SsmEndpoint", "SsmMessagesEndpoint",
                "StatesEndpoint", "LambdaEndpoint", "CloudformationEndpoint");
        data.resourcePropertiesCountIs("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Interface"), 9);
        data.resourcePropertiesCountIs("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Gateway"), 1);
        data.resourceCountIs("AWS::EC2::FlowLog", 1);
    }

    @Test
    void dataAtRestIsEncryptedWithTheStacksRotatedKey() {
        String key = logicalId(dataStack.getDataKey().getNode().getDefaultChild());
        Map<String, Object> keyRef = Map.of("Fn::GetAtt", List.of(key, "Arn"));
        data.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of("EnableKeyRotation", true)));
        data.hasResourceProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of("KmsKeyId", keyRef)));
        data.resourcePropertiesCountIs("AWS::SecretsManager::Secret", Match.objectLike(Map.of("KmsKeyId", keyRef)), 2);
        data.hasResourceProperties("AWS::RDS::DBInstance", Match.objectLike(Map.of(
                "KmsKeyId", keyRef, "StorageEncrypted", true, "EnablePerformanceInsights", true,
                "PerformanceInsightsKMSKeyId", keyRef, "PerformanceInsightsRetentionPeriod", 7, "MonitoringInterval", 60)));
        data.hasResourceProperties("AWS::Backup::BackupVault", Match.objectLike(Map.of("EncryptionKeyArn", keyRef)));
        assertThat(json(data.findResources("AWS::Backup::BackupSelection")))
                .contains(logicalId(dataStack.getDatabase().getDatabaseInstance().getNode().getDefaultChild()));
        assertThat(json(properties(TEMPLATES.get(ExampleApp.DATA_STACK),
                logicalId(dataStack.getBastion().getInstance().getNode().getDefaultChild())).get("BlockDeviceMappings")))
                .contains(json(keyRef));
        // CloudWatch Logs may use the key for this account's log groups in this region only
        assertThat(json(data.findResources("AWS::KMS::Key"))).contains("logs.", "kms:EncryptionContext:aws:logs:arn",
                ":log-group:*");
    }

    @Test
    void everyAlarmOfTheDataStackSendsToTheEncryptedAlarmTopic() {
        String topic = logicalId(((Topic) dataStack.getAlarmTopic()).getNode().getDefaultChild());
        Map<String, Map<String, Object>> alarms = data.findResources("AWS::CloudWatch::Alarm");
        assertThat(alarms).hasSize(3).allSatisfy((id, alarm) -> assertThat(json(alarm))
                .contains("\"AlarmActions\":[{\"Ref\":\"" + topic + "\"}]"));
        data.hasResourceProperties("AWS::SNS::Topic", Match.objectLike(Map.of("KmsMasterKeyId", Match.anyValue())));
    }

    private static List<Map<?, ?>> ingressResources(Map<String, Object> template) {
        return new ArrayList<>(AssemblyChecks.ingressResources(template).values());
    }

    private static Map<String, Map<?, ?>> resources(Map<String, Object> template) {
        return AssemblyChecks.resources(template);
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
