package dev.migratefirst.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.migration.MigrationGate;
import dev.migratefirst.migrations.MigrationsFolder;
import dev.migratefirst.testsupport.AssemblyChecks;
import dev.migratefirst.testsupport.SecretLiterals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.constructs.IConstruct;

/**
 * The example migrate-first stack of {@link ExampleApp} (the database sits in the data stack, the
 * network has no NAT: isolated subnets and VPC endpoints), under cdk-nag AwsSolutions. Reads the shared
 * {@link SynthesizedExampleApp} assembly ({@code Annotations.fromStack} would synthesize the whole app
 * again, with cdk-nag, on every call).
 */
class MigrationServiceStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static MigrationServiceStack stack;
    private static CloudAssembly assembly;
    private static Map<String, Object> rawTemplate;
    private static JsonNode template;

    @BeforeAll
    static void synth() {
        SynthesizedExampleApp example = SynthesizedExampleApp.get();
        stack = example.stack(ExampleApp.SERVICE_STACK, MigrationServiceStack.class);
        assembly = example.assembly();
        assertThat(assembly.getStacks()).hasSize(2);
        rawTemplate = AssemblyChecks.templates(assembly).get(ExampleApp.SERVICE_STACK);
        template = JSON.valueToTree(rawTemplate);
    }

    private static String logicalId(IConstruct c) {
        return stack.getLogicalId((CfnElement) c.getNode().getDefaultChild());
    }

    @Test
    void serviceDependsOnTheGateInTheSameStack() {
        JsonNode service = template.at("/Resources/" + logicalId(stack.getService()));
        assertThat(service.path("DependsOn").toString()).contains("\"" + logicalId(stack.getGate().getResource()) + "\"");
    }

    /**
     * Issue 13 item 4: the example starts its backfills after the service when its migrations folder holds a
     * {@code D} file, decided from the folder, never from a file name; without one there is no trigger.
     */
    @Test
    void theBackfillTriggerFollowsTheExampleMigrationsFolder() {
        boolean backfills = !MigrationsFolder.read(Path.of("migrations")).backfills().isEmpty();
        List<String> triggers = new ArrayList<>();
        template.path("Resources").fields().forEachRemaining(e -> {
            if (MigrationGate.BACKFILL_RESOURCE_TYPE.equals(e.getValue().path("Type").asText())) {
                triggers.add(e.getKey());
            }
        });
        assertThat(stack.getGate().hasBackfills()).isEqualTo(backfills);
        if (!backfills) {
            assertThat(stack.getFlow().getBackfillTrigger()).isNull();
            assertThat(triggers).isEmpty();
            return;
        }
        String id = stack.getLogicalId((CfnElement) stack.getFlow().getBackfillTrigger().getNode().getDefaultChild());
        assertThat(triggers).containsExactly(id);
        JsonNode trigger = template.at("/Resources/" + id);
        assertThat(trigger.path("DependsOn").toString()).contains("\"" + logicalId(stack.getService()) + "\"",
                "\"" + logicalId(stack.getGate().getResource()) + "\"");
        assertThat(trigger.at("/Properties/Command").toString()).isEqualTo("[\"backfill\"]");
        assertThat(trigger.at("/Properties/Wait").asText()).isEqualTo("false");
    }

    @Test
    void taskAndServiceRunInTheApplicationSubnets() {
        JsonNode run = template.at("/Resources/" + logicalId(stack.getWorkflow().getStateMachine())
                + "/Properties/DefinitionString");
        assertThat(run.toString()).contains("ApplicationSubnet");
        JsonNode network = template.at("/Resources/" + logicalId(stack.getService())
                + "/Properties/NetworkConfiguration/AwsvpcConfiguration");
        assertThat(network.path("AssignPublicIp").asText()).isEqualTo("DISABLED");
        assertThat(network.path("Subnets").toString()).contains("ApplicationSubnet");
    }

    @Test
    void serviceRunsTheSameImageWithTheServeEntryPoint() {
        JsonNode containers = template.at("/Resources/" + logicalId(stack.getService().getTaskDefinition())
                + "/Properties/ContainerDefinitions");
        JsonNode migration = template.at("/Resources/" + logicalId(stack.getMigrationTask().getTaskDefinition())
                + "/Properties/ContainerDefinitions/0");
        assertThat(containers.get(0).path("EntryPoint").toString()).isEqualTo("[\"/app/bin/serve\"]");
        assertThat(containers.get(0).path("Image")).isEqualTo(migration.path("Image"));
        assertThat(containers.get(0).at("/PortMappings/0/ContainerPort").asInt()).isEqualTo(8080);
    }

    /** Issue 12: the example service and the migration task run non-root, read-only, /tmp on a volume. */
    @Test
    void serviceAndMigrationTaskRunHardened() {
        JsonNode service = template.at("/Resources/" + logicalId(stack.getService().getTaskDefinition()));
        assertThat(dev.migratefirst.testsupport.TaskDefinitionChecks.hardeningProblems(service, "App")).isEmpty();
        JsonNode migration = template.at("/Resources/" + logicalId(stack.getMigrationTask().getTaskDefinition()));
        assertThat(dev.migratefirst.testsupport.TaskDefinitionChecks.hardeningProblems(migration,
                dev.migratefirst.migration.MigrationTask.CONTAINER_NAME)).isEmpty();
        assertThat(migration.at("/Properties/Cpu").asText()).isEqualTo("256");
        assertThat(migration.at("/Properties/Memory").asText()).isEqualTo("512");
    }

    @Test
    void runTaskOnTheExactRevisionLeavesNoWildcardSuppression() {
        String role = logicalId(stack.getWorkflow().getStateMachine().getRole());
        JsonNode policy = null;
        for (var e : (Iterable<Map.Entry<String, JsonNode>>) () -> template.get("Resources").fields()) {
            if ("AWS::IAM::Policy".equals(e.getValue().path("Type").asText())
                    && e.getValue().at("/Properties/Roles").toString().contains("\"" + role + "\"")) {
                policy = e.getValue();
            }
        }
        assertThat(policy).isNotNull();
        // the feature flag of cdk.json: RunTask names exactly this task definition revision
        assertThat(policy.at("/Properties/PolicyDocument/Statement").toString()).contains("ecs:RunTask");
        assertThat(policy.at("/Metadata/cdk_nag").toString()).contains("Resource::*").doesNotContain("regex");
    }

    @Test
    void noSecretInPlainEnvironmentOrTemplate() {
        assertThat(SecretLiterals.find(rawTemplate)).isEmpty();
    }

    @Test
    void outputsNameTheStateMachineForRunMigrations() {
        Template outputs = Template.fromJSON(rawTemplate);
        outputs.hasOutput(MigrationServiceStack.OUTPUT_STATE_MACHINE,
                Map.of("Value", Map.of("Ref", logicalId(stack.getWorkflow().getStateMachine()))));
        outputs.hasOutput(MigrationServiceStack.OUTPUT_MIGRATION_LOGS, Match.anyValue());
    }

    @Test
    void noUnsuppressedFindingOfAnyOfTheFourCdkNagPacks() throws IOException {
        Map<String, List<String>> findings = AssemblyChecks.errorsAndNagWarnings(assembly);
        assertThat(findings).containsKey(ExampleApp.SERVICE_STACK);
        assertThat(findings.get(ExampleApp.SERVICE_STACK)).isEmpty();
        // each pack's own report of this stack: it ran, and left nothing non-compliant
        for (String pack : AssemblyChecks.NAG_PACKS) {
            Path report = Path.of(assembly.getDirectory(), pack + "-" + ExampleApp.SERVICE_STACK + "-NagReport.csv");
            List<String> rows = Files.readAllLines(report);
            assertThat(rows).as(pack).hasSizeGreaterThan(10);
            assertThat(rows).as(pack).noneMatch(r -> r.contains("\"Non-Compliant\""));
        }
        assertThat(Files.readString(Path.of(assembly.getDirectory(), "NIST.800.53.R5-" + ExampleApp.SERVICE_STACK
                + "-NagReport.csv"))).contains("\"NIST.800.53.R5-LambdaInsideVPC\",\"" + ExampleApp.SERVICE_STACK
                + "/Migrations/MigrationGate/Provider/framework-onEvent/Resource\",\"Compliant\"");
    }

    private static List<JsonNode> resources(String type) {
        List<JsonNode> out = new ArrayList<>();
        template.get("Resources").forEach(r -> {
            if (type.equals(r.path("Type").asText())) {
                out.add(r);
            }
        });
        return out;
    }

    @Test
    void oneRotatedKeyEncryptsEveryLogGroupTheStateMachineAndTheDeadLetterQueue() {
        String key = logicalId(stack.getFlow().getEncryptionKey());
        JsonNode keyResource = template.at("/Resources/" + key);
        assertThat(keyResource.at("/Properties/EnableKeyRotation").asBoolean()).isTrue();
        assertThat(resources("AWS::KMS::Key")).hasSize(1);
        List<JsonNode> logGroups = resources("AWS::Logs::LogGroup");
        assertThat(logGroups).hasSize(7).allSatisfy(g -> assertThat(g.at("/Properties/KmsKeyId").toString())
                .isEqualTo("{\"Fn::GetAtt\":[\"" + key + "\",\"Arn\"]}"));
        JsonNode sm = template.at("/Resources/" + logicalId(stack.getWorkflow().getStateMachine()) + "/Properties");
        assertThat(sm.at("/EncryptionConfiguration/Type").asText()).isEqualTo("CUSTOMER_MANAGED_KMS_KEY");
        assertThat(sm.at("/EncryptionConfiguration/KmsKeyId/Fn::GetAtt/0").asText()).isEqualTo(key);
        assertThat(sm.path("StateMachineName").asText()).isNotBlank();
        JsonNode queue = template.at("/Resources/" + logicalId(stack.getGate().getDeadLetterQueue()) + "/Properties");
        assertThat(queue.at("/KmsMasterKeyId/Fn::GetAtt/0").asText()).isEqualTo(key);
    }

    @Test
    void keyPolicyLetsCloudWatchLogsUseItOnlyForThisAccountsLogGroupsAndStepFunctionsDeliverLogs() {
        JsonNode statements = template.at("/Resources/" + logicalId(stack.getFlow().getEncryptionKey())
                + "/Properties/KeyPolicy/Statement");
        List<String> principals = new ArrayList<>();
        statements.forEach(st -> principals.add(st.path("Principal").toString()));
        // the account (IAM decides, the KMS default), CloudWatch Logs of the region, log delivery: nothing else
        assertThat(principals).hasSize(3);
        JsonNode logs = null;
        for (JsonNode st : statements) {
            if (!st.at("/Condition/ArnLike").isMissingNode()) {
                logs = st;
            }
        }
        assertThat(logs).isNotNull();
        assertThat(logs.at("/Principal/Service").toString()).contains("\"logs.\",{\"Ref\":\"AWS::Region\"}");
        assertThat(logs.at("/Condition/ArnLike").toString()).contains("kms:EncryptionContext:aws:logs:arn",
                ":log-group:*", "AWS::AccountId");
        assertThat(statements.toString()).contains("\"Principal\":{\"Service\":\"delivery.logs.amazonaws.com\"}");
    }

    @Test
    void gateFunctionsUseTheKeyOnlyInTheStateMachinesAndTheQueuesEncryptionContext() {
        String policies = resources("AWS::IAM::Policy").toString();
        String sm = logicalId(stack.getWorkflow().getStateMachine());
        assertThat(policies).contains("\"kms:EncryptionContext:aws:states:stateMachineArn\":{\"Ref\":\"" + sm + "\"}");
        assertThat(policies).contains("\"kms:EncryptionContext:aws:sqs:arn\":{\"Fn::GetAtt\":[\""
                + logicalId(stack.getGate().getDeadLetterQueue()) + "\",\"Arn\"]}");
        for (JsonNode policy : resources("AWS::IAM::Policy")) {
            policy.at("/Properties/PolicyDocument/Statement").forEach(st -> {
                if (st.path("Action").toString().contains("kms:")) {
                    assertThat(st.path("Condition").isMissingNode()).as(st.toString()).isFalse();
                }
            });
        }
    }

    @Test
    void everyAlarmSendsToTheDataStacksTopic() {
        List<JsonNode> alarms = resources("AWS::CloudWatch::Alarm");
        assertThat(alarms).hasSize(2).allSatisfy(a -> assertThat(a.at("/Properties/AlarmActions").toString())
                .contains("PublishOutputRefAlarmTopic"));
        JsonNode failure = template.at("/Resources/" + logicalId(stack.getWorkflow().getFailureAlarm()) + "/Properties");
        assertThat(failure.path("AlarmActions")).hasSize(1);
    }

    @Test
    void everyStateMachineIsTracedWithXRayAndTheWaiterMayWriteTraces() {
        List<JsonNode> machines = resources("AWS::StepFunctions::StateMachine");
        assertThat(machines).hasSize(2).allSatisfy(m ->
                assertThat(m.at("/Properties/TracingConfiguration/Enabled").asBoolean()).isTrue());
        IConstruct waiterRole = stack.getGate().getProvider().getNode().findChild("waiter-state-machine")
                .getNode().findChild("Role");
        String waiterPolicy = template.at("/Resources/" + stack.getLogicalId((CfnElement) waiterRole.getNode()
                .findChild("DefaultPolicy").getNode().getDefaultChild())).toString();
        assertThat(waiterPolicy).contains("xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                "xray:GetSamplingTargets");
    }

    @Test
    void gateFunctionsRunInTheApplicationSubnetsWithHttpsOnlyEgressReservedConcurrencyAndADeadLetterQueue() {
        List<JsonNode> functions = resources("AWS::Lambda::Function");
        String group = logicalId(stack.getGate().getSecurityGroup());
        String queue = logicalId(stack.getGate().getDeadLetterQueue());
        assertThat(functions).hasSize(5).allSatisfy(f -> {
            JsonNode p = f.path("Properties");
            assertThat(p.at("/VpcConfig/SecurityGroupIds").toString()).isEqualTo("[{\"Fn::GetAtt\":[\"" + group
                    + "\",\"GroupId\"]}]");
            assertThat(p.at("/VpcConfig/SubnetIds").toString()).contains("ApplicationSubnet1", "ApplicationSubnet2")
                    .doesNotContain("Database").doesNotContain("Public");
            assertThat(p.path("ReservedConcurrentExecutions").asInt()).isEqualTo(2);
            assertThat(p.at("/DeadLetterConfig/TargetArn/Fn::GetAtt/0").asText()).isEqualTo(queue);
        });
        JsonNode sg = template.at("/Resources/" + group + "/Properties");
        assertThat(sg.path("SecurityGroupEgress")).hasSize(1);
        JsonNode egress = sg.at("/SecurityGroupEgress/0");
        assertThat(egress.path("IpProtocol").asText()).isEqualTo("tcp");
        assertThat(egress.path("FromPort").asInt()).isEqualTo(443);
        assertThat(egress.path("ToPort").asInt()).isEqualTo(443);
        assertThat(sg.path("SecurityGroupIngress").isMissingNode()).isTrue();
        // no stand-alone rule adds to it either (e.g. a database port)
        assertThat(resources("AWS::EC2::SecurityGroupEgress").toString()
                + resources("AWS::EC2::SecurityGroupIngress")).doesNotContain(group);
    }

    @Test
    void theEndpointListCoversEveryAwsClientOfTheGateHandler() throws IOException {
        String handler = Files.readString(Path.of("src/main/resources/dev/migratefirst/migration/gate-handler/index.mjs"));
        java.util.Set<String> clients = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("@aws-sdk/client-([a-z0-9-]+)").matcher(handler);
        while (m.find()) {
            clients.add(m.group(1));
        }
        // client-sfn -> states, client-cloudformation -> cloudformation; the framework adds lambda
        assertThat(clients).containsExactly("cloudformation", "sfn");
        assertThat(MigrationGate.INTERFACE_ENDPOINTS.stream().map(e -> e.getShortName()).toList())
                .containsExactly("states", "lambda", "cloudformation");
    }

    @Test
    void deadLetterQueueRefusesRequestsWithoutTls() {
        String policy = resources("AWS::SQS::QueuePolicy").toString();
        assertThat(policy).contains("\"Effect\":\"Deny\"", "\"aws:SecureTransport\":\"false\"",
                logicalId(stack.getGate().getDeadLetterQueue()));
    }
}
