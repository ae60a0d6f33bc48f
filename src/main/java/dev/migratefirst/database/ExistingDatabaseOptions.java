package dev.migratefirst.database;

import software.amazon.awscdk.services.secretsmanager.ISecret;

/**
 * What MigrateFirst needs to know about a database it did not create, beyond what the aws-rds object
 * tells: for {@link PostgresDatabase#fromDatabaseInstance} and {@link PostgresDatabase#fromDatabaseCluster}.
 */
public final class ExistingDatabaseOptions {
    private final ISecret secret;
    private final String databaseName;
    private final Boolean iamAuthentication;
    private final ISecret appSecret;

    private ExistingDatabaseOptions(Builder b) {
        this.secret = b.secret;
        this.appSecret = b.appSecret;
        this.databaseName = b.databaseName;
        this.iamAuthentication = b.iamAuthentication;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The secret with the credentials MigrateFirst connects with (at least {@code username} and {@code password}).
     *
     * @default the secret the aws-rds construct generated ({@code DatabaseInstance.getSecret()},
     *     {@code DatabaseCluster.getSecret()}); required for an imported instance or cluster, or one created with
     *     credentials of its own
     */
    public ISecret getSecret() {
        return secret;
    }

    /** The name of the application database inside the instance or cluster (not secret, known at synth). Required. */
    public String getDatabaseName() {
        return databaseName;
    }

    /**
     * Whether IAM database authentication is enabled on the instance or cluster.
     *
     * @default false ({@code grantConnect} then fails)
     */
    public Boolean getIamAuthentication() {
        return iamAuthentication;
    }

    /**
     * The secret of the app's own least-privilege role ({@code username}, {@code password}; e.g. an
     * {@code rds.DatabaseSecret} with {@code masterSecret} and multi-user rotation): what the app's service
     * gets instead of {@link #getSecret()}, and what the migration task's app role step creates.
     *
     * @default none: the database has no app role, and {@code MigrateFirstFlow} refuses to create a service for it
     */
    public ISecret getAppSecret() {
        return appSecret;
    }

    /** Builder of {@link ExistingDatabaseOptions}. */
    public static final class Builder {
        private ISecret secret;
        private String databaseName;
        private Boolean iamAuthentication;

        /** @see ExistingDatabaseOptions#getSecret() */
        public Builder secret(ISecret secret) {
            this.secret = secret;
            return this;
        }

        /** @see ExistingDatabaseOptions#getDatabaseName() */
        public Builder databaseName(String databaseName) {
            this.databaseName = databaseName;
            return this;
        }

        private ISecret appSecret;

        /** @see ExistingDatabaseOptions#getAppSecret() */
        public Builder appSecret(ISecret appSecret) {
            this.appSecret = appSecret;
            return this;
        }

        /** @see ExistingDatabaseOptions#getIamAuthentication() */
        public Builder iamAuthentication(Boolean iamAuthentication) {
            this.iamAuthentication = iamAuthentication;
            return this;
        }

        public ExistingDatabaseOptions build() {
            return new ExistingDatabaseOptions(this);
        }
    }
}
