package dev.migratefirst.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.testsupport.AssemblyChecks;
import dev.migratefirst.testsupport.SecretLiterals;
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
    void cdkNagAwsSolutionsHasNoUnsuppressedFinding() {
        Map<String, List<String>> findings = AssemblyChecks.errorsAndNagWarnings(assembly);
        assertThat(findings).containsKey(ExampleApp.SERVICE_STACK);
        assertThat(findings.get(ExampleApp.SERVICE_STACK)).isEmpty();
    }
}
