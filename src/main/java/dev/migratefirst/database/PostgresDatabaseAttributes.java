package dev.migratefirst.database;

import java.util.List;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/**
 * What identifies an existing PostgreSQL instance and its credentials secret, for
 * {@link PostgresDatabase#fromPostgresDatabaseAttributes}. Typically the values another stack exported:
 * the instance identifier, endpoint address, security group and secret.
 */
public final class PostgresDatabaseAttributes {
    private final String instanceIdentifier;
    private final String instanceEndpointAddress;
    private final Number port;
    private final List<ISecurityGroup> securityGroups;
    private final ISecret secret;
    private final String databaseName;
    private final Boolean iamAuthentication;
    private final String instanceResourceId;
    private final ISecret appSecret;

    private PostgresDatabaseAttributes(Builder b) {
        this.instanceIdentifier = b.instanceIdentifier;
        this.instanceEndpointAddress = b.instanceEndpointAddress;
        this.port = b.port;
        this.securityGroups = b.securityGroups == null ? null : List.copyOf(b.securityGroups);
        this.secret = b.secret;
        this.appSecret = b.appSecret;
        this.databaseName = b.databaseName;
        this.iamAuthentication = b.iamAuthentication;
        this.instanceResourceId = b.instanceResourceId;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The RDS instance identifier. Required. */
    public String getInstanceIdentifier() {
        return instanceIdentifier;
    }

    /** The DNS address of the instance endpoint. Required. */
    public String getInstanceEndpointAddress() {
        return instanceEndpointAddress;
    }

    /**
     * The port of the instance; the default port of the imported connections.
     *
     * @default 5432
     */
    public Number getPort() {
        return port;
    }

    /** The security groups of the instance (ingress rules granted through the import land on them). Required. */
    public List<ISecurityGroup> getSecurityGroups() {
        return securityGroups;
    }

    /** The secret with the credentials (username, password, host, port, dbname, engine). Required. */
    public ISecret getSecret() {
        return secret;
    }

    /** The name of the application database inside the instance. Required. */
    public String getDatabaseName() {
        return databaseName;
    }

    /**
     * Whether the instance has IAM database authentication enabled.
     *
     * @default false ({@code grantConnect} then fails)
     */
    public Boolean getIamAuthentication() {
        return iamAuthentication;
    }

    /**
     * The instance's resource id ({@code db-...}), which IAM {@code rds-db:connect} ARNs use.
     *
     * @default none; required when {@code iamAuthentication} is true
     */
    public String getInstanceResourceId() {
        return instanceResourceId;
    }

    /** Builder of {@link PostgresDatabaseAttributes}. */
    /**
     * The secret of the app's own database role (username, password), when there is one.
     *
     * @default none: {@link IPostgresDatabase#getAppSecret()} returns null
     */
    public ISecret getAppSecret() {
        return appSecret;
    }

    public static final class Builder {
        private ISecret appSecret;

        /** @see PostgresDatabaseAttributes#getAppSecret() */
        public Builder appSecret(ISecret appSecret) {
            this.appSecret = appSecret;
            return this;
        }

        private String instanceIdentifier;
        private String instanceEndpointAddress;
        private Number port;
        private List<ISecurityGroup> securityGroups;
        private ISecret secret;
        private String databaseName;
        private Boolean iamAuthentication;
        private String instanceResourceId;

        /** @see PostgresDatabaseAttributes#getInstanceIdentifier() */
        public Builder instanceIdentifier(String instanceIdentifier) {
            this.instanceIdentifier = instanceIdentifier;
            return this;
        }

        /** @see PostgresDatabaseAttributes#getInstanceEndpointAddress() */
        public Builder instanceEndpointAddress(String instanceEndpointAddress) {
            this.instanceEndpointAddress = instanceEndpointAddress;
            return this;
        }

        /** @see PostgresDatabaseAttributes#getPort() */
        public Builder port(Number port) {
            this.port = port;
            return this;
        }

        /** @see PostgresDatabaseAttributes#getSecurityGroups() */
        public Builder securityGroups(List<? extends ISecurityGroup> securityGroups) {
            this.securityGroups = securityGroups == null ? null : List.copyOf(securityGroups);
            return this;
        }

        /** @see PostgresDatabaseAttributes#getSecret() */
        public Builder secret(ISecret secret) {
            this.secret = secret;
            return this;
        }

        /** @see PostgresDatabaseAttributes#getDatabaseName() */
        public Builder databaseName(String databaseName) {
            this.databaseName = databaseName;
            return this;
        }

        /** @see PostgresDatabaseAttributes#getIamAuthentication() */
        public Builder iamAuthentication(Boolean iamAuthentication) {
            this.iamAuthentication = iamAuthentication;
            return this;
        }

        /** @see PostgresDatabaseAttributes#getInstanceResourceId() */
        public Builder instanceResourceId(String instanceResourceId) {
            this.instanceResourceId = instanceResourceId;
            return this;
        }

        public PostgresDatabaseAttributes build() {
            return new PostgresDatabaseAttributes(this);
        }
    }
}
