package dev.migratefirst.app;

import dev.migratefirst.network.Egress;
import software.amazon.awscdk.StackProps;

/** Properties of the example {@link DataStack}. All optional. */
public final class DataStackProps {
    private final StackProps stackProps;
    private final Egress egress;
    private final Number tunnelLocalPort;

    private DataStackProps(Builder b) {
        this.stackProps = b.stackProps;
        this.egress = b.egress;
        this.tunnelLocalPort = b.tunnelLocalPort;
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

    /** Builder of {@link DataStackProps}. */
    public static final class Builder {
        private StackProps stackProps;
        private Egress egress;
        private Number tunnelLocalPort;

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

        public DataStackProps build() {
            return new DataStackProps(this);
        }
    }
}
