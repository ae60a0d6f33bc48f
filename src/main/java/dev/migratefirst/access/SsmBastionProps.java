package dev.migratefirst.access;

import software.amazon.awscdk.services.ec2.IMachineImage;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.kms.IKey;

/** Properties of an {@link SsmBastion}. Only {@code vpc} is required. */
public final class SsmBastionProps {
    private final IVpc vpc;
    private final SubnetSelection vpcSubnets;
    private final InstanceType instanceType;
    private final IMachineImage machineImage;
    private final String postgresClientPackage;
    private final Number rootVolumeSize;
    private final ISecurityGroup securityGroup;
    private final IKey encryptionKey;

    private SsmBastionProps(Builder b) {
        this.vpc = b.vpc;
        this.vpcSubnets = b.vpcSubnets;
        this.instanceType = b.instanceType;
        this.machineImage = b.machineImage;
        this.postgresClientPackage = b.postgresClientPackage;
        this.rootVolumeSize = b.rootVolumeSize;
        this.securityGroup = b.securityGroup;
        this.encryptionKey = b.encryptionKey;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The VPC of the host. Required. */
    public IVpc getVpc() {
        return vpc;
    }

    /**
     * Where the host runs: a private tier that reaches SSM (through NAT or the ssm, ssmmessages and
     * ec2messages interface endpoints) and S3 (package repositories). Never public.
     *
     * @default the application tier ({@code SubnetDefaults.applicationSubnets}): the group {@code Application}
     *     when the VPC has one, else its private subnets with egress, else its single non-database isolated group
     */
    public SubnetSelection getVpcSubnets() {
        return vpcSubnets;
    }

    /**
     * Instance type.
     *
     * @default {@code t4g.nano} (Graviton; tunnels need next to nothing)
     */
    public InstanceType getInstanceType() {
        return instanceType;
    }

    /**
     * Machine image; must have the SSM agent and {@code dnf}.
     *
     * @default the latest Amazon Linux 2023 for the instance type's architecture, read from the public SSM
     *     parameter at deploy time (a newer AMI replaces the host on the next deploy)
     */
    public IMachineImage getMachineImage() {
        return machineImage;
    }

    /**
     * The dnf package of the PostgreSQL client installed by user data.
     *
     * @default "postgresql17" (same major as the database default)
     */
    public String getPostgresClientPackage() {
        return postgresClientPackage;
    }

    /**
     * Size of the encrypted gp3 root volume in GiB (at least the AMI's 8).
     *
     * @default 10
     */
    public Number getRootVolumeSize() {
        return rootVolumeSize;
    }

    /**
     * Security group of the host.
     *
     * @default a new group with no inbound rule and outbound HTTPS only (plus what {@code allowTo} adds)
     */
    public ISecurityGroup getSecurityGroup() {
        return securityGroup;
    }

    /**
     * Customer-managed KMS key of the root volume (EC2 uses it on the caller's behalf through IAM, so the key
     * policy must let the account's IAM policies grant it, as a key's default policy does).
     *
     * @default a key created with yearly rotation on
     */
    public IKey getEncryptionKey() {
        return encryptionKey;
    }

    /** Builder of {@link SsmBastionProps}. */
    public static final class Builder {
        private IVpc vpc;
        private SubnetSelection vpcSubnets;
        private InstanceType instanceType;
        private IMachineImage machineImage;
        private String postgresClientPackage;
        private Number rootVolumeSize;
        private ISecurityGroup securityGroup;
        private IKey encryptionKey;

        /** @see SsmBastionProps#getVpc() */
        public Builder vpc(IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /** @see SsmBastionProps#getVpcSubnets() */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            this.vpcSubnets = vpcSubnets;
            return this;
        }

        /** @see SsmBastionProps#getInstanceType() */
        public Builder instanceType(InstanceType instanceType) {
            this.instanceType = instanceType;
            return this;
        }

        /** @see SsmBastionProps#getMachineImage() */
        public Builder machineImage(IMachineImage machineImage) {
            this.machineImage = machineImage;
            return this;
        }

        /** @see SsmBastionProps#getPostgresClientPackage() */
        public Builder postgresClientPackage(String postgresClientPackage) {
            this.postgresClientPackage = postgresClientPackage;
            return this;
        }

        /** @see SsmBastionProps#getRootVolumeSize() */
        public Builder rootVolumeSize(Number rootVolumeSize) {
            this.rootVolumeSize = rootVolumeSize;
            return this;
        }

        /** @see SsmBastionProps#getSecurityGroup() */
        public Builder securityGroup(ISecurityGroup securityGroup) {
            this.securityGroup = securityGroup;
            return this;
        }

        /** @see SsmBastionProps#getEncryptionKey() */
        public Builder encryptionKey(IKey encryptionKey) {
            this.encryptionKey = encryptionKey;
            return this;
        }

        public SsmBastionProps build() {
            return new SsmBastionProps(this);
        }
    }
}
