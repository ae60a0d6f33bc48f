package dev.migratefirst.database;

import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.IGrantable;
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

    /** The DNS address of the instance endpoint. */
    String getEndpointAddress();

    /** The port, as a string token (CloudFormation gives it as a string). */
    String getEndpointPort();

    /** The name of the application database inside the instance. */
    String getDatabaseName();

    /** The RDS instance identifier. */
    String getInstanceIdentifier();

    /** Lets {@code grantee} read the credentials secret (and decrypt it when a customer key protects it). */
    Grant grantSecretRead(IGrantable grantee);

    /**
     * Lets {@code grantee} connect as {@code dbUser} with IAM database authentication.
     *
     * @throws IllegalStateException (at synth) when IAM authentication is not enabled on the database
     */
    Grant grantConnect(IGrantable grantee, String dbUser);
}
