package dev.migratefirst.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.database.ExistingDatabaseOptions;
import dev.migratefirst.database.IPostgresDatabase;
import dev.migratefirst.database.PostgresDatabase;
import dev.migratefirst.internal.ValidationException;
import dev.migratefirst.testsupport.AssemblyChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseSecret;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.constructs.IConstruct;

/**
 * The one-construct pattern on a default {@code ec2.Vpc} with an existing aws-rds instance, its own ALB service
 * and one more service to guard, cdk-nag AwsSolutions on; synthesized once.
 */
class MigrateFirstFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Stack stack;
    private static MigrateFirstFlow flow;
    private static FargateService extra;
    private static DatabaseInstance instance;
    private static DatabaseSecret appSecret;
    private static Map<String, Object> resources;
    private static List<String> findings;
    private static Key teamKey;

    @SuppressWarnings("unchecked")
    @BeforeAll
    static void synth() {
        App app = new App();
        stack = new Stack(app, "Flow");
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        instance = DatabaseInstance.Builder.create(stack, "Orders").vpc(vpc)
                .engine(DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                        .version(PostgresEngineVersion.VER_16).build()))
                .databaseName("orders").build();
        appSecret = DatabaseSecret.Builder.create(stack, "OrdersAppSecret").username("app")
                .masterSecret(instance.getSecret()).build();
        IPostgresDatabase database = PostgresDatabase.fromDatabaseInstance(stack, "OrdersDb", instance,
                ExistingDatabaseOptions.builder().databaseName("orders").appSecret(appSecret).build());
        ContainerImage image = ContainerImage.fromRegistry("public.ecr.aws/example/app:1.0");
        FargateTaskDefinition extraTask = FargateTaskDefinition.Builder.create(stack, "WorkerTask").build();
        extraTask.addContainer("Worker", software.amazon.awscdk.services.ecs.ContainerDefinitionOptions.builder()
                .image(image).build());
        teamKey = Key.Builder.create(stack, "TeamKey").enableKeyRotation(true).build();
        flow = MigrateFirstFlow.Builder.create(stack, "App")
                .encryptionKey(teamKey)
                .vpc(vpc)
                .database(database)
                .image(image)
                .migrationsDirectory(Path.of("migrations"))
                .loadBalancedService(true)
                .serviceEnvironment(Map.of("GREETING", "hello"))
                .runBackfills(true)
                .build();
        extra = FargateService.Builder.create(stack, "Worker").cluster(flow.getCluster()).taskDefinition(extraTask)
                .minHealthyPercent(100).build();
        flow.guard(extra);
        Aspects.of(app).add(new AwsSolutionsChecks());
        CloudAssembly assembly = app.synth();
        resources = (Map<String, Object>) AssemblyChecks.templates(assembly).get("Flow").get("Resources");
        findings = AssemblyChecks.errorsAndNagWarnings(assembly).get("Flow");
    }

    @Test
    void createsTaskWorkflowGateAndAnAlbServiceBehindTheGate() {
        assertThat(flow.getMigrationTask()).isNotNull();
        assertThat(flow.getWorkflow().getCluster()).isSameAs(flow.getCluster());
        String gate = logicalId(flow.getGate().getResource());
        assertThat(json(resource(flow.getLoadBalancedService().getService()).get("DependsOn"))).contains(gate);
        assertThat(json(resource(extra).get("DependsOn"))).contains(gate);
        assertThat(json(resource(flow.getLoadBalancedService().getLoadBalancer()))).contains("internet-facing");
    }

    @Test
    void theServiceGetsTheAppEnvironmentTheAppSecretAndThePortAndRunsInPrivateSubnets() {
        String task = json(resource(flow.getLoadBalancedService().getTaskDefinition()));
        assertThat(task).contains("\"GREETING\"", "\"DB_HOST\"", "\"DB_NAME\"", "\"DB_PASSWORD\"",
                logicalId(appSecret), "8080");
        // the app never holds the master credential
        assertThat(task).doesNotContain(logicalId(instance.getSecret()));
        String service = json(resource(flow.getLoadBalancedService().getService()));
        assertThat(service).contains("\"AssignPublicIp\":\"DISABLED\"", "VpcPrivateSubnet1").doesNotContain("VpcPublicSubnet");
        String serviceGroup = logicalId(flow.getLoadBalancedService().getService().getConnections().getSecurityGroups().get(0));
        String dbGroup = logicalId(instance.getConnections().getSecurityGroups().get(0));
        assertThat(resources.values().stream().map(MigrateFirstFlowTest::json)
                .filter(r -> r.contains("AWS::EC2::SecurityGroupIngress") && r.contains(serviceGroup) && r.contains(dbGroup))
                .collect(Collectors.toList())).hasSize(1);
    }

    /** Issue 12: the pattern's service and migration task both run non-root, read-only, with /tmp on a volume. */
    @Test
    void serviceAndMigrationTaskRunHardened() throws Exception {
        JsonNode service = JSON.readTree(json(resource(flow.getLoadBalancedService().getTaskDefinition())));
        assertThat(dev.migratefirst.testsupport.TaskDefinitionChecks.hardeningProblems(service, "App")).isEmpty();
        assertThat(service.at("/Properties/Cpu").asText()).isEqualTo("256");
        assertThat(service.at("/Properties/Memory").asText()).isEqualTo("512");
        JsonNode task = JSON.readTree(json(resource(flow.getMigrationTask().getTaskDefinition())));
        assertThat(dev.migratefirst.testsupport.TaskDefinitionChecks.hardeningProblems(task,
                MigrationTask.CONTAINER_NAME)).isEmpty();
    }

    @Test
    void theTeamsKeyEncryptsEveryLogGroupTheStateMachineAndTheQueueAndNoOtherKeyIsCreated() {
        String key = logicalId(teamKey);
        assertThat(flow.getEncryptionKey()).isSameAs(teamKey);
        List<String> types = resources.values().stream().map(r -> String.valueOf(((Map<?, ?>) r).get("Type"))).toList();
        assertThat(types.stream().filter("AWS::KMS::Key"::equals)).hasSize(1);
        List<String> logGroups = resources.values().stream().map(MigrateFirstFlowTest::json)
                .filter(r -> r.contains("\"AWS::Logs::LogGroup\"")).toList();
        // runner, workflow, service, gate handlers (2), provider framework, waiter
        assertThat(logGroups).hasSize(7).allSatisfy(g -> assertThat(g).contains("\"KmsKeyId\":{\"Fn::GetAtt\":[\""
                + key + "\",\"Arn\"]}"));
        assertThat(json(resource(flow.getWorkflow().getStateMachine()))).contains("CUSTOMER_MANAGED_KMS_KEY", key);
        assertThat(json(resource(flow.getGate().getDeadLetterQueue()))).contains(key);
        // the team's Key gets the CloudWatch Logs statement once, however many constructs use it
        String policy = json(resource(teamKey));
        assertThat(policy.split("kms:EncryptionContext:aws:logs:arn", -1)).hasSize(2);
        // no alarm topic given: the alarms exist, without action; no gate subnets: functions outside the VPC
        assertThat(json(resource(flow.getWorkflow().getFailureAlarm()))).doesNotContain("AlarmActions");
        assertThat(json(resource(flow.getGate().getOnEventHandler()))).doesNotContain("VpcConfig");
        assertThat(flow.getGate().getSecurityGroup()).isNull();
    }

    @Test
    void cdkNagFindsNothingUnsuppressedInThePattern() {
        assertThat(findings.stream().filter(f -> f.startsWith("/Flow/App/")).collect(Collectors.toList())).isEmpty();
    }

    /** Issue 13 item 4: the backfill starts after every guarded service is updated, with the command backfill. */
    @Test
    void theBackfillTriggerStartsTheWorkflowWithBackfillAfterEveryServiceWithoutWaiting() throws Exception {
        JsonNode trigger = JSON.valueToTree(resource(flow.getBackfillTrigger()));
        JsonNode gate = JSON.valueToTree(resource(flow.getGate().getResource()));
        assertThat(trigger.path("Type").asText()).isEqualTo(MigrationGate.BACKFILL_RESOURCE_TYPE);
        // DependsOn: the gate (migrate ran first), the pattern's service and the service guarded after build()
        assertThat(JSON.convertValue(trigger.path("DependsOn"), List.class)).contains(
                logicalId(flow.getGate().getResource()), logicalId(flow.getLoadBalancedService().getService()),
                logicalId(extra));
        JsonNode props = trigger.path("Properties");
        assertThat(props.path("Command").toString()).isEqualTo("[\"backfill\"]");
        assertThat(props.path("Wait").asText()).isEqualTo("false");
        assertThat(props.has("WaitSeconds")).isFalse();
        // the gate's own Provider and the same state machine: no new function, no new role
        assertThat(props.path("ServiceToken")).isEqualTo(gate.at("/Properties/ServiceToken"));
        assertThat(props.path("StateMachineArn")).isEqualTo(gate.at("/Properties/StateMachineArn"));
        assertThat(props.path("StateMachineArn").toString()).contains(logicalId(flow.getWorkflow().getStateMachine()));
        // its fingerprint is the migrations folder's (D files count in it), distinct from the gate's (command differs)
        assertThat(props.path("MigrationsFingerprint").asText()).isEqualTo(flow.getGate().getMigrationsFingerprint());
        assertThat(props.path("Fingerprint").asText()).isNotEmpty().isNotEqualTo(flow.getGate().getFingerprint());
        assertThat(resources.values().stream().filter(r -> "AWS::Lambda::Function".equals(((Map<?, ?>) r).get("Type"))))
                .hasSize(5);
        // least privilege: the only Step Functions right that starts anything is StartExecution on this state machine
        String stateMachine = logicalId(flow.getWorkflow().getStateMachine());
        List<JsonNode> starts = new java.util.ArrayList<>();
        for (Object r : resources.values()) {
            JsonNode node = JSON.valueToTree(r);
            if (node.path("Type").asText().equals("AWS::IAM::Policy")) {
                node.at("/Properties/PolicyDocument/Statement").forEach(st -> {
                    if (st.path("Action").toString().contains("states:StartExecution")) {
                        starts.add(st);
                    }
                });
            }
        }
        JsonNode onEventPolicy = JSON.valueToTree(resource(Nag.defaultPolicy(flow.getGate().getOnEventHandler().getRole())));
        assertThat(starts).anySatisfy(st -> {
            assertThat(st.path("Action").asText()).isEqualTo("states:StartExecution");
            assertThat(st.path("Resource").toString()).isEqualTo("{\"Ref\":\"" + stateMachine + "\"}");
        });
        assertThat(onEventPolicy.toString()).contains("states:StartExecution").doesNotContain("states:*");
        assertThat(starts).allSatisfy(st -> assertThat(st.path("Resource").toString()).doesNotContain("\"*\""));
    }

    @Test
    void theBackfillTriggerExistsOnlyWhenAskedOrWhenTheFolderHoldsABackfill(@TempDir Path dir) throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Files.writeString(plain.resolve("V1__t.sql"), "CREATE TABLE t (id bigint PRIMARY KEY);");
        Path withD = Files.createDirectories(dir.resolve("withD"));
        Files.writeString(withD.resolve("V1__t.sql"), "CREATE TABLE t (id bigint PRIMARY KEY, x int);");
        Files.writeString(withD.resolve("D1__fill_x.sql"), "-- migratefirst:backfill table=t key=id\n"
                + "UPDATE t SET x = 0 WHERE id BETWEEN :from AND :to AND x IS NULL;");
        Stack other = new Stack(new App(), "Backfills");
        java.util.function.BiFunction<String, Path, MigrateFirstFlow.Builder> flowOf = (id, folder) ->
                MigrateFirstFlow.Builder.create(other, id).vpc(flow.getMigrationTask().getVpc())
                        .database(flow.getMigrationTask().getDatabase())
                        .image(ContainerImage.fromRegistry("public.ecr.aws/example/app:1.0"))
                        .migrationsDirectory(folder);
        assertThat(flowOf.apply("Plain", plain).build().getBackfillTrigger()).isNull();
        MigrateFirstFlow decided = flowOf.apply("WithD", withD).build();
        assertThat(decided.getBackfillTrigger()).isNotNull();
        assertThat(decided.getGate().getNode().tryFindChild("Backfill")).isSameAs(decided.getBackfillTrigger());
        MigrateFirstFlow off = flowOf.apply("Off", withD).runBackfills(false).build();
        assertThat(off.getBackfillTrigger()).isNull();
        assertThat(off.getGate().getNode().tryFindChild("Backfill")).isNull();
        assertThat(flowOf.apply("On", plain).runBackfills(true).build().getBackfillTrigger()).isNotNull();
        // a guarded service in another stack: the trigger cannot wait for it (a cycle), refused with a way out
        Stack elsewhere = new Stack((App) other.getNode().getRoot(), "Elsewhere");
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(elsewhere, "T").build();
        assertThatThrownBy(() -> decided.guard(task))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Backfills/WithD: runBackfills: the backfill trigger must wait for Elsewhere/T, which is in "
                        + "another stack; guard it from this stack, or set runBackfills(false) and start the backfill "
                        + "with bin/run-migrations --no-wait -- backfill");
        off.guard(task);
    }

    @Test
    void aServiceForADatabaseWithoutAnAppSecretIsRefused() {
        Stack bad = new Stack(new App(), "NoAppSecret");
        Vpc vpc = Vpc.Builder.create(bad, "Vpc").maxAzs(2).natGateways(1).build();
        DatabaseInstance db = DatabaseInstance.Builder.create(bad, "Db").vpc(vpc)
                .engine(DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                        .version(PostgresEngineVersion.VER_16).build())).build();
        IPostgresDatabase database = PostgresDatabase.fromDatabaseInstance(bad, "ExistingDb", db,
                ExistingDatabaseOptions.builder().databaseName("orders").build());
        assertThatThrownBy(() -> MigrateFirstFlow.Builder.create(bad, "Flow").vpc(vpc).database(database)
                .image(ContainerImage.fromRegistry("public.ecr.aws/example/app:1.0"))
                .migrationsDirectory(Path.of("migrations")).loadBalancedService(true).build())
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("NoAppSecret/Flow: database.appSecret:");
    }

    @Test
    void servicePropsWithoutTheServiceFailNamingTheProp() {
        Stack bad = new Stack(new App(), "Bad");
        assertThatThrownBy(() -> MigrateFirstFlow.Builder.create(bad, "Flow").vpc(flow.getMigrationTask().getVpc())
                .database(flow.getMigrationTask().getDatabase()).servicePort(80).build())
                .isInstanceOf(ValidationException.class)
                .hasMessage("Bad/Flow: servicePort: is set but loadBalancedService is not true");
        assertThatThrownBy(() -> MigrateFirstFlow.Builder.create(bad, "Flow2").vpc(flow.getMigrationTask().getVpc())
                .database(flow.getMigrationTask().getDatabase())
                .gateSecurityGroup(flow.getMigrationTask().getSecurityGroup()).build())
                .isInstanceOf(ValidationException.class)
                .hasMessage("Bad/Flow2: gateSecurityGroup: is set but gateVpcSubnets is not");
    }

    private static Map<?, ?> resource(IConstruct construct) {
        return (Map<?, ?>) resources.get(logicalId(construct));
    }

    private static String logicalId(IConstruct construct) {
        IConstruct element = construct instanceof CfnElement ? construct : construct.getNode().getDefaultChild();
        return stack.resolve(((CfnElement) element).getLogicalId()).toString();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
