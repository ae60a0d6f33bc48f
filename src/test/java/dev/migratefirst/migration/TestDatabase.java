package dev.migratefirst.migration;

import dev.migratefirst.database.IPostgresDatabase;
import java.util.List;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceAttributes;
import software.amazon.awscdk.services.rds.IDatabaseInstance;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/** A stand-in IPostgresDatabase for construct tests: a security group on 5432 and an RDS-shaped secret. */
final class TestDatabase extends Construct implements IPostgresDatabase {
    private final Connections connections;
    private final Secret secret;
    private final IDatabaseInstance instance;

    TestDatabase(Construct scope, String id, IVpc vpc) {
        super(scope, id);
        SecurityGroup sg = SecurityGroup.Builder.create(this, "SecurityGroup").vpc(vpc).allowAllOutbound(false).build();
        this.connections = Connections.Builder.create().securityGroups(List.of(sg))
                .defaultPort(Port.tcp(5432)).build();
        this.secret = Secret.Builder.create(this, "Secret").build();
        this.instance = DatabaseInstance.fromDatabaseInstanceAttributes(this, "Instance",
                DatabaseInstanceAttributes.builder()
                        .instanceIdentifier(getInstanceIdentifier())
                        .instanceEndpointAddress(getEndpointAddress())
                        .port(5432)
                        .securityGroups(List.of(sg))
                        .build());
    }

    @Override
    public IDatabaseInstance getDatabaseInstance() {
        return instance;
    }

    @Override
    public Connections getConnections() {
        return connections;
    }

    @Override
    public ISecret getSecret() {
        return secret;
    }

    @Override
    public String getEndpointAddress() {
        return "db.example.internal";
    }

    @Override
    public String getEndpointPort() {
        return "5432";
    }

    @Override
    public String getDatabaseName() {
        return "app";
    }

    @Override
    public String getInstanceIdentifier() {
        return "app-db";
    }

    @Override
    public Grant grantSecretRead(IGrantable grantee) {
        return secret.grantRead(grantee);
    }

    @Override
    public Grant grantConnect(IGrantable grantee, String dbUser) {
        throw new IllegalStateException("IAM authentication is not enabled on the test database");
    }
}
