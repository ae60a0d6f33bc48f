package dev.migratefirst.app;

import dev.migratefirst.network.Egress;
import software.amazon.awscdk.StackProps;

/** Properties of the example {@link DataStack}. All optional. */
public final class DataStackProps {
    private final StackProps stackProps;
    private final Egress egress;
    private final Number tunnelLocalPort;
    private final Boolean multiAz;
    private final Boolean singleAzEndpoints;
    private final Boolean bastion;
    private final Boolean legacySsmAgent;

    private DataStackProps(Builder b) {
        this.stackProps = b.stackProps;
        this.egress = b.egress;
        this.tunnelLocalPort = b.tunnelLocalPort;
        this.multiAz = b.multiAz;
        this.singleAzEndpoints = b.singleAzEndpoints;
        this.bastion = b.bastion;
        this.legacySsmAgent = b.legacySsmAgent;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The usual stack properties (description, env, tags, termination protection).
     *
     * @default an environment-agnostic stack with termination protection off
     */
    public StackProps getStackProps() {
        return stackProps;
    }

    /**
     * Egress of the network.
     *
     * @default {@link Egress#NONE}: no internet route; tasks, rotation and the bastion use VPC endpoints
     */
    public Egress getEgress() {
        return egress;
    }

    /**
     * The local port in the tunnel command output ({@code bin/db-tunnel --local-port} overrides it).
     *
     * @default 15432, so a PostgreSQL running on the workstation keeps 5432
     */
    public Number getTunnelLocalPort() {
        return tunnelLocalPort;
    }

    /**
     * Whether the database keeps a standby in a second AZ.
     *
     * @default true (the non-production profile sets false)
     */
    public Boolean getMultiAz() {
        return multiAz;
    }

    /**
     * Whether the interface endpoints sit in one AZ only (half their price with two AZs; for non-production).
     *
     * @default false
     */
    public Boolean getSingleAzEndpoints() {
        return singleAzEndpoints;
    }

    /**
     * Whether the stack has the SSM bastion (and, with egress NONE, the ssm and ssmmessages endpoints it needs).
     *
     * @default true (the non-production profile sets false: about $18 a month less at rest)
     */
    public Boolean getBastion() {
        return bastion;
    }

    /**
     * Whether the bastion's SSM agent is older than 3.3.40.0 and so also needs the ec2messages endpoint.
     *
     * @default false: Amazon Linux 2023's agent uses ssmmessages
     */
    public Boolean getLegacySsmAgent() {
        return legacySsmAgent;
    }

    /** Builder of {@link DataStackProps}. */
    public static final class Builder {
        private StackProps stackProps;
        private Egress egress;
        private Number tunnelLocalPort;
        private Boolean multiAz;
        private Boolean singleAzEndpoints;
        private Boolean bastion;
        private Boolean legacySsmAgent;

        /** @see DataStackProps#getStackProps() */
        public Builder stackProps(StackProps stackProps) {
            this.stackProps = stackProps;
            return this;
        }

        /** @see DataStackProps#getEgress() */
        public Builder egress(Egress egress) {
            this.egress = egress;
            return this;
        }

        /** @see DataStackProps#getTunnelLocalPort() */
        public Builder tunnelLocalPort(Number tunnelLocalPort) {
            this.tunnelLocalPort = tunnelLocalPort;
            return this;
        }

        /** @see DataStackProps#getMultiAz() */
        public Builder multiAz(Boolean multiAz) {
            this.multiAz = multiAz;
            return this;
        }

        /** @see DataStackProps#getSingleAzEndpoints() */
        public Builder singleAzEndpoints(Boolean singleAzEndpoints) {
            this.singleAzEndpoints = singleAzEndpoints;
            return this;
        }

        /** @see DataStackProps#getBastion() */
        public Builder bastion(Boolean bastion) {
            this.bastion = bastion;
            return this;
        }

        /** @see DataStackProps#getLegacySsmAgent() */
        public Builder legacySsmAgent(Boolean legacySsmAgent) {
            this.legacySsmAgent = legacySsmAgent;
            return this;
        }

        public DataStackProps build() {
            return new DataStackProps(this);
        }
    }
}
