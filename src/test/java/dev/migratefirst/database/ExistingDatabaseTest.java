package dev.migratefirst.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.internal.ValidationException;
import dev.migratefirst.migration.MigrationTask;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterAttributes;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceAttributes;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;

/**
 * Databases this library did not create, used where an {@link IPostgresDatabase} is expected (a migration
 * task): an aws-rds instance, an Aurora PostgreSQL cluster and both imported by attributes, in one stack
 * synthesized once.
 */
class ExistingDatabaseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders-AbCdEf";
    private static Stack stack;
    private static Template template;
    private static DatabaseInstance rdsInstance;
    private static DatabaseCluster aurora;
    private static IPostgresDatabase instanceDb;
    private static IPostgresDatabase clusterDb;
    private static IPostgresDatabase importedInstanceDb;
    private static IPostgresDatabase importedClusterDb;
    private static Map<String, MigrationTask> tasks;

    @BeforeAll
    static void synth() {
        stack = new Stack(new App(), "Adopt");
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        rdsInstance = DatabaseInstance.Builder.create(stack, "Orders").vpc(vpc)
                .engine(DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                        .version(PostgresEngineVersion.VER_16).build()))
                .databaseName("orders").build();
        aurora = DatabaseCluster.Builder.create(stack, "Aurora").vpc(vpc)
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_16_9).build()))
                .writer(ClusterInstance.serverlessV2("Writer"))
                .defaultDatabaseName("billing").build();
        ISecret imported = Secret.fromSecretCompleteArn(stack, "ImportedSecret", SECRET_ARN);
        instanceDb = PostgresDatabase.fromDatabaseInstance(stack, "OrdersDb", rdsInstance,
                ExistingDatabaseOptions.builder().databaseName("orders").build());
        clusterDb = PostgresDatabase.fromDatabaseCluster(stack, "AuroraDb", aurora,
                ExistingDatabaseOptions.builder().databaseName("billing").build());
        importedInstanceDb = PostgresDatabase.fromDatabaseInstance(stack, "ImportedInstanceDb",
                DatabaseInstance.fromDatabaseInstanceAttributes(stack, "ImportedInstance", DatabaseInstanceAttributes.builder()
                        .instanceIdentifier("orders-prod").instanceEndpointAddress("orders-prod.abc.eu-west-1.rds.amazonaws.com")
                        .port(5433).securityGroups(List.of(group("sg-0instance"))).engine(DatabaseInstanceEngine.POSTGRES)
                        .build()),
                ExistingDatabaseOptions.builder().secret(imported).databaseName("orders").build());
        importedClusterDb = PostgresDatabase.fromDatabaseCluster(stack, "ImportedClusterDb",
                DatabaseCluster.fromDatabaseClusterAttributes(stack, "ImportedCluster", DatabaseClusterAttributes.builder()
                        .clusterIdentifier("billing-prod").clusterEndpointAddress("billing-prod.cluster-abc.eu-west-1.rds.amazonaws.com")
                        .port(5432).securityGroups(List.of(group("sg-0cluster"))).clusterResourceIdentifier("cluster-ABCDEFG")
                        .build()),
                ExistingDatabaseOptions.builder().secret(imported).databaseName("billing").iamAuthentication(true).build());
        tasks = Map.of("OrdersTask", instanceDb, "AuroraTask", clusterDb, "ImportedInstanceTask", importedInstanceDb,
                "ImportedClusterTask", importedClusterDb).entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        e -> MigrationTask.Builder.create(stack, e.getKey()).vpc(vpc).database(e.getValue())
                                .image(ContainerImage.fromRegistry("public.ecr.aws/example/app:1.0")).build()));
        importedClusterDb.grantConnect(Role.Builder.create(stack, "Migrator").assumedBy(new AccountRootPrincipal()).build(),
                "migrator");
        template = Template.fromStack(stack);
    }

    private static ISecurityGroup group(String id) {
        return SecurityGroup.fromSecurityGroupId(stack, id, id);
    }

    @Test
    void anAwsRdsInstanceBringsItsEndpointSecretAndSecurityGroup() {
        assertThat(resolve(instanceDb.getEndpointAddress())).isEqualTo(resolve(rdsInstance.getDbInstanceEndpointAddress()));
        assertThat(resolve(instanceDb.getEndpointPort())).isEqualTo(resolve(rdsInstance.getDbInstanceEndpointPort()));
        assertThat(instanceDb.getSecret()).isSameAs(rdsInstance.getSecret());
        assertThat(instanceDb.getDatabaseInstance()).isSameAs(rdsInstance);
        assertThat(instanceDb.getDatabaseName()).isEqualTo("orders");
        assertTaskReaches("OrdersTask", rdsInstance.getConnections().getSecurityGroups().get(0), rdsInstance.getSecret());
    }

    @Test
    void anAuroraClusterUsesItsWriterEndpointAndClusterIdentifier() {
        assertThat(resolve(clusterDb.getEndpointAddress())).isEqualTo(resolve(aurora.getClusterEndpoint().getHostname()));
        assertThat(resolve(clusterDb.getInstanceIdentifier())).isEqualTo(resolve(aurora.getClusterIdentifier()));
        assertThat(clusterDb.getDatabaseInstance()).isNull();
        assertThat(clusterDb.getSecret()).isSameAs(aurora.getSecret());
        assertTaskReaches("AuroraTask", aurora.getConnections().getSecurityGroups().get(0), aurora.getSecret());
    }

    @Test
    void importedFormsLandTheirRulesOnTheImportedGroupsAtTheirPort() {
        assertThat(importedInstanceDb.getEndpointPort()).isEqualTo("5433");
        assertThat(importedClusterDb.getEndpointAddress()).isEqualTo("billing-prod.cluster-abc.eu-west-1.rds.amazonaws.com");
        String ingress = json(template.findResources("AWS::EC2::SecurityGroupIngress"));
        assertThat(ingress).contains("\"GroupId\":\"sg-0instance\"", "\"FromPort\":5433", "\"GroupId\":\"sg-0cluster\"");
        assertThat(json(template.findResources("AWS::ECS::TaskDefinition"))).contains(SECRET_ARN);
    }

    @Test
    void grantConnectOnAClusterUsesTheClusterResourceId() {
        assertThat(json(template.findResources("AWS::IAM::Policy"))).contains("rds-db:connect", ":dbuser:cluster-ABCDEFG/migrator");
    }

    @Test
    void whatCannotWorkFailsNamingThePathAndTheProp() {
        Stack bad = new Stack(new App(), "Bad");
        var mysql = DatabaseInstance.fromDatabaseInstanceAttributes(bad, "MySql", DatabaseInstanceAttributes.builder()
                .instanceIdentifier("shop").instanceEndpointAddress("shop.example").port(3306)
                .securityGroups(List.of(SecurityGroup.fromSecurityGroupId(bad, "Sg", "sg-1")))
                .engine(DatabaseInstanceEngine.MYSQL).build());
        ISecret secret = Secret.fromSecretCompleteArn(bad, "Secret", SECRET_ARN);
        assertThatThrownBy(() -> PostgresDatabase.fromDatabaseInstance(bad, "Shop", mysql,
                ExistingDatabaseOptions.builder().secret(secret).databaseName("shop").build()))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Bad/Shop: instance: must be a PostgreSQL engine (postgres; got mysql)");
        var postgres = DatabaseInstance.fromDatabaseInstanceAttributes(bad, "Pg", DatabaseInstanceAttributes.builder()
                .instanceIdentifier("pg").instanceEndpointAddress("pg.example").port(5432)
                .securityGroups(List.of(SecurityGroup.fromSecurityGroupId(bad, "PgSg", "sg-2"))).build());
        assertThatThrownBy(() -> PostgresDatabase.fromDatabaseInstance(bad, "NoSecret", postgres,
                ExistingDatabaseOptions.builder().databaseName("app").build()))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("Bad/NoSecret: secret: is required");
        assertThatThrownBy(() -> PostgresDatabase.fromDatabaseInstance(bad, "NoName", postgres,
                ExistingDatabaseOptions.builder().secret(secret).build()))
                .isInstanceOf(ValidationException.class).hasMessage("Bad/NoName: databaseName: is required");
    }

    /** The task's ingress rule lands on the database's group, and its secrets come from the database's secret. */
    private static void assertTaskReaches(String taskId, ISecurityGroup databaseGroup, ISecret secret) {
        MigrationTask task = tasks.get(taskId);
        String groupId = resolve(databaseGroup.getSecurityGroupId());
        String taskGroupId = resolve(task.getSecurityGroup().getSecurityGroupId());
        assertThat(template.findResources("AWS::EC2::SecurityGroupIngress").values().stream().map(ExistingDatabaseTest::json)
                .filter(r -> r.contains("\"GroupId\":" + groupId) && r.contains("\"SourceSecurityGroupId\":" + taskGroupId))
                .collect(Collectors.toList())).as(taskId + " ingress").hasSize(1);
        String secretArn = resolve(secret.getSecretArn());
        String logicalId = stack.resolve(((CfnElement) task.getTaskDefinition().getNode().getDefaultChild())
                .getLogicalId()).toString();
        String taskDefinition = json(((Map<?, ?>) template.toJSON().get("Resources")).get(logicalId));
        assertThat(taskDefinition).as(taskId + " secrets").contains(secretArn.substring(1, secretArn.length() - 1));
    }

    private static String resolve(Object token) {
        return json(stack.resolve(token));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
