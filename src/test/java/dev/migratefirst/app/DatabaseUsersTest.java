package dev.migratefirst.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.database.PostgresDatabase;
import dev.migratefirst.testsupport.AssemblyChecks;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * Which database users the example app's stacks give to whom (docs/platform.md, "Database users"): the
 * example service gets only the app secret, never the master secret; the migration task gets the master
 * secret and the app secret (for the runner's app role step); the app secret is rotated with the
 * alternating-users strategy, not at deploy time. Reads the shared {@link SynthesizedExampleApp}.
 */
class DatabaseUsersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IMPORT = Pattern.compile("\"Fn::ImportValue\":\"([^\"]+)\"");
    private static final Pattern STACK_OUTPUT = Pattern.compile("\"OutputName\":\"([^\"]+)\"");

    private static DataStack data;
    private static MigrationServiceStack service;
    private static JsonNode dataTemplate;
    private static JsonNode serviceTemplate;
    private static String masterSecret;
    private static String masterAttachment;
    private static String appSecret;
    private static String appAttachment;

    @BeforeAll
    static void synth() {
        SynthesizedExampleApp example = SynthesizedExampleApp.get();
        data = example.stack(ExampleApp.DATA_STACK, DataStack.class);
        service = example.stack(ExampleApp.SERVICE_STACK, MigrationServiceStack.class);
        Map<String, Map<String, Object>> templates = AssemblyChecks.templates(example.assembly());
        dataTemplate = JSON.valueToTree(templates.get(ExampleApp.DATA_STACK));
        serviceTemplate = JSON.valueToTree(templates.get(ExampleApp.SERVICE_STACK));
        PostgresDatabase db = data.getDatabase();
        masterSecret = logicalId(data, db.getDatabaseInstance().getNode().findChild("Secret"));
        masterAttachment = logicalId(data, db.getSecret());
        appSecret = logicalId(data, db.getNode().findChild("AppSecret"));
        appAttachment = logicalId(data, db.getAppSecret());
    }

    private static String logicalId(Stack stack, IConstruct c) {
        return stack.getLogicalId((CfnElement) c.getNode().getDefaultChild());
    }

    private static JsonNode resource(JsonNode template, String logicalId) {
        JsonNode r = template.at("/Resources/" + logicalId);
        assertThat(r.isMissingNode()).as(logicalId).isFalse();
        return r;
    }

    /**
     * The data stack resources a piece of the service stack references: through {@code Fn::GetStackOutput}
     * (an output of the data stack by name) or {@code Fn::ImportValue} (an export), whichever CDK chose.
     */
    private static Set<String> dataResourcesReferencedBy(JsonNode node) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = IMPORT.matcher(node.toString());
        while (m.find()) {
            String export = m.group(1);
            dataTemplate.path("Outputs").forEach(o -> {
                if (export.equals(o.at("/Export/Name").asText())) {
                    o.path("Value").findValues("Ref").forEach(r -> ids.add(r.asText()));
                }
            });
        }
        Matcher output = STACK_OUTPUT.matcher(node.toString());
        while (output.find()) {
            dataTemplate.at("/Outputs/" + output.group(1) + "/Value").findValues("Ref").forEach(r -> ids.add(r.asText()));
        }
        return ids;
    }

    private static JsonNode container(JsonNode template, String taskDefinitionId) {
        return resource(template, taskDefinitionId).at("/Properties/ContainerDefinitions/0");
    }

    @Test
    void theAppSecretNamesItsMasterSecretAndIsAttachedToTheInstance() {
        JsonNode generate = resource(dataTemplate, appSecret).at("/Properties/GenerateSecretString");
        assertThat(generate.toString()).contains("\\\"username\\\":\\\"" + DataStack.APP_USERNAME + "\\\"")
                .contains("masterarn").contains(masterAttachment);
        assertThat(generate.path("ExcludeCharacters").asText()).isEqualTo(PostgresDatabase.PASSWORD_EXCLUDE_CHARACTERS);
        JsonNode attachment = resource(dataTemplate, appAttachment).path("Properties");
        assertThat(attachment.path("TargetType").asText()).isEqualTo("AWS::RDS::DBInstance");
        assertThat(attachment.at("/SecretId/Ref").asText()).isEqualTo(appSecret);
    }

    @Test
    void theAppSecretRotatesWithAlternatingUsersAfterOnePeriodNotAtDeploy() {
        List<JsonNode> schedules = new ArrayList<>();
        dataTemplate.path("Resources").forEach(r -> {
            if ("AWS::SecretsManager::RotationSchedule".equals(r.path("Type").asText())
                    && r.at("/Properties/SecretId/Ref").asText().equals(appAttachment)) {
                schedules.add(r.path("Properties"));
            }
        });
        assertThat(schedules).hasSize(1);
        JsonNode schedule = schedules.get(0);
        assertThat(schedule.path("RotateImmediatelyOnUpdate").asBoolean(true)).isFalse();
        assertThat(schedule.at("/RotationRules/ScheduleExpression").asText()).isEqualTo("rate(30 days)");
        String function = schedule.path("RotationLambdaARN").toString();
        JsonNode application = resource(dataTemplate, function.replaceAll(".*\"Fn::GetAtt\":\\[\"([^\"]+)\".*", "$1"));
        String mapping = application.at("/Properties/Location/ApplicationId/Fn::FindInMap/0").asText();
        assertThat(dataTemplate.at("/Mappings/" + mapping + "/aws/applicationId").asText())
                .endsWith(":applications/SecretsManagerRDSPostgreSQLRotationMultiUser");
        assertThat(application.at("/Properties/Parameters/masterSecretArn").toString()).contains(masterAttachment);
        assertThat(application.at("/Properties/Parameters/vpcSubnetIds").toString()).contains("NetworkApplicationSubnet");
    }

    @Test
    void theServiceHoldsOnlyTheAppSecretNeverTheMasterSecret() {
        String taskDefinition = logicalId(service, service.getService().getTaskDefinition());
        JsonNode taskDef = resource(serviceTemplate, taskDefinition);
        Set<String> referenced = dataResourcesReferencedBy(taskDef.at("/Properties/ContainerDefinitions"));
        assertThat(referenced).contains(appAttachment).doesNotContain(masterAttachment, masterSecret);
        List<String> secretNames = new ArrayList<>();
        taskDef.at("/Properties/ContainerDefinitions").forEach(c -> c.path("Secrets").forEach(s -> {
            secretNames.add(s.path("Name").asText());
            assertThat(dataResourcesReferencedBy(s.path("ValueFrom"))).containsExactly(appAttachment);
        }));
        assertThat(secretNames).contains("DB_USER", "DB_PASSWORD");

        // its execution role may read the app secret and nothing else of Secrets Manager
        String executionRole = logicalId(service, service.getService().getTaskDefinition().obtainExecutionRole());
        List<JsonNode> secretStatements = new ArrayList<>();
        serviceTemplate.path("Resources").forEach(r -> {
            if ("AWS::IAM::Policy".equals(r.path("Type").asText())
                    && r.at("/Properties/Roles").toString().contains("\"" + executionRole + "\"")) {
                r.at("/Properties/PolicyDocument/Statement").forEach(st -> {
                    if (st.path("Action").toString().contains("secretsmanager:")) {
                        secretStatements.add(st);
                    }
                });
            }
        });
        assertThat(secretStatements).isNotEmpty();
        for (JsonNode st : secretStatements) {
            assertThat(dataResourcesReferencedBy(st.path("Resource"))).containsExactly(appAttachment);
        }
    }

    @Test
    void theMigrationTaskGetsTheOwnerAndTheAppLoginForTheRoleStep() {
        JsonNode runner = container(serviceTemplate, logicalId(service, service.getMigrationTask().getTaskDefinition()));
        Map<String, Set<String>> byName = new java.util.LinkedHashMap<>();
        runner.path("Secrets").forEach(s -> byName.put(s.path("Name").asText(), dataResourcesReferencedBy(s.path("ValueFrom"))));
        assertThat(byName.get("DB_USER")).containsExactly(masterAttachment);
        assertThat(byName.get("DB_PASSWORD")).containsExactly(masterAttachment);
        assertThat(byName.get("APP_DB_USER")).containsExactly(appAttachment);
        assertThat(byName.get("APP_DB_PASSWORD")).containsExactly(appAttachment);
        runner.path("Secrets").forEach(s -> {
            String name = s.path("Name").asText();
            if (name.startsWith("APP_DB_")) {
                assertThat(s.path("ValueFrom").toString()).endsWith(name.equals("APP_DB_USER") ? ":username::\"]]}"
                        : ":password::\"]]}");
            }
        });
    }
}
