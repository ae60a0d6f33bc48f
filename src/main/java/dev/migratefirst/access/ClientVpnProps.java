package dev.migratefirst.access;

import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Properties of a {@link ClientVpn}. Required: {@code vpc}, {@code database}, {@code serverCertificateArn}
 * and {@code clientRootCertificateArn}.
 */
public final class ClientVpnProps {
    private final IVpc vpc;
    private final IConnectable database;
    private final SubnetSelection databaseSubnets;
    private final SubnetSelection vpcSubnets;
    private final String serverCertificateArn;
    private final String clientRootCertificateArn;
    private final String clientCidr;
    private final ILogGroup logGroup;
    private final RetentionDays logRetention;
    private final IKey encryptionKey;

    private ClientVpnProps(Builder b) {
        this.vpc = b.vpc;
        this.database = b.database;
        this.databaseSubnets = b.databaseSubnets;
        this.vpcSubnets = b.vpcSubnets;
        this.serverCertificateArn = b.serverCertificateArn;
        this.clientRootCertificateArn = b.clientRootCertificateArn;
        this.clientCidr = b.clientCidr;
        this.logGroup = b.logGroup;
        this.logRetention = b.logRetention;
        this.encryptionKey = b.encryptionKey;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the VPC of the database. Required. */
    public IVpc getVpc() {
        return vpc;
    }

    /**
     * The database the VPN reaches, on its default port only (a {@code PostgresDatabase}: its PostgreSQL
     * port). Required.
     *
     * @return the database
     */
    public IConnectable getDatabase() {
        return database;
    }

    /**
     * The database's subnets: VPN users are authorized to their IPv4 CIDRs only.
     *
     * @return the subnets
     * @default the VPC's isolated subnets when it has any, else its private-with-egress subnets (where
     *     {@code PostgresDatabase} places the database by default)
     */
    public SubnetSelection getDatabaseSubnets() {
        return databaseSubnets;
    }

    /**
     * The subnets the endpoint is associated with (its network interfaces live there); one per
     * Availability Zone at most. Never public.
     *
     * @return the subnets
     * @default the VPC's private-with-egress subnets when it has any, else its isolated subnets
     */
    public SubnetSelection getVpcSubnets() {
        return vpcSubnets;
    }

    /**
     * ARN of the server certificate in AWS Certificate Manager (imported or issued), in the endpoint's
     * Region. Required.
     *
     * @return the ARN
     */
    public String getServerCertificateArn() {
        return serverCertificateArn;
    }

    /**
     * ARN of the client root certificate (the CA that signed the client certificates) in AWS Certificate
     * Manager: mutual TLS, every user needs a client certificate signed by it. Required.
     *
     * @return the ARN
     */
    public String getClientRootCertificateArn() {
        return clientRootCertificateArn;
    }

    /**
     * The IPv4 range client addresses are assigned from: between /12 and /22, overlapping neither the VPC
     * nor the users' local networks; cannot change after creation.
     *
     * @return the CIDR
     * @default "10.250.0.0/22"
     */
    public String getClientCidr() {
        return clientCidr;
    }

    /**
     * The log group of the connection logs.
     *
     * @return the log group
     * @default a new log group with {@code logRetention}
     */
    public ILogGroup getLogGroup() {
        return logGroup;
    }

    /**
     * Retention of the connection logs in a new log group.
     *
     * @return the retention
     * @default one year
     */
    public RetentionDays getLogRetention() {
        return logRetention;
    }

    /**
     * Customer-managed KMS key of a new connection log group (its policy must allow CloudWatch Logs of this
     * account; added automatically to a key of the same app). Not for a given {@code logGroup}.
     *
     * @return the key
     * @default a key created with yearly rotation on
     */
    public IKey getEncryptionKey() {
        return encryptionKey;
    }

    /** Builder of {@link ClientVpnProps}. */
    public static final class Builder {
        private IVpc vpc;
        private IConnectable database;
        private SubnetSelection databaseSubnets;
        private SubnetSelection vpcSubnets;
        private String serverCertificateArn;
        private String clientRootCertificateArn;
        private String clientCidr;
        private ILogGroup logGroup;
        private RetentionDays logRetention;
        private IKey encryptionKey;

        /**
         * @param vpc see {@link ClientVpnProps#getVpc()}
         * @return this builder
         */
        public Builder vpc(IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /**
         * @param database see {@link ClientVpnProps#getDatabase()}
         * @return this builder
         */
        public Builder database(IConnectable database) {
            this.database = database;
            return this;
        }

        /**
         * @param databaseSubnets see {@link ClientVpnProps#getDatabaseSubnets()}
         * @return this builder
         */
        public Builder databaseSubnets(SubnetSelection databaseSubnets) {
            this.databaseSubnets = databaseSubnets;
            return this;
        }

        /**
         * @param vpcSubnets see {@link ClientVpnProps#getVpcSubnets()}
         * @return this builder
         */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            this.vpcSubnets = vpcSubnets;
            return this;
        }

        /**
         * @param serverCertificateArn see {@link ClientVpnProps#getServerCertificateArn()}
         * @return this builder
         */
        public Builder serverCertificateArn(String serverCertificateArn) {
            this.serverCertificateArn = serverCertificateArn;
            return this;
        }

        /**
         * @param clientRootCertificateArn see {@link ClientVpnProps#getClientRootCertificateArn()}
         * @return this builder
         */
        public Builder clientRootCertificateArn(String clientRootCertificateArn) {
            this.clientRootCertificateArn = clientRootCertificateArn;
            return this;
        }

        /**
         * @param clientCidr see {@link ClientVpnProps#getClientCidr()}
         * @return this builder
         */
        public Builder clientCidr(String clientCidr) {
            this.clientCidr = clientCidr;
            return this;
        }

        /**
         * @param logGroup see {@link ClientVpnProps#getLogGroup()}
         * @return this builder
         */
        public Builder logGroup(ILogGroup logGroup) {
            this.logGroup = logGroup;
            return this;
        }

        /**
         * @param logRetention see {@link ClientVpnProps#getLogRetention()}
         * @return this builder
         */
        public Builder logRetention(RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        /**
         * @param encryptionKey see {@link ClientVpnProps#getEncryptionKey()}
         * @return this builder
         */
        public Builder encryptionKey(IKey encryptionKey) {
            this.encryptionKey = encryptionKey;
            return this;
        }

        /** @return the props */
        public ClientVpnProps build() {
            return new ClientVpnProps(this);
        }
    }
}
