package dev.migratefirst.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.testsupport.SecretLiterals;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.constructs.IConstruct;

/**
 * The example migrate-first stack of {@link ExampleApp} (the database sits in the data stack, the
 * network has no NAT: isolated subnets and VPC endpoints), under cdk-nag AwsSolutions: synthesized once.
 */
class MigrationServiceStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static MigrationServiceStack stack;
    private static JsonNode template;
    private static Map<String, Object> rawTemplate;

    @BeforeAll
    static void synth() {
        SynthesizedExampleApp example = SynthesizedExampleApp.get();
        stack = example.stack(ExampleApp.SERVICE_STACK, MigrationServiceStack.class);
        CloudAssembly assembly = example.assembly();
        rawTemplate = Template.fromStack(stack).toJSON();
        template = JSON.valueToTree(rawTemplate);
        try {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
            JSON.writerWithDefaultPrettyPrinter().writeValue(new java.io.File("target/example-service.template.json"),
                    template);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(assembly.getStacks()).hasSize(2);
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

    @Test
    void noSecretInPlainEnvironmentOrTemplate() {
        assertThat(SecretLiterals.find(rawTemplate)).isEmpty();
    }

    @Test
    void outputsNameTheStateMachineForRunMigrations() {
        Template.fromStack(stack).hasOutput(MigrationServiceStack.OUTPUT_STATE_MACHINE,
                Map.of("Value", Map.of("Ref", logicalId(stack.getWorkflow().getStateMachine()))));
        Template.fromStack(stack).hasOutput(MigrationServiceStack.OUTPUT_MIGRATION_LOGS, Match.anyValue());
    }

    @Test
    void cdkNagAwsSolutionsHasNoUnsuppressedFinding() {
        List<String> findings = new ArrayList<>();
        for (String level : List.of("error", "warning")) {
            var messages = level.equals("error")
                    ? Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                    : Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
            messages.forEach(m -> findings.add(level + " " + m.getId() + ": " + m.getEntry().getData()));
        }
        assertThat(findings).isEmpty();
    }
}
