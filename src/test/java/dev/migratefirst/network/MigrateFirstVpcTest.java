package dev.migratefirst.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.database.PostgresDatabase;
import dev.migratefirst.internal.ValidationException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnWaitConditionHandle;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.kms.Key;

/**
 * Four stacks of one app, synthesized once: egress NONE (with a database and the bastion's endpoints), NAT
 * without flow logs, an existing VPC, egress NONE with a public tier, the team's key and one-AZ endpoints.
 */
class MigrateFirstVpcTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Template none;
    private static Template nat;
    private static Template existing;
    private static MigrateFirstVpc wrapped;
    private static MigrateFirstVpc isolated;
    private static Template publicTier;
    private static InterfaceVpcEndpoint firstStates;
    private static InterfaceVpcEndpoint secondStates;

    @BeforeAll
    static void synth() {
        App app = new App();
        Stack noneStack = new Stack(app, "NoEgress");
        isolated = MigrateFirstVpc.Builder.create(noneStack, "Network").egress(Egress.NONE).build();
        // No rotationSubnets: the rotation Lambda goes to the application tier (never the database tier) and
        // reaches Secrets Manager through the interface endpoint.
        PostgresDatabase.Builder.create(noneStack, "Database").vpc(isolated.getVpc())
                .vpcSubnets(isolated.getDatabaseSubnets()).build();
        isolated.addInterfaceEndpoints(List.of(InterfaceVpcEndpointAwsService.SSM, InterfaceVpcEndpointAwsService.SSM_MESSAGES));
        isolated.addInterfaceEndpoint(InterfaceVpcEndpointAwsService.SSM);
        Stack natStack = new Stack(app, "Nat");
        MigrateFirstVpc.Builder.create(natStack, "Network").natGateways(1).flowLogs(false).cidr("10.20.0.0/16").build();
        Stack existingStack = new Stack(app, "Existing");
        wrapped = MigrateFirstVpc.Builder.create(existingStack, "Network")
                .vpc(Vpc.fromVpcAttributes(existingStack, "Imported", VpcAttributes.builder()
                        .vpcId("vpc-0123456789abcdef0")
                        .availabilityZones(List.of("eu-west-1a", "eu-west-1b"))
                        .privateSubnetIds(List.of("subnet-0a", "subnet-0b"))
                        .isolatedSubnetIds(List.of("subnet-1a", "subnet-1b"))
                        .build()))
                .build();
        new CfnWaitConditionHandle(existingStack, "Placeholder"); // a stack must have one resource
        Stack publicStack = new Stack(app, "PublicTier");
        MigrateFirstVpc withPublic = MigrateFirstVpc.Builder.create(publicStack, "Network").egress(Egress.NONE)
                .publicSubnets(true).singleAzEndpoints(true)
                .encryptionKey(Key.Builder.create(publicStack, "TeamKey").enableKeyRotation(true).build())
                .build();
        firstStates = withPublic.addInterfaceEndpoint(InterfaceVpcEndpointAwsService.STEP_FUNCTIONS);
        secondStates = withPublic.addInterfaceEndpoint(InterfaceVpcEndpointAwsService.STEP_FUNCTIONS);
        none = Template.fromStack(noneStack);
        publicTier = Template.fromStack(publicStack);
        nat = Template.fromStack(natStack);
        existing = Template.fromStack(existingStack);
    }

    @Test
    void egressNoneHasNoNatNoInternetGatewayAndNoRouteAtAll() {
        none.resourceCountIs("AWS::EC2::NatGateway", 0);
        none.resourceCountIs("AWS::EC2::InternetGateway", 0);
        none.resourceCountIs("AWS::EC2::Route", 0);
        assertThat(isolated.getPublicSubnets()).isNull();
    }

    @Test
    void aPublicTierIsOneProptAwayAndOnlyItsRoutesGoToTheInternetGatewayWithTheSuppressionSaid() {
        publicTier.resourceCountIs("AWS::EC2::InternetGateway", 1);
        publicTier.resourceCountIs("AWS::EC2::NatGateway", 0);
        Map<String, Map<String, Object>> routes = publicTier.findResources("AWS::EC2::Route");
        assertThat(routes).hasSize(2).allSatisfy((id, route) -> {
            assertThat(id).startsWith("NetworkPublicSubnet");
            assertThat(json(route)).contains("NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW",
                    "HIPAA.Security-VPCNoUnrestrictedRouteToIGW", "PCI.DSS.321-VPCNoUnrestrictedRouteToIGW",
                    "publicSubnets(true) was set for a public load balancer");
        });
        assertThat(json(nat.findResources("AWS::EC2::Route"))).contains("Egress NAT_GATEWAY: the NAT gateways");
    }

    @Test
    void addInterfaceEndpointIsIdempotentAndSingleAzEndpointsUseOneSubnet() {
        assertThat(secondStates).isSameAs(firstStates);
        publicTier.resourcePropertiesCountIs("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Interface"), 5);
        publicTier.findResources("AWS::EC2::VPCEndpoint", Map.of("Properties",
                        Match.objectLike(Map.of("VpcEndpointType", "Interface"))))
                .forEach((id, e) -> assertThat(json(((Map<?, ?>) e.get("Properties")).get("SubnetIds")))
                        .as(id).matches("\\[\\{\"Ref\":\"NetworkApplicationSubnet1Subnet[0-9A-F]{8}\"}]"));
        assertThat(json(publicTier.findResources("AWS::EC2::VPCEndpoint"))).contains(".states");
        assertThat(publicTier.findResources("AWS::EC2::VPCEndpoint").keySet())
                .anySatisfy(id -> assertThat(id).startsWith("NetworkStatesEndpoint"));
    }

    @Test
    void egressNoneAddsTheEndpointsFargateRotationAndSsmNeed() {
        List<String> interfaceServices = none.findResources("AWS::EC2::VPCEndpoint",
                        Map.of("Properties", Match.objectLike(Map.of("VpcEndpointType", "Interface")))).values().stream()
                .map(r -> json(((Map<?, ?>) r.get("Properties")).get("ServiceName")))
                .map(s -> s.replaceAll(".*\\{\"Ref\":\"AWS::Region\"}(,\")?", "").replaceAll("[\"\\]}]", ""))
                .sorted()
                .collect(Collectors.toList());
        // the task endpoints by default, ssm and ssmmessages added for a bastion (once, though asked twice)
        assertThat(interfaceServices).containsExactly(
                ".ecr.api", ".ecr.dkr", ".logs", ".secretsmanager", ".ssm", ".ssmmessages");
        none.resourcePropertiesCountIs("AWS::EC2::VPCEndpoint",
                Map.of("VpcEndpointType", "Interface", "PrivateDnsEnabled", true), 6);
        none.findResources("AWS::EC2::VPCEndpoint", Map.of("Properties",
                        Match.objectLike(Map.of("VpcEndpointType", "Interface"))))
                .forEach((id, e) -> assertThat((List<?>) ((Map<?, ?>) e.get("Properties")).get("SubnetIds")).as(id).hasSize(2));
        none.resourcePropertiesCountIs("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Gateway"), 1);
        assertThat(isolated.getSecretsManagerEndpoint()).isNotNull();
    }

    @Test
    void rotationWorksWithoutNatThroughTheSecretsManagerEndpoint() {
        String rotation = json(none.findResources("AWS::Serverless::Application"));
        assertThat(rotation).contains("NetworkApplicationSubnet1", "NetworkApplicationSubnet2", "https://secretsmanager.")
                .doesNotContain("NetworkDatabaseSubnet");
        assertThat(json(none.findResources("AWS::EC2::VPCEndpoint"))).contains(".secretsmanager");
    }

    @Test
    void endpointSecurityGroupAdmitsHttpsFromTheVpcOnly() {
        none.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
                "GroupDescription", Match.stringLikeRegexp("Interface endpoints.*"),
                "SecurityGroupIngress", List.of(Map.of(
                        "CidrIp", "10.0.0.0/16", "FromPort", 443, "ToPort", 443, "IpProtocol", "tcp",
                        "Description", "HTTPS to AWS APIs from inside the VPC"))));
    }

    @Test
    void threeTiersOverTwoAzsAndTheApplicationTierIsIsolatedWithoutNat() {
        none.resourceCountIs("AWS::EC2::Subnet", 4);
        assertThat(subnetTypes(none)).doesNotContainKey("Public")
                .containsEntry("Application", "Isolated").containsEntry("Database", "Isolated");
        publicTier.resourceCountIs("AWS::EC2::Subnet", 6);
        assertThat(subnetTypes(publicTier)).containsEntry("Public", "Public");
        assertThat(subnetTypes(nat)).containsEntry("Application", "Private").containsEntry("Database", "Isolated");
        none.resourcePropertiesCountIs("AWS::EC2::Subnet", Map.of("MapPublicIpOnLaunch", true), 0);
    }

    @Test
    void flowLogsAreOnByDefaultForAllTraffic() {
        none.hasResourceProperties("AWS::EC2::FlowLog", Map.of(
                "ResourceType", "VPC", "TrafficType", "ALL", "LogDestinationType", "cloud-watch-logs"));
        none.hasResource("AWS::Logs::LogGroup", Map.of("Properties", Map.of("RetentionInDays", 365,
                "KmsKeyId", Match.anyValue()), "DeletionPolicy", "Retain"));
        assertThat(json(none.findResources("AWS::Logs::LogGroup"))).contains("\"Fn::GetAtt\":[\"NetworkKey");
        none.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of("EnableKeyRotation", true,
                "KeyPolicy", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Sid", "CloudWatchLogsOfThisAccount",
                        "Condition", Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn", Match.anyValue())))))))))));
        // the team's key instead of a created one
        publicTier.resourceCountIs("AWS::KMS::Key", 1);
        assertThat(json(publicTier.findResources("AWS::Logs::LogGroup"))).contains("\"Fn::GetAtt\":[\"TeamKey");
        // the documented flow-log permissions in a customer managed policy, no inline policy
        none.resourceCountIs("AWS::IAM::Policy", 0);
        none.hasResourceProperties("AWS::IAM::ManagedPolicy", Match.objectLike(Map.of("PolicyDocument", Map.of(
                "Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow",
                        "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"),
                        "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("NetworkFlowLogGroup.*"), "Arn"))))))));
    }

    @Test
    void natEgressUsesTheGivenNatCountAndOptsOutOfFlowLogs() {
        nat.resourceCountIs("AWS::EC2::NatGateway", 1);
        nat.resourceCountIs("AWS::EC2::FlowLog", 0);
        nat.resourcePropertiesCountIs("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Interface"), 0);
        nat.resourcePropertiesCountIs("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Gateway"), 1);
        nat.hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", "10.20.0.0/16"));
    }

    @Test
    void existingVpcIsWrappedWithoutAddingAnything() {
        assertThat(String.valueOf(((Map<?, ?>) existing.toJSON().get("Resources")).keySet())).isEqualTo("[Placeholder]");
        assertThat(wrapped.getEgress()).isNull();
        assertThat(wrapped.getApplicationSubnets().getSubnetType()).isEqualTo(SubnetType.PRIVATE_WITH_EGRESS);
        assertThat(wrapped.getDatabaseSubnets().getSubnetType()).isEqualTo(SubnetType.PRIVATE_ISOLATED);
        assertThat(wrapped.getVpc().selectSubnets(wrapped.getDatabaseSubnets()).getSubnetIds())
                .containsExactly("subnet-1a", "subnet-1b");
        assertThat(wrapped.getInterfaceEndpoints()).isEmpty();
    }

    @Test
    void invalidCombinationsNameThePropsAndThePath() {
        App app = new App();
        Stack stack = new Stack(app, "Bad");
        Vpc other = Vpc.Builder.create(stack, "Other").maxAzs(2).natGateways(0).build();
        assertThatThrownBy(() -> MigrateFirstVpc.Builder.create(stack, "Both").vpc(other).egress(Egress.NONE)
                .maxAzs(3).build())
                .isInstanceOf(ValidationException.class)
                .hasMessage("Bad/Both: vpc: give either vpc or the props of a new VPC, not both "
                        + "(also set: maxAzs, egress)");
        assertThatThrownBy(() -> MigrateFirstVpc.Builder.create(stack, "NatNone").egress(Egress.NONE).natGateways(1).build())
                .hasMessage("Bad/NatNone: natGateways: must not be set with egress NONE");
        assertThatThrownBy(() -> MigrateFirstVpc.Builder.create(stack, "OneAz").maxAzs(1).build())
                .hasMessage("Bad/OneAz: maxAzs: must be between 2 and 6 (RDS needs two AZs) (got 1)");
        assertThatThrownBy(() -> MigrateFirstVpc.Builder.create(stack, "TooManyNat").natGateways(3).build())
                .hasMessageStartingWith("Bad/TooManyNat: natGateways: must be between 1 and maxAzs (2)");
        assertThatThrownBy(() -> MigrateFirstVpc.Builder.create(stack, "Blind").egress(Egress.NONE)
                .enableInterfaceEndpoints(false).build())
                .hasMessageStartingWith("Bad/Blind: enableInterfaceEndpoints: must not be false with egress NONE");
        assertThatThrownBy(() -> MigrateFirstVpc.Builder.create(stack, "Cidr").cidr("10.0.0.0/24").build())
                .hasMessageStartingWith("Bad/Cidr: cidr: must be an IPv4 block from /16 to /18");
        assertThatThrownBy(() -> MigrateFirstVpc.Builder.create(stack, "NatPrivate").publicSubnets(false).build())
                .hasMessage("Bad/NatPrivate: publicSubnets: cannot be false with egress NAT_GATEWAY "
                        + "(the NAT gateways live in the public tier)");
        assertThatThrownBy(() -> wrapped.addInterfaceEndpoint(InterfaceVpcEndpointAwsService.STEP_FUNCTIONS))
                .hasMessage("Existing/Network: addInterfaceEndpoint: adds nothing to an existing VPC: add the "
                        + "endpoint of states to that VPC yourself");
    }

    private static Map<String, String> subnetTypes(Template template) {
        return template.findResources("AWS::EC2::Subnet").values().stream()
                .map(r -> (List<?>) ((Map<?, ?>) r.get("Properties")).get("Tags"))
                .map(tags -> tags.stream().map(t -> (Map<?, ?>) t)
                        .collect(Collectors.toMap(t -> String.valueOf(t.get("Key")), t -> String.valueOf(t.get("Value")))))
                .collect(Collectors.toMap(t -> t.get("aws-cdk:subnet-name"), t -> t.get("aws-cdk:subnet-type"), (a, b) -> a));
    }

    private static String json(Object value) {
        return JSON.valueToTree(value).toString();
    }
}
