package dev.migratefirst.database;

import static dev.migratefirst.internal.Validation.check;
import static dev.migratefirst.internal.Validation.isKnown;
import static dev.migratefirst.internal.Validation.required;

import software.amazon.awscdk.Tokenization;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterFromSnapshot;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceFromSnapshot;
import software.amazon.awscdk.services.rds.IDatabaseCluster;
import software.amazon.awscdk.services.rds.IDatabaseInstance;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * An aws-rds instance or Aurora PostgreSQL cluster that this library did not create, seen as an
 * {@link IPostgresDatabase}: its own connections (security groups and default port), endpoint and secret.
 * Nothing is created; ingress rules granted through it land on the database's own security groups.
 */
abstract class ExistingPostgresDatabase extends PostgresDatabaseBase {
    private final ISecret secret;
    private final String databaseName;
    private final boolean iamAuthentication;
    private final ISecret appSecret;

    ExistingPostgresDatabase(Construct scope, String id, String engineProp, String engineType,
            String expectedEngine, ISecret generatedSecret, ExistingDatabaseOptions options) {
        super(scope, id);
        ExistingDatabaseOptions o = required(this, "options", options);
        check(!isKnown(engineType) || expectedEngine.equals(engineType), this, engineProp,
                "must be a PostgreSQL engine (" + expectedEngine + "; got " + engineType + ")");
        this.secret = o.getSecret() != null ? o.getSecret() : generatedSecret;
        check(secret != null, this, "secret", "is required: the " + engineProp + " has no generated secret "
                + "(imported, or created with credentials of its own); give the secret MigrateFirst connects with");
        this.databaseName = required(this, "databaseName", o.getDatabaseName());
        check(!isKnown(databaseName) || !databaseName.isBlank(), this, "databaseName", "must not be blank");
        this.iamAuthentication = Boolean.TRUE.equals(o.getIamAuthentication());
        this.appSecret = o.getAppSecret();
    }

    @Override
    public ISecret getAppSecret() {
        return appSecret;
    }

    @Override
    public ISecret getSecret() {
        return secret;
    }

    @Override
    public String getDatabaseName() {
        return databaseName;
    }

    @Override
    public boolean isIamAuthenticationEnabled() {
        return iamAuthentication;
    }

    /** An RDS for PostgreSQL instance: created with aws-rds in this app or imported by attributes. */
    static final class Instance extends ExistingPostgresDatabase {
        private final IDatabaseInstance instance;

        Instance(Construct scope, String id, IDatabaseInstance instance, ExistingDatabaseOptions options) {
            super(scope, id, "instance", instance.getEngine() == null ? null : instance.getEngine().getEngineType(),
                    "postgres", generatedSecret(instance), options);
            this.instance = instance;
        }

        private static ISecret generatedSecret(IDatabaseInstance instance) {
            if (instance instanceof DatabaseInstance) {
                return ((DatabaseInstance) instance).getSecret();
            }
            return instance instanceof DatabaseInstanceFromSnapshot
                    ? ((DatabaseInstanceFromSnapshot) instance).getSecret() : null;
        }

        @Override
        public IDatabaseInstance getDatabaseInstance() {
            return instance;
        }

        @Override
        public Connections getConnections() {
            return instance.getConnections();
        }

        @Override
        public String getInstanceResourceId() {
            return instance.getInstanceResourceId();
        }
    }

    /** An Aurora PostgreSQL cluster: created with aws-rds in this app or imported by attributes. */
    static final class Cluster extends ExistingPostgresDatabase {
        private final IDatabaseCluster cluster;

        Cluster(Construct scope, String id, IDatabaseCluster cluster, ExistingDatabaseOptions options) {
            super(scope, id, "cluster", cluster.getEngine() == null ? null : cluster.getEngine().getEngineType(),
                    "aurora-postgresql", generatedSecret(cluster), options);
            this.cluster = cluster;
        }

        private static ISecret generatedSecret(IDatabaseCluster cluster) {
            if (cluster instanceof DatabaseCluster) {
                return ((DatabaseCluster) cluster).getSecret();
            }
            return cluster instanceof DatabaseClusterFromSnapshot
                    ? ((DatabaseClusterFromSnapshot) cluster).getSecret() : null;
        }

        /** Null: an Aurora cluster has no single instance; see {@link #getInstanceIdentifier()}. */
        @Override
        public IDatabaseInstance getDatabaseInstance() {
            return null;
        }

        /** The cluster identifier. */
        @Override
        public String getInstanceIdentifier() {
            return cluster.getClusterIdentifier();
        }

        /** The cluster (writer) endpoint. */
        @Override
        public String getEndpointAddress() {
            return cluster.getClusterEndpoint().getHostname();
        }

        @Override
        public String getEndpointPort() {
            // a string as CloudFormation wants it in an environment value ("5432", or a Fn::Join of a token)
            return Tokenization.stringifyNumber(cluster.getClusterEndpoint().getPort());
        }

        @Override
        public Connections getConnections() {
            return cluster.getConnections();
        }

        /** The cluster resource id ({@code cluster-...}), which {@code rds-db:connect} ARNs of a cluster use. */
        @Override
        public String getInstanceResourceId() {
            return iamAuthenticationOrNull();
        }

        private String iamAuthenticationOrNull() {
            return isIamAuthenticationEnabled() ? cluster.getClusterResourceIdentifier() : null;
        }
    }
}
