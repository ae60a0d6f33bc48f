package dev.migratefirst.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.internal.ValidationException;
import dev.migratefirst.network.MigrateFirstVpc;
import dev.migratefirst.testsupport.AssemblyChecks;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.ConnectionsProps;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;

/**
 * A Client VPN to a stand-in database group (port 5432) in a {@code MigrateFirstVpc}: mutual TLS, split tunnel,
 * authorization to the database subnets only, the database port only, connection logs; one synth with cdk-nag's
 * AwsSolutions checks.
 */
class ClientVpnTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVER = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
    private static final String CLIENT_ROOT = "arn:aws:acm:eu-west-1:123456789012:certificate/66666666-7777-8888-9999-000000000000";
    private static Template template;
    private static Map<String, List<String>> nagFindings;

    @BeforeAll
    static void synth() {
        App app = new App();
        Stack stack = new Stack(app, "Vpn");
        MigrateFirstVpc network = MigrateFirstVpc.Builder.create(stack, "Network").build();
        ClientVpn.Builder.create(stack, "Vpn")
                .vpc(network.getVpc())
                .database(database(stack, network.getVpc()))
                .databaseSubnets(network.getDatabaseSubnets())
                .serverCertificateArn(SERVER)
                .clientRootCertificateArn(CLIENT_ROOT)
                .build();
        Aspects.of(app).add(new AwsSolutionsChecks());
        CloudAssembly assembly = app.synth();
        template = Template.fromJSON(AssemblyChecks.templates(assembly).get("Vpn"));
        nagFindings = AssemblyChecks.errorsAndNagWarnings(assembly);
    }

    private static IConnectable database(Stack stack, software.amazon.awscdk.services.ec2.IVpc vpc) {
        SecurityGroup group = SecurityGroup.Builder.create(stack, "DatabaseSg").vpc(vpc).allowAllOutbound(false).build();
        Connections connections = new Connections(ConnectionsProps.builder()
                .securityGroups(List.of(group)).defaultPort(Port.tcp(5432)).build());
        return () -> connections;
    }

    @Test
    void mutualTlsWithTheGivenAcmCertificatesSplitTunnelAndConnectionLogs() {
        template.hasResourceProperties("AWS::EC2::ClientVpnEndpoint", Match.objectLike(Map.of(
                "ServerCertificateArn", SERVER,
                "AuthenticationOptions", List.of(Map.of("Type", "certificate-authentication",
                        "MutualAuthentication", Map.of("ClientRootCertificateChainArn", CLIENT_ROOT))),
                "SplitTunnel", true,
                "ClientCidrBlock", "10.250.0.0/22",
                "ConnectionLogOptions", Map.of("Enabled", true,
                        "CloudwatchLogGroup", Map.of("Ref", Match.stringLikeRegexp("VpnConnectionLogs.*"))))));
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 365,
                "KmsKeyId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("VpnKey.*"), "Arn"))));
        assertThat(JSON.valueToTree(template.findResources("AWS::KMS::Key")).toString())
                .contains("kms:EncryptionContext:aws:logs:arn");
    }

    @Test
    void authorizesOnlyTheDatabaseSubnetsCidrs() {
        List<String> databaseCidrs = new ArrayList<>();
        template.findResources("AWS::EC2::Subnet").forEach((id, subnet) -> {
            if (id.contains("Database")) {
                databaseCidrs.add(JSON.valueToTree(subnet).at("/Properties/CidrBlock").asText());
            }
        });
        assertThat(databaseCidrs).hasSize(2);
        List<String> authorized = new ArrayList<>();
        template.findResources("AWS::EC2::ClientVpnAuthorizationRule").values().forEach(rule -> {
            JsonNode p = JSON.valueToTree(rule).get("Properties");
            assertThat(p.get("AuthorizeAllGroups").asBoolean()).isTrue();
            authorized.add(p.get("TargetNetworkCidr").asText());
        });
        assertThat(authorized).containsExactlyInAnyOrderElementsOf(databaseCidrs);
    }

    @Test
    void associatesWithTheApplicationSubnetsNeverPublicOnes() {
        Map<String, Map<String, Object>> associations = template.findResources("AWS::EC2::ClientVpnTargetNetworkAssociation");
        assertThat(associations).hasSize(2);
        assertThat(JSON.valueToTree(associations).toString()).contains("NetworkApplicationSubnet")
                .doesNotContain("Public").doesNotContain("NetworkDatabaseSubnet");
    }

    @Test
    void itsSecurityGroupReachesOnlyTheDatabasePort() {
        template.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
                "GroupDescription", Match.stringLikeRegexp("Client VPN Vpn/Vpn.*"),
                "SecurityGroupEgress", Match.absent(),
                "SecurityGroupIngress", Match.absent()));
        template.resourceCountIs("AWS::EC2::SecurityGroupEgress", 1);
        template.hasResourceProperties("AWS::EC2::SecurityGroupEgress", Map.of(
                "FromPort", 5432, "ToPort", 5432, "IpProtocol", "tcp",
                "GroupId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("VpnSecurityGroup.*"), "GroupId")),
                "DestinationSecurityGroupId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("DatabaseSg.*"), "GroupId"))));
        template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "FromPort", 5432, "ToPort", 5432,
                "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("VpnSecurityGroup.*"), "GroupId"))));
    }

    @Test
    void isCleanUnderCdkNag() {
        assertThat(nagFindings.get("Vpn")).noneMatch(finding -> finding.startsWith("/Vpn/Vpn/"));
        assertThat(AssemblyChecks.badSuppressions(AssemblyChecks.nagSuppressions(template.toJSON()))).isEmpty();
    }

    @Test
    void onADefaultVpcTheDatabaseSubnetsAreThePrivateOnes() {
        App app = new App();
        Stack stack = new Stack(app, "Default");
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        ClientVpn vpn = ClientVpn.Builder.create(stack, "Vpn").vpc(vpc).database(database(stack, vpc))
                .serverCertificateArn(SERVER).clientRootCertificateArn(CLIENT_ROOT).build();
        assertThat(vpn.getAuthorizedCidrs()).containsExactlyElementsOf(
                vpc.getPrivateSubnets().stream().map(s -> s.getIpv4CidrBlock()).toList());
    }

    @Test
    void validationNamesThePropAndThePath() {
        App app = new App();
        Stack stack = new Stack(app, "Bad");
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(0).build();
        IConnectable db = database(stack, vpc);
        assertThatThrownBy(() -> ClientVpn.Builder.create(stack, "NoDb").vpc(vpc).build())
                .isInstanceOf(ValidationException.class).hasMessage("Bad/NoDb: database: is required");
        assertThatThrownBy(() -> ClientVpn.Builder.create(stack, "NoCert").vpc(vpc).database(db).build())
                .hasMessage("Bad/NoCert: serverCertificateArn: is required");
        assertThatThrownBy(() -> ClientVpn.Builder.create(stack, "Iam").vpc(vpc).database(db)
                .serverCertificateArn("arn:aws:iam::123456789012:server-certificate/x").clientRootCertificateArn(CLIENT_ROOT).build())
                .hasMessageStartingWith("Bad/Iam: serverCertificateArn: must be the ARN of an ACM certificate");
        assertThatThrownBy(() -> ClientVpn.Builder.create(stack, "Wide").vpc(vpc).database(db)
                .serverCertificateArn(SERVER).clientRootCertificateArn(CLIENT_ROOT).clientCidr("10.0.0.0/24").build())
                .hasMessage("Bad/Wide: clientCidr: must be an IPv4 CIDR between /12 and /22 (got '10.0.0.0/24')");
    }
}
