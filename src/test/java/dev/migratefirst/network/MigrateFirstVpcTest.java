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
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;

/**
 * Three stacks of one app, synthesized once: egress NONE (with a database), NAT without flow logs, an
 * existing VPC.
 */
class MigrateFirstVpcTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Template none;
    private static Template nat;
    private static Template existing;
    private static MigrateFirstVpc wrapped;
    private static MigrateFirstVpc isolated;

    @BeforeAll
    static void synth() {
        App app = new App();
        Stack noneStack = new Stack(app, "NoEgress");
        isolated = MigrateFirstVpc.Builder.create(noneStack, "Network").egress(Egress.NONE).build();
        // No rotationSubnets: the rotation Lambda goes to the application tier (never the database tier) and
        // reaches Secrets Manager through the interface endpoint.
        PostgresDatabase.Builder.create(noneStack, "Database").vpc(isolated.getVpc())
                .vpcSubnets(isolated.getDatabaseSubnets()).build();
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
        none = Template.fromStack(noneStack);
        nat = Template.fromStack(natStack);
        existing = Template.fromStack(existingStack);
    }

    @Test
    void egressNoneHasNoNatAndNoInternetRouteFromPrivateTiers() {
        none.resourceCountIs("AWS::EC2::NatGateway", 0);
        assertThat(json(none.findResources("AWS::EC2::Route"))).doesNotContain("NatGatewayId");
        // Only the public tier's two route tables have a default route (to the internet gateway).
        none.resourceCountIs("AWS::EC2::Route", 2);
        assertThat(json(none.findResources("AWS::EC2::Route"))).doesNotContain("Application", "Database");
    }

    @Test
    void egressNoneAddsTheEndpointsFargateRotationAndSsmNeed() {
        List<String> interfaceServices = none.findResources("AWS::EC2::VPCEndpoint",
                        Map.of("Properties", Match.objectLike(Map.of("VpcEndpointType", "Interface")))).values().stream()
                .map(r -> json(((Map<?, ?>) r.get("Properties")).get("ServiceName")))
                .map(s -> s.replaceAll(".*\\{\"Ref\":\"AWS::Region\"}(,\")?", "").replaceAll("[\"\\]}]", ""))
                .sorted()
                .collect(Collectors.toList());
        assertThat(interfaceServices).containsExactly(
                ".ec2messages", ".ecr.api", ".ecr.dkr", ".logs", ".secretsmanager", ".ssm", ".ssmmessages");
        none.resourcePropertiesCountIs("AWS::EC2::VPCEndpoint",
                Map.of("VpcEndpointType", "Interface", "PrivateDnsEnabled", true), 7);
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
        none.resourceCountIs("AWS::EC2::Subnet", 6);
        assertThat(subnetTypes(none)).containsEntry("Public", "Public")
                .containsEntry("Application", "Isolated").containsEntry("Database", "Isolated");
        assertThat(subnetTypes(nat)).containsEntry("Application", "Private").containsEntry("Database", "Isolated");
        none.resourcePropertiesCountIs("AWS::EC2::Subnet", Map.of("MapPublicIpOnLaunch", true), 0);
    }

    @Test
    void flowLogsAreOnByDefaultForAllTraffic() {
        none.hasResourceProperties("AWS::EC2::FlowLog", Map.of(
                "ResourceType", "VPC", "TrafficType", "ALL", "LogDestinationType", "cloud-watch-logs"));
        none.hasResource("AWS::Logs::LogGroup", Map.of(
                "Properties", Map.of("RetentionInDays", 365), "DeletionPolicy", "Retain"));
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
