package dev.migratefirst.network;

import java.util.List;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Properties of a {@link MigrateFirstVpc}: either an existing {@code vpc} (with optional subnet selections)
 * or the shape of a new one, never both.
 */
public final class MigrateFirstVpcProps {
    private final IVpc vpc;
    private final SubnetSelection applicationSubnets;
    private final SubnetSelection databaseSubnets;
    private final Number maxAzs;
    private final String cidr;
    private final Egress egress;
    private final Number natGateways;
    private final Boolean enableInterfaceEndpoints;
    private final Boolean flowLogs;
    private final RetentionDays flowLogRetention;
    private final IKey encryptionKey;
    private final Boolean publicSubnets;
    private final List<InterfaceVpcEndpointAwsService> interfaceEndpoints;
    private final Boolean singleAzEndpoints;

    private MigrateFirstVpcProps(Builder b) {
        this.vpc = b.vpc;
        this.applicationSubnets = b.applicationSubnets;
        this.databaseSubnets = b.databaseSubnets;
        this.maxAzs = b.maxAzs;
        this.cidr = b.cidr;
        this.egress = b.egress;
        this.natGateways = b.natGateways;
        this.enableInterfaceEndpoints = b.enableInterfaceEndpoints;
        this.flowLogs = b.flowLogs;
        this.flowLogRetention = b.flowLogRetention;
        this.encryptionKey = b.encryptionKey;
        this.publicSubnets = b.publicSubnets;
        this.interfaceEndpoints = b.interfaceEndpoints == null ? null : List.copyOf(b.interfaceEndpoints);
        this.singleAzEndpoints = b.singleAzEndpoints;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * An existing VPC to use instead of creating one. Nothing is added to it; the creation props below must
     * then be left unset.
     *
     * @default a new VPC
     */
    public IVpc getVpc() {
        return vpc;
    }

    /**
     * With an existing {@code vpc}: where tasks, the bastion and the rotation Lambda go.
     *
     * @default {@code SubnetDefaults.applicationSubnets}: its "Application" group when it has one, else its
     *     private-with-egress subnets, else its single non-database isolated group (else a synth error naming
     *     this prop); for a new VPC always the "Application" subnet group
     */
    public SubnetSelection getApplicationSubnets() {
        return applicationSubnets;
    }

    /**
     * With an existing {@code vpc}: where the database goes.
     *
     * @default {@code SubnetDefaults.databaseSubnets}: its isolated "Database" group when it has one, else its
     *     isolated subnets, else its private subnets; for a new VPC always the "Database" subnet group
     */
    public SubnetSelection getDatabaseSubnets() {
        return databaseSubnets;
    }

    /**
     * Number of availability zones (2 to 6). An environment-agnostic stack only knows 2.
     *
     * @default 2
     */
    public Number getMaxAzs() {
        return maxAzs;
    }

    /**
     * IPv4 CIDR of the new VPC.
     *
     * @default "10.0.0.0/16"
     */
    public String getCidr() {
        return cidr;
    }

    /**
     * How the application tier reaches AWS and the internet.
     *
     * @default {@link Egress#NAT_GATEWAY}
     */
    public Egress getEgress() {
        return egress;
    }

    /**
     * Number of NAT gateways with {@link Egress#NAT_GATEWAY} (1 to maxAzs; fewer than one per AZ saves cost
     * but makes egress depend on one AZ). Must be unset with {@link Egress#NONE}.
     *
     * @default one per availability zone
     */
    public Number getNatGateways() {
        return natGateways;
    }

    /**
     * Whether to add interface endpoints ({@code interfaceEndpoints}, by default ECR api and dkr, CloudWatch Logs,
     * Secrets Manager). Required (cannot be false) with {@link Egress#NONE}; optional with NAT, where they keep
     * AWS traffic off the NAT gateways.
     *
     * @default true with {@link Egress#NONE}, false with {@link Egress#NAT_GATEWAY}
     */
    public Boolean getEnableInterfaceEndpoints() {
        return enableInterfaceEndpoints;
    }

    /**
     * Whether VPC flow logs (all traffic) go to a CloudWatch Logs group.
     *
     * @default true
     */
    public Boolean getFlowLogs() {
        return flowLogs;
    }

    /**
     * How long flow log records are kept.
     *
     * @default {@code RetentionDays.ONE_YEAR}
     */
    public RetentionDays getFlowLogRetention() {
        return flowLogRetention;
    }

    /**
     * Customer-managed KMS key of the flow log group. Its key policy must let {@code logs.<region>.amazonaws.com}
     * use it for this account's log groups (added automatically to a key of the same app).
     *
     * @default a key created with yearly rotation on, whose policy allows CloudWatch Logs of this account and
     *     region only (the {@code kms:EncryptionContext:aws:logs:arn} condition)
     */
    public IKey getEncryptionKey() {
        return encryptionKey;
    }

    /**
     * Whether a new VPC has a public tier ({@code Public}, with an internet gateway) with {@link Egress#NONE}: set it
     * for a public (internet-facing) load balancer. Always on with {@link Egress#NAT_GATEWAY} (false is an error).
     *
     * @default false with {@link Egress#NONE}: no public subnet, no internet gateway, no route to the internet
     */
    public Boolean getPublicSubnets() {
        return publicSubnets;
    }

    /**
     * The interface endpoints created with the VPC (more later with {@code addInterfaceEndpoint}, idempotent).
     *
     * @default {@code MigrateFirstVpc.TASK_ENDPOINTS} (ECR api and dkr, CloudWatch Logs, Secrets Manager) when
     *     interface endpoints are enabled, none otherwise; SSM endpoints come with the bastion
     *     ({@code SsmBastion.INTERFACE_ENDPOINTS})
     */
    public List<InterfaceVpcEndpointAwsService> getInterfaceEndpoints() {
        return interfaceEndpoints;
    }

    /**
     * Whether interface endpoints get one network interface in the first AZ's application subnet only, instead
     * of one per AZ: half the endpoint price with two AZs, but AWS API calls from the other AZ cross AZs and fail
     * while that AZ is down. For non-production.
     *
     * @default false: one per AZ of the application tier
     */
    public Boolean getSingleAzEndpoints() {
        return singleAzEndpoints;
    }

    /** Builder of {@link MigrateFirstVpcProps}. */
    public static final class Builder {
        private IVpc vpc;
        private SubnetSelection applicationSubnets;
        private SubnetSelection databaseSubnets;
        private Number maxAzs;
        private String cidr;
        private Egress egress;
        private Number natGateways;
        private Boolean enableInterfaceEndpoints;
        private Boolean flowLogs;
        private RetentionDays flowLogRetention;
        private IKey encryptionKey;
        private Boolean publicSubnets;
        private List<InterfaceVpcEndpointAwsService> interfaceEndpoints;
        private Boolean singleAzEndpoints;

        /** @see MigrateFirstVpcProps#getVpc() */
        public Builder vpc(IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /** @see MigrateFirstVpcProps#getApplicationSubnets() */
        public Builder applicationSubnets(SubnetSelection applicationSubnets) {
            this.applicationSubnets = applicationSubnets;
            return this;
        }

        /** @see MigrateFirstVpcProps#getDatabaseSubnets() */
        public Builder databaseSubnets(SubnetSelection databaseSubnets) {
            this.databaseSubnets = databaseSubnets;
            return this;
        }

        /** @see MigrateFirstVpcProps#getMaxAzs() */
        public Builder maxAzs(Number maxAzs) {
            this.maxAzs = maxAzs;
            return this;
        }

        /** @see MigrateFirstVpcProps#getCidr() */
        public Builder cidr(String cidr) {
            this.cidr = cidr;
            return this;
        }

        /** @see MigrateFirstVpcProps#getEgress() */
        public Builder egress(Egress egress) {
            this.egress = egress;
            return this;
        }

        /** @see MigrateFirstVpcProps#getNatGateways() */
        public Builder natGateways(Number natGateways) {
            this.natGateways = natGateways;
            return this;
        }

        /** @see MigrateFirstVpcProps#getEnableInterfaceEndpoints() */
        public Builder enableInterfaceEndpoints(Boolean enableInterfaceEndpoints) {
            this.enableInterfaceEndpoints = enableInterfaceEndpoints;
            return this;
        }

        /** @see MigrateFirstVpcProps#getFlowLogs() */
        public Builder flowLogs(Boolean flowLogs) {
            this.flowLogs = flowLogs;
            return this;
        }

        /** @see MigrateFirstVpcProps#getFlowLogRetention() */
        public Builder flowLogRetention(RetentionDays flowLogRetention) {
            this.flowLogRetention = flowLogRetention;
            return this;
        }

        /** @see MigrateFirstVpcProps#getEncryptionKey() */
        public Builder encryptionKey(IKey encryptionKey) {
            this.encryptionKey = encryptionKey;
            return this;
        }

        /** @see MigrateFirstVpcProps#getPublicSubnets() */
        public Builder publicSubnets(Boolean publicSubnets) {
            this.publicSubnets = publicSubnets;
            return this;
        }

        /** @see MigrateFirstVpcProps#getInterfaceEndpoints() */
        public Builder interfaceEndpoints(List<InterfaceVpcEndpointAwsService> interfaceEndpoints) {
            this.interfaceEndpoints = interfaceEndpoints;
            return this;
        }

        /** @see MigrateFirstVpcProps#getSingleAzEndpoints() */
        public Builder singleAzEndpoints(Boolean singleAzEndpoints) {
            this.singleAzEndpoints = singleAzEndpoints;
            return this;
        }

        public MigrateFirstVpcProps build() {
            return new MigrateFirstVpcProps(this);
        }
    }
}
