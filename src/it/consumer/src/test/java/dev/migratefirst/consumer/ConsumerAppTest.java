package dev.migratefirst.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.migratefirst.database.ExistingDatabaseOptions;
import dev.migratefirst.database.IPostgresDatabase;
import dev.migratefirst.database.PostgresDatabase;
import dev.migratefirst.migration.MigrateFirstFlow;
import dev.migratefirst.migration.MigrationTask;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceAttributes;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.DatabaseSecret;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.RotationMultiUserOptions;
import software.amazon.awscdk.services.rds.RotationSingleUserOptions;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/**
 * A team's own app on the installed artifact, synthesized once with cdk-nag AwsSolutions on: a default
 * {@code ec2.Vpc}, its existing aws-rds PostgreSQL instance, an ALB service behind {@link MigrateFirstFlow},
 * and a second stack that imports the database by attributes and runs a migration task against it.
 */
class ConsumerAppTest {
    private static Map<String, Object> platform;
    private static Map<String, Object> reports;
    private static final List<String> FINDINGS = new ArrayList<>();

    @BeforeAll
    @SuppressWarnings({"unchecked", "deprecation"})
    static void synth() {
        App app = new App();
        Stack platformStack = new Stack(app, "Platform");
        Vpc vpc = Vpc.Builder.create(platformStack, "Vpc").maxAzs(2).natGateways(1).build();
        vpc.addFlowLog("FlowLog", FlowLogOptions.builder().build());
        DatabaseInstance orders = DatabaseInstance.Builder.create(platformStack, "Orders").vpc(vpc)
                .engine(DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                        .version(PostgresEngineVersion.VER_16).build()))
                .databaseName("orders").storageEncrypted(true).multiAz(true).deletionProtection(true).port(5433)
                .build();
        orders.addRotationSingleUser(RotationSingleUserOptions.builder().automaticallyAfter(Duration.days(30)).build());
        // the app's own role: the service gets this secret, never the master one
        ISecret appSecret = DatabaseSecret.Builder.create(platformStack, "OrdersAppSecret").username("app")
                .masterSecret(orders.getSecret()).build().attach(orders);
        orders.addRotationMultiUser("AppRotation", RotationMultiUserOptions.builder().secret(appSecret)
                .automaticallyAfter(Duration.days(30)).build());
        IPostgresDatabase database = PostgresDatabase.fromDatabaseInstance(platformStack, "OrdersDb", orders,
                ExistingDatabaseOptions.builder().databaseName("orders").appSecret(appSecret).build());
        MigrateFirstFlow.Builder.create(platformStack, "OrdersApp")
                .vpc(vpc)
                .database(database)
                .image(ContainerImage.fromRegistry("public.ecr.aws/example/orders:1.0"))
                .migrationsDirectory(Path.of("migrations"))
                .loadBalancedService(true)
                .serviceEnvironment(Map.of("ORDERS_MODE", "live"))
                .build();
        // The team's own resources are configured to pass cdk-nag (encryption, Multi-AZ, deletion protection,
        // a non-default port, rotation, flow logs): no suppression, so any finding is the library's.
        Stack reportsStack = new Stack(app, "Reports");
        IPostgresDatabase imported = PostgresDatabase.fromDatabaseInstance(reportsStack, "OrdersDb",
                DatabaseInstance.fromDatabaseInstanceAttributes(reportsStack, "Orders", DatabaseInstanceAttributes.builder()
                        .instanceIdentifier(orders.getInstanceIdentifier())
                        .instanceEndpointAddress(orders.getDbInstanceEndpointAddress())
                        .port(5433)
                        .securityGroups(List.of(SecurityGroup.fromSecurityGroupId(reportsStack, "OrdersSg",
                                orders.getConnections().getSecurityGroups().get(0).getSecurityGroupId())))
                        .engine(DatabaseInstanceEngine.POSTGRES)
                        .build()),
                ExistingDatabaseOptions.builder().secret(orders.getSecret()).databaseName("orders").build());
        MigrationTask.Builder.create(reportsStack, "ReportsMigration").vpc(vpc).database(imported)
                .image(ContainerImage.fromRegistry("public.ecr.aws/example/reports:1.0")).build();

        Aspects.of(app).add(new AwsSolutionsChecks());
        CloudAssembly assembly = app.synth();
        for (CloudFormationStackArtifact stack : assembly.getStacks()) {
            stack.findMetadataByType("aws:cdk:error").forEach(e -> FINDINGS.add(e.getPath() + ": " + e.getData()));
            stack.findMetadataByType("aws:cdk:warning").stream()
                    .filter(e -> String.valueOf(e.getData()).contains("AwsSolutions-"))
                    .forEach(e -> FINDINGS.add(e.getPath() + ": " + e.getData()));
        }
        platform = (Map<String, Object>) assembly.getStackByName("Platform").getTemplate();
        reports = (Map<String, Object>) assembly.getStackByName("Reports").getTemplate();
    }

    @Test
    void cdkNagFindsNothingUnsuppressed() {
        assertEquals(List.of(), FINDINGS);
    }

    @Test
    void theAlbServiceWaitsForTheMigrationGate() {
        Map<String, Map<String, Object>> resources = resources(platform);
        String gate = resources.entrySet().stream().filter(e -> "Custom::MigrationGate".equals(e.getValue().get("Type")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        Map<String, Object> service = resources.values().stream().filter(r -> "AWS::ECS::Service".equals(r.get("Type")))
                .findFirst().orElseThrow();
        assertTrue(String.valueOf(service.get("DependsOn")).contains(gate), "service DependsOn " + service.get("DependsOn"));
        assertTrue(resources.values().stream().anyMatch(r -> "AWS::ElasticLoadBalancingV2::LoadBalancer".equals(r.get("Type"))));
    }

    @Test
    void theImportingStackOpensTheDatabasePortToItsTaskOnly() {
        String ingress = resources(reports).values().stream()
                .filter(r -> "AWS::EC2::SecurityGroupIngress".equals(r.get("Type"))).map(String::valueOf)
                .reduce("", String::concat);
        assertTrue(ingress.contains("FromPort=5433") && ingress.contains("SourceSecurityGroupId"), ingress);
    }

    @Test
    void theRunnersOptionalDependenciesAreNotOnTheConsumersClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.flywaydb.core.Flyway"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("picocli.CommandLine"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources(Map<String, Object> template) {
        return (Map<String, Map<String, Object>>) template.get("Resources");
    }
}
