package dev.migratefirst.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.internal.ValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;

/** Template assertions on task, workflow and gate, synthesized once. */
class MigrationConstructsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode template;
    private static MigrationStackFixture fixture;
    private static Stack stack;
    private static Stack downstream;
    private static MigrationTask armTask;
    private static JsonNode assets;

    @BeforeAll
    static void synth() {
        App app = new App();
        stack = new Stack(app, "GateTest");
        fixture = new MigrationStackFixture(stack, Paths.get("migrations"), null);
        FargateTaskDefinition appTask = FargateTaskDefinition.Builder.create(stack, "AppTask").build();
        appTask.addContainer("App", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromRegistry("public.ecr.aws/example/app:1.0")).build());
        FargateService service = FargateService.Builder.create(stack, "Service")
                .cluster(fixture.workflow.getCluster()).taskDefinition(appTask).build();
        fixture.gate.guard(service);
        downstream = new Stack(app, "GateTestDownstream");
        software.amazon.awscdk.services.sns.Topic topic = new software.amazon.awscdk.services.sns.Topic(downstream, "T");
        fixture.gate.guard(topic);
        // the default application image for an ARM64 task (only its asset manifest is looked at)
        armTask = MigrationTask.Builder.create(stack, "ArmTask").vpc(fixture.vpc).database(fixture.database)
                .cpuArchitecture(software.amazon.awscdk.services.ecs.CpuArchitecture.ARM64).build();
        template = JSON.valueToTree(Template.fromStack(stack).toJSON());
        try {
            assets = JSON.readTree(Paths.get(app.synth().getDirectory(), "GateTest.assets.json").toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Map.Entry<String, JsonNode>> resources(String type) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        template.get("Resources").fields().forEachRemaining(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                out.add(e);
            }
        });
        return out;
    }

    private static String logicalId(software.constructs.IConstruct c) {
        return stack.getLogicalId((software.amazon.awscdk.CfnElement) c.getNode().getDefaultChild());
    }

    private static List<JsonNode> statementsOf(String roleLogicalId) {
        List<JsonNode> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> p : resources("AWS::IAM::Policy")) {
            for (JsonNode r : p.getValue().at("/Properties/Roles")) {
                if (roleLogicalId.equals(r.path("Ref").asText())) {
                    p.getValue().at("/Properties/PolicyDocument/Statement").forEach(out::add);
                }
            }
        }
        return out;
    }

    private static List<JsonNode> withAction(List<JsonNode> statements, String action) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode s : statements) {
            JsonNode a = s.get("Action");
            if (a.isTextual() ? a.asText().equals(action) : a.toString().contains("\"" + action + "\"")) {
                out.add(s);
            }
        }
        return out;
    }

    @Test
    void withoutAKeyEachConstructCreatesOneWithRotationAndEncryptsItsLogGroupsWithIt() {
        // task, workflow, gate of the fixture and the ARM64 task: one key each, rotation on
        assertThat(resources("AWS::KMS::Key")).hasSize(4).allSatisfy(k ->
                assertThat(k.getValue().at("/Properties/EnableKeyRotation").asBoolean()).isTrue());
        assertThat(template.at("/Resources/" + logicalId(fixture.task.getLogGroup()) + "/Properties/KmsKeyId/Fn::GetAtt/0")
                .asText()).isEqualTo(logicalId(fixture.task.getEncryptionKey()));
        assertThat(template.at("/Resources/" + logicalId(fixture.workflow.getStateMachine())
                + "/Properties/EncryptionConfiguration/KmsKeyId/Fn::GetAtt/0").asText())
                .isEqualTo(logicalId(fixture.workflow.getEncryptionKey()));
        String gateKey = logicalId(fixture.gate.getEncryptionKey());
        for (software.constructs.IConstruct handler : List.of(fixture.gate.getOnEventHandler().getLogGroup(),
                fixture.gate.getIsCompleteHandler().getLogGroup())) {
            assertThat(template.at("/Resources/" + logicalId(handler) + "/Properties/KmsKeyId/Fn::GetAtt/0").asText())
                    .isEqualTo(gateKey);
        }
        // every log group of the stack is encrypted
        assertThat(resources("AWS::Logs::LogGroup")).allSatisfy(g ->
                assertThat(g.getValue().at("/Properties/KmsKeyId").isMissingNode()).as(g.getKey()).isFalse());
    }

    @Test
    void serviceDependsOnTheGate() {
        String gateId = logicalId(fixture.gate.getResource());
        JsonNode service = resources("AWS::ECS::Service").get(0).getValue();
        assertThat(service.path("DependsOn").toString()).contains("\"" + gateId + "\"");
        assertThat(resources(MigrationGate.RESOURCE_TYPE)).hasSize(1);
    }

    @Test
    void guardAcrossStacksMakesTheOtherStackDependOnTheGatesStack() {
        assertThat(downstream.getDependencies()).contains(stack);
        assertThat(stack.getDependencies()).doesNotContain(downstream);
    }

    /** Issue 12 and 14: non-root, read-only root, /tmp on ephemeral storage, 256 CPU / 512 MiB by default. */
    @Test
    void migrationTasksRunHardenedOnTheSmallestFargateSize() {
        List<Map.Entry<String, JsonNode>> runners = resources("AWS::ECS::TaskDefinition").stream()
                .filter(e -> e.getValue().at("/Properties/ContainerDefinitions").toString()
                        .contains("\"Name\":\"" + MigrationTask.CONTAINER_NAME + "\""))
                .toList();
        assertThat(runners).hasSize(2); // the fixture's task and the ARM64 one
        for (Map.Entry<String, JsonNode> task : runners) {
            assertThat(dev.migratefirst.testsupport.TaskDefinitionChecks.hardeningProblems(task.getValue(),
                    MigrationTask.CONTAINER_NAME)).as(task.getKey()).isEmpty();
            assertThat(task.getValue().at("/Properties/Cpu").asText()).isEqualTo("256");
            assertThat(task.getValue().at("/Properties/Memory").asText()).isEqualTo("512");
            assertThat(task.getValue().at("/Properties/ContainerDefinitions/0/Memory").asInt()).isEqualTo(512);
            assertThat(task.getValue().at("/Properties/Volumes").toString()).isEqualTo("[{\"Name\":\"tmp\"}]");
        }
        // the check itself: the fixture's plain app task (no user, writable root, no /tmp volume) fails it
        JsonNode plain = template.at("/Resources/" + stack.getLogicalId((software.amazon.awscdk.CfnElement)
                stack.getNode().findChild("AppTask").getNode().getDefaultChild()));
        assertThat(dev.migratefirst.testsupport.TaskDefinitionChecks.hardeningProblems(plain, "App"))
                .anyMatch(p -> p.startsWith("User is"))
                .anyMatch(p -> p.startsWith("ReadonlyRootFilesystem"))
                .anyMatch(p -> p.startsWith("writable mount points"));
    }

    @Test
    void databaseCredentialsAreEcsSecretsNeverPlainEnvironment() {
        JsonNode container = resources("AWS::ECS::TaskDefinition").stream()
                .map(e -> e.getValue().at("/Properties/ContainerDefinitions/0"))
                .filter(c -> MigrationTask.CONTAINER_NAME.equals(c.path("Name").asText()))
                .findFirst().orElseThrow();
        Map<String, String> env = new java.util.TreeMap<>();
        container.path("Environment").forEach(e -> env.put(e.path("Name").asText(), e.path("Value").asText()));
        // where the database is: plain environment from the endpoint and the name known at synth
        assertThat(env).containsOnlyKeys("MIGRATIONS_LOCATION", "DB_HOST", "DB_PORT", "DB_NAME")
                .containsEntry("DB_HOST", "db.example.internal").containsEntry("DB_PORT", "5432")
                .containsEntry("DB_NAME", "app");
        Map<String, String> secretField = new java.util.TreeMap<>();
        for (JsonNode s : container.path("Secrets")) {
            String valueFrom = s.path("ValueFrom").toString();
            assertThat(valueFrom).as("secret %s comes from the database secret", s.path("Name").asText())
                    .contains(logicalId(fixture.database.getSecret()));
            secretField.put(s.path("Name").asText(), valueFrom.replaceAll("(?s).*\":([a-z]+)::\".*", "$1"));
        }
        // only the keys the secret's generated template writes; no "dbname", "host" or "port"
        assertThat(secretField).containsExactlyInAnyOrderEntriesOf(Map.of("DB_USER", "username",
                "DB_PASSWORD", "password"));
        assertThat(container.toString()).doesNotContain("password\":\"").doesNotContain("SecretString");
    }

    @Test
    void executionRoleReadsThatOneSecretOnly() {
        String executionRole = logicalId(fixture.task.getExecutionRole());
        List<JsonNode> reads = withAction(statementsOf(executionRole), "secretsmanager:GetSecretValue");
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).get("Resource").toString())
                .isEqualTo("{\"Ref\":\"" + logicalId(fixture.database.getSecret()) + "\"}");
        assertThat(statementsOf(logicalId(fixture.task.getTaskRole()))).as("task role has no permission").isEmpty();
    }

    @Test
    void taskSecurityGroupIsAllowedToTheDatabasePort() {
        String dbSg = logicalId(fixture.database.getConnections().getSecurityGroups().get(0));
        String taskSg = logicalId(fixture.task.getSecurityGroup());
        assertThat(fixture.task.getConnections().getSecurityGroups()).containsExactly(fixture.task.getSecurityGroup());
        assertThat(resources("AWS::EC2::SecurityGroupIngress")).anySatisfy(e -> {
            JsonNode p = e.getValue().get("Properties");
            assertThat(p.path("FromPort").asInt()).isEqualTo(5432);
            assertThat(p.path("ToPort").asInt()).isEqualTo(5432);
            assertThat(p.path("GroupId").toString()).contains(dbSg);
            assertThat(p.path("SourceSecurityGroupId").toString()).contains(taskSg);
        });
    }

    @Test
    void taskSecurityGroupLetsOutOnlyHttpsAndTheDatabasePort() {
        String dbSg = logicalId(fixture.database.getConnections().getSecurityGroups().get(0));
        String taskSg = logicalId(fixture.task.getSecurityGroup());
        JsonNode group = template.at("/Resources/" + taskSg + "/Properties");
        List<JsonNode> egress = new ArrayList<>();
        group.path("SecurityGroupEgress").forEach(egress::add);
        for (Map.Entry<String, JsonNode> e : resources("AWS::EC2::SecurityGroupEgress")) {
            if (e.getValue().at("/Properties/GroupId").toString().contains(taskSg)) {
                egress.add(e.getValue().get("Properties"));
            }
        }
        assertThat(egress).as("no all-traffic egress").noneMatch(r -> "-1".equals(r.path("IpProtocol").asText()));
        assertThat(egress).extracting(r -> r.path("FromPort").asInt()).containsExactlyInAnyOrder(443, 5432);
        assertThat(egress).filteredOn(r -> r.path("FromPort").asInt() == 5432).singleElement()
                .satisfies(r -> assertThat(r.path("DestinationSecurityGroupId").toString()).contains(dbSg));
    }

    @Test
    void logGroupHasRetention() {
        JsonNode logGroup = template.at("/Resources/" + logicalId(fixture.task.getLogGroup()));
        assertThat(logGroup.at("/Properties/RetentionInDays").asInt()).isEqualTo(90);
    }

    @Test
    void stateMachineRunsThisTaskDefinitionAndPassesExactlyItsTwoRoles() {
        String smRole = logicalId(fixture.workflow.getStateMachine().getRole());
        List<JsonNode> statements = statementsOf(smRole);
        List<JsonNode> runTask = withAction(statements, "ecs:RunTask");
        assertThat(runTask).hasSize(1);
        String taskDef = logicalId(fixture.task.getTaskDefinition());
        assertThat(runTask.get(0).get("Resource").toString()).contains(taskDef).doesNotContain("\"*\"");

        List<JsonNode> passRole = withAction(statements, "iam:PassRole");
        assertThat(passRole).hasSize(1);
        List<String> passed = new ArrayList<>();
        JsonNode res = passRole.get(0).get("Resource");
        (res.isArray() ? res : JSON.createArrayNode().add(res)).forEach(r -> passed.add(r.at("/Fn::GetAtt/0").asText()));
        assertThat(passed).containsExactlyInAnyOrder(logicalId(fixture.task.getTaskRole()),
                logicalId(fixture.task.getExecutionRole()));

        List<JsonNode> logs = withAction(statements, "logs:GetLogEvents");
        assertThat(logs).hasSize(1);
        assertThat(logs.get(0).get("Resource").toString()).contains(logicalId(fixture.task.getLogGroup()));
    }

    @Test
    void stateMachineIsStandardWithLoggingAndTracing() {
        JsonNode sm = template.at("/Resources/" + logicalId(fixture.workflow.getStateMachine()) + "/Properties");
        assertThat(sm.path("StateMachineType").asText()).isEqualTo("STANDARD");
        assertThat(sm.at("/TracingConfiguration/Enabled").asBoolean()).isTrue();
        assertThat(sm.at("/LoggingConfiguration/Level").asText()).isEqualTo("ALL");
    }

    @Test
    void failedExecutionsRaiseAnAlarm() {
        JsonNode alarm = template.at("/Resources/" + logicalId(fixture.workflow.getFailureAlarm()) + "/Properties");
        assertThat(alarm.path("Threshold").asInt()).isEqualTo(1);
        assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
        assertThat(alarm.path("Metrics").toString()).contains("ExecutionsFailed").contains("ExecutionsTimedOut")
                .contains("ExecutionsAborted").contains(logicalId(fixture.workflow.getStateMachine()));
    }

    @Test
    void definitionRunsTheTaskSyncWithTimeoutAndFailsWithLogLines() throws IOException {
        JsonNode definition = definition();
        JsonNode run = definition.at("/States/RunMigrationTask");
        assertThat(run.path("Resource").toString()).contains("ecs:runTask.sync");
        assertThat(run.path("TimeoutSeconds").asInt()).isEqualTo(1800);
        assertThat(run.at("/Parameters/LaunchType").asText()).isEqualTo("FARGATE");
        assertThat(run.at("/Parameters/Overrides/ContainerOverrides/0/Command.$").asText()).isEqualTo("$.command");
        assertThat(run.at("/Catch/0/Next").asText()).isEqualTo("ClassifyFailure");
        JsonNode fetch = definition.at("/States/FetchLastLogLines");
        assertThat(fetch.path("Resource").toString()).contains("aws-sdk:cloudwatchlogs:getLogEvents");
        assertThat(fetch.at("/Arguments/Limit").asInt()).isEqualTo(50);
        assertThat(definition.at("/States/MigrationFailed/Type").asText()).isEqualTo("Fail");
        assertThat(definition.at("/States/MigrationFailed/Error").asText()).isEqualTo("MigrationFailed");
    }

    @Test
    void definitionPassesAslValidator() throws Exception {
        Path file = Paths.get("target", "migration-workflow.asl.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(definition()));
        Path validator = Paths.get("node_modules/.bin/asl-validator").toAbsolutePath();
        assertThat(validator).as("run `npm ci` first: asl-validator is pinned in package.json").exists();
        Process p = new ProcessBuilder(validator.toString(), "--json-path", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        System.out.println("asl-validator: " + out.strip());
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("asl-validator reports the definition valid").contains("✓").doesNotContain("✕");
    }

    @Test
    void everyOutcomeGivesTheOperatorTheRightErrorAndCause() throws Exception {
        Path file = Paths.get("target", "migration-workflow-sim.asl.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON.writeValueAsString(definition()));
        assertThat(Paths.get("node_modules/jsonata/package.json"))
                .as("run `npm ci` first: jsonata comes with the pinned asl-validator").exists();
        ProcessBuilder pb = new ProcessBuilder("node", "--test", "--test-reporter=tap", "src/test/node-workflow/")
                .redirectErrorStream(true);
        pb.environment().put("WORKFLOW_DEFINITION", file.toAbsolutePath().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        System.out.println("workflow path simulation (node --test):\n" + out.lines()
                .filter(l -> l.matches("^(ok|not ok|# (tests|pass|fail)) .*")).reduce("", (a, b) -> a + b + "\n"));
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("# fail 0").containsPattern("# pass [1-9]");
    }

    @Test
    void gateCarriesFingerprintImageAndBoundedWait() {
        JsonNode gate = resources(MigrationGate.RESOURCE_TYPE).get(0).getValue();
        JsonNode p = gate.get("Properties");
        assertThat(p.path("Fingerprint").asText()).matches("[0-9a-f]{64}");
        assertThat(p.path("MigrationsFingerprint").asText()).matches("[0-9a-f]{64}")
                .as("the fingerprint of the repository's migrations/ folder")
                .isEqualTo(dev.migratefirst.migrations.MigrationsFolder.read(Paths.get("migrations")).fingerprint());
        assertThat(p.path("Image").asText()).isEqualTo("public.ecr.aws/example/app:1.0");
        assertThat(p.path("WaitSeconds").asText()).isEqualTo("2700");
        assertThat(p.at("/Environment/MIGRATIONS_LOCATION").asText()).isEqualTo("filesystem:/app/migrations");
        assertThat(p.path("ServiceTimeout").asInt()).isBetween(2700, 3600);
        assertThat(p.path("StateMachineArn").toString()).contains(logicalId(fixture.workflow.getStateMachine()));
    }

    @Test
    void everyPropertyTheHandlerComparesIsOneTheGateSets() throws IOException {
        String handler = Files.readString(Paths.get("src/main/resources/dev/migratefirst/migration/gate-handler/index.mjs"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("TRIGGER_KEYS = \\[([^\\]]*)\\]").matcher(handler);
        assertThat(m.find()).as("index.mjs declares TRIGGER_KEYS").isTrue();
        List<String> keys = new ArrayList<>();
        java.util.regex.Matcher k = java.util.regex.Pattern.compile("'([A-Za-z]+)'").matcher(m.group(1));
        while (k.find()) {
            keys.add(k.group(1));
        }
        JsonNode props = resources(MigrationGate.RESOURCE_TYPE).get(0).getValue().get("Properties");
        assertThat(keys).containsExactly("Fingerprint", "Image", "Environment");
        assertThat(keys).allSatisfy(key -> assertThat(props.has(key)).as("gate property %s", key).isTrue());
        assertThat(props.has("StateMachineArn")).isTrue();
        assertThat(props.has("WaitSeconds")).isTrue();
    }

    @Test
    void gateHandlersAreScopedToTheWorkflowAndStack() {
        List<JsonNode> onEvent = statementsOf(logicalId(fixture.gate.getOnEventHandler().getRole()));
        assertThat(withAction(onEvent, "states:StartExecution").get(0).get("Resource").toString())
                .contains(logicalId(fixture.workflow.getStateMachine()));
        assertThat(withAction(onEvent, "cloudformation:DescribeStacks").get(0).get("Resource").toString())
                .contains("AWS::StackId");
        List<JsonNode> isComplete = statementsOf(logicalId(fixture.gate.getIsCompleteHandler().getRole()));
        assertThat(withAction(isComplete, "states:StopExecution").get(0).get("Resource").toString())
                .contains(":execution:").contains(logicalId(fixture.workflow.getStateMachine()));
    }

    @Test
    void armTaskGetsAnArmImageAndAMismatchFailsAtSynth() {
        JsonNode container = template.at("/Resources/" + logicalId(armTask.getTaskDefinition()));
        assertThat(container.at("/Properties/RuntimePlatform/CpuArchitecture").asText()).isEqualTo("ARM64");
        List<String> platforms = new ArrayList<>();
        assets.path("dockerImages").forEach(i -> platforms.add(i.at("/source/platform").asText()));
        assertThat(platforms).containsExactly("linux/arm64");
        Stack s = new Stack(new App(), "Arch");
        MigrationStackFixture f = new MigrationStackFixture(s, Paths.get("migrations"), null);
        assertThatThrownBy(() -> MigrationTask.Builder.create(s, "Task").vpc(f.vpc).database(f.database)
                .image(ApplicationImage.fromProjectDirectory("."))
                .cpuArchitecture(software.amazon.awscdk.services.ecs.CpuArchitecture.ARM64).build())
                .isInstanceOf(ValidationException.class)
                .hasMessage("Arch/Task: cpuArchitecture: ARM64 needs an image built for linux/arm64, but the image is "
                        + "built for linux/amd64; pass ApplicationImageProps.platform(...) to match, or change "
                        + "cpuArchitecture");
    }

    @Test
    void runTaskRetriesOnlyRefusalsBeforeTheTaskStartedWithBackoff() throws IOException {
        JsonNode retry = definition().at("/States/RunMigrationTask/Retry");
        assertThat(retry).hasSize(1);
        List<String> errors = new ArrayList<>();
        retry.get(0).path("ErrorEquals").forEach(e -> errors.add(e.asText()));
        assertThat(errors).containsExactlyInAnyOrderElementsOf(MigrationWorkflow.RUN_TASK_RETRY_ERRORS)
                .contains("ECS.AccessDeniedException", "ECS.AmazonECSException", "ECS.ThrottlingException",
                        "AmazonECS.Unknown")
                .doesNotContain("States.ALL", "States.TaskFailed", "States.Timeout");
        assertThat(retry.get(0).path("BackoffRate").asDouble()).isEqualTo(2.0);
        assertThat(retry.get(0).path("MaxAttempts").asInt()).isEqualTo(4);
        assertThat(retry.get(0).path("JitterStrategy").asText()).isEqualTo("FULL");
    }

    @Test
    void stepFunctionsLogGroupsAreVendedLogs() {
        JsonNode sm = template.at("/Resources/" + logicalId(fixture.workflow.getStateMachine()) + "/Properties");
        String workflowLogs = sm.at("/LoggingConfiguration/Destinations/0/CloudWatchLogsLogGroup/LogGroupArn/Fn::GetAtt/0")
                .asText();
        assertThat(template.at("/Resources/" + workflowLogs + "/Properties/LogGroupName").asText())
                .startsWith("/aws/vendedlogs/states/").endsWith("-Executions");
        List<String> waiterLogs = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : resources("AWS::StepFunctions::StateMachine")) {
            String lg = e.getValue().at("/Properties/LoggingConfiguration/Destinations/0/CloudWatchLogsLogGroup"
                    + "/LogGroupArn/Fn::GetAtt/0").asText();
            waiterLogs.add(template.at("/Resources/" + lg + "/Properties/LogGroupName").asText());
        }
        assertThat(waiterLogs).hasSize(2).allSatisfy(n -> assertThat(n).startsWith("/aws/vendedlogs/states/"));
    }

    @Test
    void frameworkLogsAtInfoAndHandlersKnowTheRealLogGroups() {
        for (String fn : List.of("framework-onEvent", "framework-isComplete", "framework-onTimeout")) {
            software.amazon.awscdk.services.lambda.Function f = (software.amazon.awscdk.services.lambda.Function)
                    fixture.gate.getProvider().getNode().findChild(fn);
            assertThat(template.at("/Resources/" + logicalId(f) + "/Properties/LoggingConfig/ApplicationLogLevel")
                    .asText()).as(fn).isEqualTo("INFO");
        }
        for (var handler : List.of(fixture.gate.getOnEventHandler(), fixture.gate.getIsCompleteHandler())) {
            JsonNode fn = template.at("/Resources/" + logicalId(handler) + "/Properties");
            String logs = fn.at("/Environment/Variables/" + MigrationGate.LOGS_VARIABLE).toString();
            assertThat(logs).contains(logicalId(fixture.task.getLogGroup()))
                    .contains(logicalId(fixture.workflow.getLogGroup()))
                    .contains(logicalId(fixture.gate.getOnEventHandler().getLogGroup()))
                    .contains(logicalId(fixture.gate.getIsCompleteHandler().getLogGroup()))
                    .doesNotContain("/aws/lambda/");
            assertThat(fn.at("/LoggingConfig/LogGroup").toString()).contains(logicalId(handler.getLogGroup()));
        }
    }

    @Test
    void gateWaitsForTheRulesThatLetTheTaskReachTheDatabase() {
        String taskSg = logicalId(fixture.task.getSecurityGroup());
        String dependsOn = template.at("/Resources/" + logicalId(fixture.gate.getResource()) + "/DependsOn").toString();
        assertThat(dependsOn).contains("\"" + taskSg + "\"");
        List<String> ingress = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : resources("AWS::EC2::SecurityGroupIngress")) {
            if (e.getValue().at("/Properties/SourceSecurityGroupId").toString().contains(taskSg)) {
                ingress.add(e.getKey());
            }
        }
        assertThat(ingress).isNotEmpty().allSatisfy(id -> assertThat(dependsOn).contains("\"" + id + "\""));
    }

    @Test
    void badPropsFailWithTheirNameAndPath() {
        Stack s = new Stack(new App(), "Bad");
        MigrationStackFixture f = new MigrationStackFixture(s, Paths.get("migrations"), null);
        assertThatThrownBy(() -> MigrationGate.Builder.create(s, "Gate2").workflow(f.workflow)
                .waitTimeout(Duration.minutes(59)).build())
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("Bad/Gate2: waitTimeout: must be between 1 and 55 minutes");
        assertThatThrownBy(() -> MigrationGate.Builder.create(s, "Gate3").workflow(f.workflow)
                .migrationsDirectory(Paths.get("does-not-exist")).build())
                .hasMessageStartingWith("Bad/Gate3: migrationsDirectory: ").hasMessageContaining("does-not-exist");
        assertThatThrownBy(() -> MigrationGate.Builder.create(s, "Gate4").workflow(f.workflow)
                .forceRunToken(s.getAccount()).build())
                .hasMessageStartingWith("Bad/Gate4: forceRunToken: must be a plain string known at synth");
        assertThatThrownBy(() -> MigrationTask.Builder.create(s, "Task2").vpc(f.vpc).database(f.database)
                .image(ContainerImage.fromRegistry("x")).environment(Map.of("DB_PASSWORD", "x")).build())
                .hasMessage("Bad/Task2: environment: must not set DB_PASSWORD: the database connection is injected "
                        + "from the database and its secret");
        assertThatThrownBy(() -> MigrationTask.Builder.create(s, "Task3").vpc(f.vpc).database(f.database)
                .image(ContainerImage.fromRegistry("x")).environment(Map.of("DATABASE_URL", "x")).build())
                .hasMessageStartingWith("Bad/Task3: environment: must not set DATABASE_URL");
        assertThatThrownBy(() -> MigrationTask.Builder.create(s, "Task4").vpc(f.vpc).database(f.database)
                .image(ContainerImage.fromRegistry("x")).cpu(128).build())
                .hasMessage("Bad/Task4: cpu: must be between 256 and 16384 (got 128)");
        assertThatThrownBy(() -> MigrationTask.Builder.create(s, "Task5").database(f.database).build())
                .hasMessage("Bad/Task5: vpc: is required");
        assertThatThrownBy(() -> MigrationGate.Builder.create(s, "Gate5").workflow(f.workflow)
                .waitTimeout(Duration.minutes(20)).build())
                .hasMessage("Bad/Gate5: waitTimeout: must be longer than the workflow's timeout (30 minutes), so the "
                        + "workflow stops the task and reports its own timeout with the cause (got 20 minutes)");
        assertThatThrownBy(() -> MigrationGate.Builder.create(s, "Gate6").workflow(f.workflow)
                .waitTimeout(Duration.seconds(2710)).build())
                .hasMessageStartingWith("Bad/Gate6: waitTimeout: must be a multiple of queryInterval (20 seconds)");
        assertThatThrownBy(() -> MigrationGate.Builder.create(s, "Gate7").workflow(f.workflow)
                .reservedConcurrency(0).build())
                .hasMessage("Bad/Gate7: reservedConcurrency: must be between 1 and 100 (got 0)");
        assertThatThrownBy(() -> MigrationGate.Builder.create(s, "Gate8").workflow(f.workflow)
                .vpcSubnets(software.amazon.awscdk.services.ec2.SubnetSelection.builder().build()).build())
                .hasMessage("Bad/Gate8: vpcSubnets: is set but vpc is not");
        assertThatThrownBy(() -> MigrationGate.Builder.create(s, "Gate9").workflow(f.workflow)
                .securityGroup(f.task.getSecurityGroup()).build())
                .hasMessage("Bad/Gate9: securityGroup: is set but vpc is not");
    }

    /** What CloudFormation would put for a token: pseudo parameters as in a real account, names otherwise. */
    private static String placeholder(JsonNode token) {
        return switch (token.path("Ref").asText()) {
            case "AWS::Partition" -> "aws";
            case "AWS::Region" -> "eu-west-1";
            case "AWS::AccountId" -> "111122223333";
            case "AWS::URLSuffix" -> "amazonaws.com";
            default -> "resolved-" + token.toString().replaceAll("[^A-Za-z0-9]", "");
        };
    }

    private static JsonNode definition() throws IOException {
        JsonNode sm = template.at("/Resources/" + logicalId(fixture.workflow.getStateMachine())
                + "/Properties/DefinitionString");
        StringBuilder text = new StringBuilder();
        if (sm.isTextual()) {
            text.append(sm.asText());
        } else {
            for (JsonNode part : sm.at("/Fn::Join/1")) {
                text.append(part.isTextual() ? part.asText() : placeholder(part));
            }
        }
        return JSON.readTree(text.toString());
    }
}
