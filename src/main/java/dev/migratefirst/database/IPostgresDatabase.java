package dev.migratefirst.database;

import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.rds.IDatabaseInstance;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.IConstruct;

/**
 * What other constructs may rely on about a MigrateFirst PostgreSQL database, created in this app
 * ({@code PostgresDatabase}) or imported from attributes. Its connections have the database port as
 * default port, so callers write {@code db.getConnections().allowDefaultPortFrom(task)}.
 */
public interface IPostgresDatabase extends IConnectable, IConstruct {

    /** The secret holding the credentials as RDS writes them: username, password, host, port, dbname, engine. */
    ISecret getSecret();

    /**
     * The secret of the app's own least-privilege database role ({@code username}, {@code password};
     * the username alternates between the role and {@code <role>_clone} with multi-user rotation), or
     * null when the database has none. Give the app this secret, never {@link #getSecret()}.
     */
    default ISecret getAppSecret() {
        return null;
    }

    /** The DNS address of the instance endpoint (for an Aurora cluster: the cluster, i.e. writer, endpoint). */
    String getEndpointAddress();

    /** The port, as a string token (CloudFormation gives it as a string). */
    String getEndpointPort();

    /** The name of the application database inside the instance. */
    String getDatabaseName();

    /**
     * The RDS instance: for a {@code PostgresDatabase} the {@code DatabaseInstance} it created (its own getter
     * returns that type), for an imported database a reference built from its attributes by
     * {@code DatabaseInstance.fromDatabaseInstanceAttributes}, which creates no resource and cannot be
     * changed, only referenced (metrics, connections, grants); for an existing instance
     * ({@code PostgresDatabase.fromDatabaseInstance}) that instance. Null only for an Aurora cluster
     * ({@code PostgresDatabase.fromDatabaseCluster}), which has no single instance.
     */
    IDatabaseInstance getDatabaseInstance();

    /** The RDS instance identifier (for an Aurora cluster: the cluster identifier). */
    String getInstanceIdentifier();

    /** Lets {@code grantee} read the credentials secret (and decrypt it when a customer key protects it). */
    Grant grantSecretRead(IGrantable grantee);

    /**
     * Lets {@code grantee} connect as {@code dbUser} with IAM database authentication.
     *
     * @throws dev.migratefirst.internal.ValidationException when IAM authentication is not enabled on the
     *         database, {@code dbUser} is blank, or an imported database lacks its instance resource id
     */
    Grant grantConnect(IGrantable grantee, String dbUser);
}
