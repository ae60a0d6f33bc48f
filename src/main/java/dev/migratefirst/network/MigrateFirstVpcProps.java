package dev.migratefirst.network;

import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
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
     * Whether to add the interface endpoints for ECR (api, dkr), CloudWatch Logs, Secrets Manager and SSM
     * (ssm, ssmmessages, ec2messages). Required (cannot be false) with {@link Egress#NONE}; optional with
     * NAT, where they keep AWS traffic off the NAT gateways.
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

        public MigrateFirstVpcProps build() {
            return new MigrateFirstVpcProps(this);
        }
    }
}
