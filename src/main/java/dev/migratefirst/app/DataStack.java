package dev.migratefirst.app;

import dev.migratefirst.access.SsmBastion;
import dev.migratefirst.database.PostgresDatabase;
import dev.migratefirst.network.Egress;
import dev.migratefirst.network.MigrateFirstVpc;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * The long-lived part of the example app: network, PostgreSQL (+ secret, rotation) and the SSM bastion.
 * Later stacks (migration, service) take what they need from its getters, e.g.
 * {@code data.getDatabase().importInto(this, "Database")} to grant their tasks access without a
 * dependency cycle.
 *
 * <p>Outputs (stable names, read by {@code bin/db-tunnel}; the bastion's two only with a bastion): {@value #OUTPUT_BASTION_INSTANCE_ID},
 * {@value #OUTPUT_DATABASE_ENDPOINT}, {@value #OUTPUT_DATABASE_PORT}, {@value #OUTPUT_DATABASE_NAME},
 * {@value #OUTPUT_DATABASE_SECRET_ARN}, {@value #OUTPUT_TUNNEL_COMMAND}, {@value #OUTPUT_VPC_ID}, and for
 * {@code PostgresDatabase.fromPostgresDatabaseAttributes} in another app
 * {@value #OUTPUT_DATABASE_INSTANCE_IDENTIFIER} and {@value #OUTPUT_DATABASE_SECURITY_GROUP_ID}.
 */
public class DataStack extends Stack {

    public static final String OUTPUT_BASTION_INSTANCE_ID = "BastionInstanceId";
    public static final String OUTPUT_DATABASE_ENDPOINT = "DatabaseEndpoint";
    public static final String OUTPUT_DATABASE_PORT = "DatabasePort";
    public static final String OUTPUT_DATABASE_NAME = "DatabaseName";
    public static final String OUTPUT_DATABASE_SECRET_ARN = "DatabaseSecretArn";
    public static final String OUTPUT_TUNNEL_COMMAND = "DbTunnelCommand";
    public static final String OUTPUT_VPC_ID = "VpcId";
    public static final String OUTPUT_DATABASE_INSTANCE_IDENTIFIER = "DatabaseInstanceIdentifier";
    public static final String OUTPUT_DATABASE_SECURITY_GROUP_ID = "DatabaseSecurityGroupId";
    public static final int DEFAULT_TUNNEL_LOCAL_PORT = 15432;
    /** The example service's own database role (its secret is the database's app secret). */
    public static final String APP_USERNAME = "app";

    private final MigrateFirstVpc network;
    private final PostgresDatabase database;
    private final SsmBastion bastion;
    private final Topic alarmTopic;
    private final Key dataKey;

    public DataStack(Construct scope, String id) {
        this(scope, id, DataStackProps.builder().build());
    }

    public DataStack(Construct scope, String id, DataStackProps props) {
        super(scope, id, props.getStackProps());

        // Every alarm of the example goes to this topic (subscribe the team's on-call to it). Encrypted with
        // a customer-managed key that CloudWatch may use to publish to it.
        Key alarmKey = Key.Builder.create(this, "AlarmTopicKey")
                .description("Encrypts the MigrateFirst alarm topic")
                .enableKeyRotation(true)
                .build();
        alarmKey.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
        this.alarmTopic = Topic.Builder.create(this, "AlarmTopic")
                .displayName("MigrateFirst alarms")
                .masterKey(alarmKey)
                .enforceSsl(true)
                .build();

        // One customer-managed key (rotation on) for the data at rest of this stack: flow logs, database
        // storage, secrets, Performance Insights, backups, the bastion's volume.
        this.dataKey = Key.Builder.create(this, "DataKey")
                .description("Encrypts the MigrateFirst data stack: database, secrets, backups, flow logs, bastion volume")
                .enableKeyRotation(true)
                .build();

        Egress egress = props.getEgress() != null ? props.getEgress() : Egress.NONE;
        this.network = MigrateFirstVpc.Builder.create(this, "Network")
                .egress(egress)
                .encryptionKey(dataKey)
                .singleAzEndpoints(props.getSingleAzEndpoints())
                .build();

        this.database = PostgresDatabase.Builder.create(this, "Database")
                .vpc(network.getVpc())
                .vpcSubnets(network.getDatabaseSubnets())
                .rotationSubnets(network.getApplicationSubnets())
                .appUsername(APP_USERNAME)
                .multiAz(props.getMultiAz())
                .encryptionKey(dataKey)
                .alarmTopic(alarmTopic)
                .build();

        if (Boolean.FALSE.equals(props.getMultiAz())) {
            String reason = "The non-production profile runs the database in one AZ on purpose (half the instance "
                    + "price); production keeps the Multi-AZ standby.";
            NagSuppressions.addResourceSuppressions(database.getDatabaseInstance(), List.of(
                    NagPackSuppression.builder().id("AwsSolutions-RDS3").reason("RDS3: " + reason).build(),
                    NagPackSuppression.builder().id("NIST.800.53.R5-RDSMultiAZSupport").reason(reason).build(),
                    NagPackSuppression.builder().id("HIPAA.Security-RDSMultiAZSupport").reason(reason).build()), true);
        }

        if (props.getBastion() == null || props.getBastion()) {
            if (egress == Egress.NONE) {
                network.addInterfaceEndpoints(SsmBastion.INTERFACE_ENDPOINTS);
                if (Boolean.TRUE.equals(props.getLegacySsmAgent())) {
                    network.addInterfaceEndpoint(InterfaceVpcEndpointAwsService.EC2_MESSAGES);
                }
            }
            this.bastion = SsmBastion.Builder.create(this, "Bastion")
                    .vpc(network.getVpc())
                    .vpcSubnets(network.getApplicationSubnets())
                    .encryptionKey(dataKey)
                    .build();
            bastion.allowTo(database);
        } else {
            this.bastion = null;
        }

        Number localPort = props.getTunnelLocalPort() != null ? props.getTunnelLocalPort() : DEFAULT_TUNNEL_LOCAL_PORT;
        output(OUTPUT_VPC_ID, network.getVpc().getVpcId(), "VPC of the app");
        output(OUTPUT_DATABASE_ENDPOINT, database.getEndpointAddress(), "PostgreSQL endpoint address (private)");
        output(OUTPUT_DATABASE_PORT, database.getEndpointPort(), "PostgreSQL port");
        output(OUTPUT_DATABASE_NAME, database.getDatabaseName(), "Application database name");
        output(OUTPUT_DATABASE_INSTANCE_IDENTIFIER, database.getInstanceIdentifier(), "RDS instance identifier");
        output(OUTPUT_DATABASE_SECURITY_GROUP_ID, database.getSecurityGroup().getSecurityGroupId(),
                "Security group of the database (grant ingress from another app through it)");
        output(OUTPUT_DATABASE_SECRET_ARN, database.getSecret().getSecretArn(),
                "Secrets Manager secret with the master credentials (ARN only, never the value)");
        if (bastion != null) {
            output(OUTPUT_BASTION_INSTANCE_ID, bastion.getInstanceId(), "SSM target of the bastion host");
            output(OUTPUT_TUNNEL_COMMAND, bastion.portForwardingCommand(database.getEndpointAddress(),
                    database.getEndpointPort(), localPort),
                    "Opens a tunnel from localhost to PostgreSQL through the bastion (needs the Session Manager plugin)");
        }
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    /** The network (VPC, subnet groups, endpoints, flow logs). */
    public MigrateFirstVpc getNetwork() {
        return network;
    }

    /** The PostgreSQL database (instance, secret, rotation). */
    public PostgresDatabase getDatabase() {
        return database;
    }

    /** The SNS topic every alarm of the example sends to (KMS-encrypted, TLS only). */
    public ITopic getAlarmTopic() {
        return alarmTopic;
    }

    /** The customer-managed key of the stack's data at rest (rotation on). */
    public Key getDataKey() {
        return dataKey;
    }

    /** The SSM bastion host, or null with {@code bastion(false)}. */
    public SsmBastion getBastion() {
        return bastion;
    }
}
