package dev.migratefirst.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.internal.ValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.ConnectionsProps;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;

/** A bastion on x86 in a NAT VPC with default subnets, granted to a stand-in database group; one synth. */
class SsmBastionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Template template;

    @BeforeAll
    static void synth() {
        App app = new App();
        Stack stack = new Stack(app, "Access");
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        SsmBastion bastion = SsmBastion.Builder.create(stack, "Bastion")
                .vpc(vpc)
                .instanceType(InstanceType.of(InstanceClass.T3, InstanceSize.NANO))
                .postgresClientPackage("postgresql16")
                .build();
        SecurityGroup database = SecurityGroup.Builder.create(stack, "DatabaseSg").vpc(vpc).allowAllOutbound(false).build();
        Connections databaseConnections = new Connections(ConnectionsProps.builder()
                .securityGroups(List.of(database)).defaultPort(Port.tcp(6543)).build());
        bastion.allowTo(() -> databaseConnections);
        CfnOutput.Builder.create(stack, "Tunnel").value(bastion.portForwardingCommand("db.internal", "6543", 16543)).build();
        template = Template.fromStack(stack);
    }

    @Test
    void runsInPrivateSubnetsWithTheArchitecturesImage() {
        template.hasResourceProperties("AWS::EC2::Instance", Match.objectLike(Map.of(
                "InstanceType", "t3.nano",
                "NetworkInterfaces", List.of(Match.objectLike(Map.of(
                        "AssociatePublicIpAddress", false,
                        "SubnetId", Map.of("Ref", Match.stringLikeRegexp("VpcPrivateSubnet1.*"))))))));
        assertThat(JSON.valueToTree(template.findParameters("*")).toString())
                .contains("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64");
        assertThat(JSON.valueToTree(template.findResources("AWS::EC2::Instance")).toString())
                .contains("dnf install -y postgresql16");
        // the root volume with the bastion's own rotated key (no encryptionKey given); the EC2InstancesInVPC
        // suppressions of the three packs say why the subnet is in NetworkInterfaces
        template.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of("EnableKeyRotation", true)));
        assertThat(JSON.valueToTree(template.findResources("AWS::EC2::Instance")).toString())
                .contains("\"KmsKeyId\":{\"Fn::GetAtt\":[\"BastionKey", "NIST.800.53.R5-EC2InstancesInVPC",
                        "HIPAA.Security-EC2InstancesInVPC", "PCI.DSS.321-EC2InstancesInVPC");
    }

    @Test
    void allowToOpensOnlyTheTargetsDefaultPortFromTheBastion() {
        template.resourceCountIs("AWS::EC2::SecurityGroupIngress", 1);
        template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "FromPort", 6543, "ToPort", 6543, "IpProtocol", "tcp",
                "GroupId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("DatabaseSg.*"), "GroupId")),
                "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("BastionSecurityGroup.*"), "GroupId")),
                "Description", "SSM bastion Access/Bastion"));
        template.hasResourceProperties("AWS::EC2::SecurityGroupEgress", Map.of("FromPort", 6543, "ToPort", 6543));
        template.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
                "GroupDescription", Match.stringLikeRegexp("SSM bastion.*"),
                "SecurityGroupEgress", List.of(Match.objectLike(Map.of("CidrIp", "0.0.0.0/0", "FromPort", 443, "ToPort", 443))),
                "SecurityGroupIngress", Match.absent()));
    }

    @Test
    void portForwardingCommandIsTheExactSsmCommand() {
        String value = JSON.valueToTree(template.findOutputs("Tunnel")).toString();
        assertThat(value).contains("\"aws ssm start-session --region \",{\"Ref\":\"AWS::Region\"},\" --target \"",
                " --document-name AWS-StartPortForwardingSessionToRemoteHost --parameters host=db.internal,portNumber=6543,"
                        + "localPortNumber=16543");
    }

    @Test
    void validationNamesThePropAndThePath() {
        App app = new App();
        Stack stack = new Stack(app, "Bad");
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(0).build();
        assertThatThrownBy(() -> SsmBastion.Builder.create(stack, "Public").vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build()).build())
                .isInstanceOf(ValidationException.class)
                .hasMessage("Bad/Public: vpcSubnets: must not select public subnets");
        assertThatThrownBy(() -> SsmBastion.Builder.create(stack, "Inject").vpc(vpc)
                .postgresClientPackage("postgresql17; curl evil").build())
                .hasMessageStartingWith("Bad/Inject: postgresClientPackage: must be one dnf package name");
        assertThatThrownBy(() -> SsmBastion.Builder.create(stack, "Tiny").vpc(vpc).rootVolumeSize(4).build())
                .hasMessage("Bad/Tiny: rootVolumeSize: must be between 8 and 16384 GiB (got 4)");
        assertThatThrownBy(() -> SsmBastion.Builder.create(stack, "NoVpc").build())
                .hasMessage("Bad/NoVpc: vpc: is required");
    }
}
