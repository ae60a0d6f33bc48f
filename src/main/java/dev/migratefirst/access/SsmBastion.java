package dev.migratefirst.access;

import static dev.migratefirst.internal.Validation.check;
import static dev.migratefirst.internal.Validation.range;
import static dev.migratefirst.internal.Validation.required;

import dev.migratefirst.internal.EncryptionKeys;
import dev.migratefirst.network.SubnetDefaults;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ec2.AmazonLinux2023ImageSsmParameterProps;
import software.amazon.awscdk.services.ec2.AmazonLinuxCpuType;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.IMachineImage;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Instance;
import software.amazon.awscdk.services.ec2.InstanceArchitecture;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * An EC2 host in a private tier that people reach only through AWS Systems Manager: no inbound rule, no
 * key pair, no public address, IMDSv2 required, encrypted root volume, a role with
 * {@code AmazonSSMManagedInstanceCore} only, and a PostgreSQL client installed. Grant it a database port
 * with {@link #allowTo(IConnectable)}; open a tunnel with the command of
 * {@link #portForwardingCommand(String, String, Number)} (or {@code bin/db-tunnel}).
 *
 * <pre>{@code
 * SsmBastion bastion = SsmBastion.Builder.create(this, "Bastion")
 *         .vpc(network.getVpc())
 *         .vpcSubnets(network.getApplicationSubnets())
 *         .build();
 * bastion.allowTo(database);
 * }</pre>
 */
public class SsmBastion extends Construct implements IConnectable, IGrantable {

    public static final String DEFAULT_POSTGRES_CLIENT_PACKAGE = "postgresql17";
    public static final int DEFAULT_ROOT_VOLUME_SIZE = 10;
    /** The SSM document that forwards a local port to a host the instance can reach. */
    public static final String PORT_FORWARDING_DOCUMENT = "AWS-StartPortForwardingSessionToRemoteHost";
    /**
     * The interface endpoints the SSM agent needs in a tier without internet: {@code ssm} and {@code ssmmessages}
     * (Session Manager's channels; agents 3.3.40.0 and later also take their commands there). Add them with
     * {@code MigrateFirstVpc#addInterfaceEndpoints}; add {@code EC2_MESSAGES} too only for an older agent.
     */
    public static final List<InterfaceVpcEndpointAwsService> INTERFACE_ENDPOINTS = List.of(
            InterfaceVpcEndpointAwsService.SSM, InterfaceVpcEndpointAwsService.SSM_MESSAGES);
    private static final List<String> IN_VPC_RULES = List.of("NIST.800.53.R5-EC2InstancesInVPC",
            "HIPAA.Security-EC2InstancesInVPC", "PCI.DSS.321-EC2InstancesInVPC");

    private static final Pattern PACKAGE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

    private final Instance instance;
    private final IRole role;
    private final ISecurityGroup securityGroup;
    private final IKey encryptionKey;

    public SsmBastion(Construct scope, String id, SsmBastionProps props) {
        super(scope, id);
        validate(props);
        IVpc vpc = props.getVpc();
        InstanceType instanceType = props.getInstanceType() != null ? props.getInstanceType()
                : InstanceType.of(InstanceClass.BURSTABLE4_GRAVITON, InstanceSize.NANO);
        String clientPackage = props.getPostgresClientPackage() != null ? props.getPostgresClientPackage()
                : DEFAULT_POSTGRES_CLIENT_PACKAGE;

        this.securityGroup = props.getSecurityGroup() != null ? props.getSecurityGroup()
                : SecurityGroup.Builder.create(this, "SecurityGroup")
                        .vpc(vpc)
                        .description("SSM bastion " + getNode().getPath() + ": no inbound, HTTPS out")
                        .allowAllOutbound(false)
                        .build();
        if (props.getSecurityGroup() == null) {
            securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443),
                    "SSM, S3 and package repositories over HTTPS (endpoints or NAT)");
        }

        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .description("SSM bastion " + getNode().getPath() + ": Session Manager only")
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore")))
                .build();

        UserData userData = UserData.forLinux();
        userData.addCommands(
                "set -euo pipefail",
                "for attempt in 1 2 3 4 5; do dnf install -y " + clientPackage + " && break; sleep 20; done",
                "command -v psql");

        this.encryptionKey = EncryptionKeys.orCreate(this, "Key", props.getEncryptionKey(),
                "Encrypts the root volume of the SSM bastion " + getNode().getPath());
        SubnetSelection subnets = props.getVpcSubnets() != null ? props.getVpcSubnets()
                : SubnetDefaults.applicationSubnets(this, vpc, "vpcSubnets");
        this.instance = Instance.Builder.create(this, "Resource")
                .vpc(vpc)
                .vpcSubnets(subnets)
                .instanceType(instanceType)
                .machineImage(props.getMachineImage() != null ? props.getMachineImage()
                        : MachineImage.latestAmazonLinux2023(AmazonLinux2023ImageSsmParameterProps.builder()
                                .cpuType(instanceType.getArchitecture() == InstanceArchitecture.ARM_64
                                        ? AmazonLinuxCpuType.ARM_64 : AmazonLinuxCpuType.X86_64)
                                .build()))
                .securityGroup(securityGroup)
                .role(role)
                .requireImdsv2(true)
                .associatePublicIpAddress(false)
                .detailedMonitoring(true)
                .blockDevices(List.of(BlockDevice.builder()
                        .deviceName("/dev/xvda")
                        .volume(BlockDeviceVolume.ebs(
                                props.getRootVolumeSize() != null ? props.getRootVolumeSize() : DEFAULT_ROOT_VOLUME_SIZE,
                                EbsDeviceOptions.builder()
                                        .encrypted(true)
                                        .kmsKey(encryptionKey)
                                        .volumeType(EbsDeviceVolumeType.GP3)
                                        .deleteOnTermination(true)
                                        .build()))
                        .build()))
                .userData(userData)
                .userDataCausesReplacement(true)
                .build();

        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM4")
                .reason("AmazonSSMManagedInstanceCore is the AWS-maintained minimum for the SSM agent "
                        + "(Session Manager and port forwarding); no other permission is attached.")
                .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore"))
                .build()));
        NagSuppressions.addResourceSuppressions(instance, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-EC29")
                .reason("The bastion is stateless and is replaced whenever a newer AMI or user data lands; "
                        + "termination protection would make those replacements and stack deletion fail.")
                .build()));
        // The instance sits in the VPC: with associatePublicIpAddress(false) CDK gives its subnet in
        // NetworkInterfaces[0].SubnetId, while these rules read only the top-level SubnetId.
        List<NagPackSuppression> inVpc = new java.util.ArrayList<>();
        IN_VPC_RULES.forEach(rule -> inVpc.add(NagPackSuppression.builder().id(rule)
                .reason("The bastion is in the VPC, in the subnet named by "
                        + "NetworkInterfaces[0].SubnetId (next to AssociatePublicIpAddress false); the rule reads only "
                        + "the top-level SubnetId, which CloudFormation forbids next to NetworkInterfaces.")
                .build()));
        NagSuppressions.addResourceSuppressions(instance, inVpc);
    }

    private void validate(SsmBastionProps props) {
        IVpc vpc = required(this, "vpc", props == null ? null : props.getVpc());
        SubnetSelection subnets = props.getVpcSubnets();
        check(subnets == null || (subnets.getSubnetType() != SubnetType.PUBLIC
                && !Boolean.TRUE.equals(vpc.selectSubnets(subnets).getHasPublic())), this, "vpcSubnets",
                "must not select public subnets");
        String pkg = props.getPostgresClientPackage();
        check(pkg == null || PACKAGE_NAME.matcher(pkg).matches(), this, "postgresClientPackage",
                "must be one dnf package name (got '" + pkg + "')");
        range(this, "rootVolumeSize", props.getRootVolumeSize(), 8, 16384, " GiB");
    }

    /**
     * Lets the bastion reach {@code target} on its default port (a database: its PostgreSQL port). Adds the
     * ingress rule on the target and the matching egress rule on the bastion.
     */
    public void allowTo(IConnectable target) {
        target.getConnections().allowDefaultPortFrom(this, "SSM bastion " + getNode().getPath());
    }

    /**
     * The {@code aws ssm start-session} command that forwards {@code localPort} on the caller's machine to
     * {@code remoteHost:remotePort} through this host (tokens resolve at deploy, so it fits a stack output).
     */
    public String portForwardingCommand(String remoteHost, String remotePort, Number localPort) {
        return Fn.join("", List.of(
                "aws ssm start-session --region ", Aws.REGION,
                " --target ", instance.getInstanceId(),
                " --document-name " + PORT_FORWARDING_DOCUMENT,
                " --parameters host=", remoteHost,
                ",portNumber=", remotePort,
                ",localPortNumber=", Token.isUnresolved(localPort) ? Token.asString(localPort) : String.valueOf(localPort)));
    }

    /** The EC2 instance. */
    public Instance getInstance() {
        return instance;
    }

    /** The instance id (the {@code --target} of an SSM session). */
    public String getInstanceId() {
        return instance.getInstanceId();
    }

    /** The instance role. */
    public IRole getRole() {
        return role;
    }

    /** The KMS key of the root volume (given, or created with rotation on). */
    public IKey getEncryptionKey() {
        return encryptionKey;
    }

    /** The security group of the host. */
    public ISecurityGroup getSecurityGroup() {
        return securityGroup;
    }

    @Override
    public Connections getConnections() {
        return instance.getConnections();
    }

    @Override
    public IPrincipal getGrantPrincipal() {
        return role;
    }

    /** Builder in the aws-cdk-lib shape: {@code SsmBastion.Builder.create(scope, id).vpc(vpc).build()}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final SsmBastionProps.Builder props = SsmBastionProps.builder();

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /** @see SsmBastionProps#getVpc() */
        public Builder vpc(IVpc vpc) {
            props.vpc(vpc);
            return this;
        }

        /** @see SsmBastionProps#getVpcSubnets() */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            props.vpcSubnets(vpcSubnets);
            return this;
        }

        /** @see SsmBastionProps#getInstanceType() */
        public Builder instanceType(InstanceType instanceType) {
            props.instanceType(instanceType);
            return this;
        }

        /** @see SsmBastionProps#getMachineImage() */
        public Builder machineImage(IMachineImage machineImage) {
            props.machineImage(machineImage);
            return this;
        }

        /** @see SsmBastionProps#getPostgresClientPackage() */
        public Builder postgresClientPackage(String postgresClientPackage) {
            props.postgresClientPackage(postgresClientPackage);
            return this;
        }

        /** @see SsmBastionProps#getRootVolumeSize() */
        public Builder rootVolumeSize(Number rootVolumeSize) {
            props.rootVolumeSize(rootVolumeSize);
            return this;
        }

        /** @see SsmBastionProps#getSecurityGroup() */
        public Builder securityGroup(ISecurityGroup securityGroup) {
            props.securityGroup(securityGroup);
            return this;
        }

        /** @see SsmBastionProps#getEncryptionKey() */
        public Builder encryptionKey(IKey encryptionKey) {
            props.encryptionKey(encryptionKey);
            return this;
        }

        public SsmBastion build() {
            return new SsmBastion(scope, id, props.build());
        }
    }
}
