package dev.migratefirst.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.migration.MigrationTask;
import dev.migratefirst.migration.MigrationTaskProps;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Main;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.secretsmanager.Secret;
import dev.migratefirst.database.PostgresDatabase;
import dev.migratefirst.database.PostgresDatabaseAttributes;

/**
 * The contract across the boundary, end to end: what the synthesized migration task definition
 * gives its container (environment entries + ECS secrets, each a field of the database secret) is
 * exactly what the runner reads. The environment ECS would build is handed to {@code Main.run} against
 * an embedded PostgreSQL, and the migrations must be applied.
 */
class TaskDefinitionRunnerContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** ValueFrom of a field of a Secrets Manager secret: {@code <secret arn>:<json key>:<version stage>:<version id>}. */
    private static final Pattern FIELD = Pattern.compile(":([A-Za-z]+):([A-Za-z]*):([A-Za-z0-9-]*)$");

    private static EmbeddedPostgres postgres;
    private static JsonNode container;
    private static String secretLogicalId;

    @BeforeAll
    static void setUp() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        App app = new App();
        Stack stack = new Stack(app, "Contract");
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(0).build();
        Secret secret = Secret.Builder.create(stack, "DbSecret").build();
        SecurityGroup dbSg = SecurityGroup.Builder.create(stack, "DbSg").vpc(vpc).build();
        var database = PostgresDatabase.fromPostgresDatabaseAttributes(stack, "Db", PostgresDatabaseAttributes.builder()
                .secret(secret).securityGroups(List.of(dbSg))
                .instanceEndpointAddress("db.internal").port(5432).databaseName("app")
                .instanceIdentifier("app-db").build());
        MigrationTask task = new MigrationTask(stack, "MigrationTask", MigrationTaskProps.builder()
                .vpc(vpc).database(database)
                .image(ContainerImage.fromRegistry("example/app:1"))
                .build());
        JsonNode template = JSON.valueToTree(Template.fromStack(stack).toJSON());
        secretLogicalId = stack.getLogicalId((software.amazon.awscdk.CfnElement) secret.getNode().getDefaultChild());
        JsonNode taskDef = template.at("/Resources/"
                + stack.getLogicalId((software.amazon.awscdk.CfnElement) task.getTaskDefinition().getNode().getDefaultChild()));
        container = taskDef.at("/Properties/ContainerDefinitions/0");
        assertThat(container.path("Name").asText()).isEqualTo(MigrationTask.CONTAINER_NAME);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void runnerMigratesWithExactlyTheEnvironmentTheTaskDefinitionGives() throws Exception {
        String password = HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(12));
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE contract_app LOGIN PASSWORD '" + password + "'");
            s.execute("CREATE DATABASE contract_app OWNER contract_app");
        }
        // The database secret as RDS writes it (port is a JSON number; ECS injects it as a string).
        Map<String, Object> secretJson = new LinkedHashMap<>();
        secretJson.put("engine", "postgres");
        secretJson.put("host", "localhost");
        secretJson.put("port", postgres.getPort());
        secretJson.put("dbname", "contract_app");
        secretJson.put("username", "contract_app");
        secretJson.put("password", password);
        JsonNode secret = JSON.valueToTree(secretJson);

        Map<String, String> env = new HashMap<>();
        for (JsonNode e : container.path("Environment")) {
            env.put(e.path("Name").asText(), e.path("Value").asText());
        }
        for (JsonNode s : container.path("Secrets")) {
            JsonNode valueFrom = s.path("ValueFrom");
            // {"Fn::Join": ["", [{"Ref": "<secret>"}, ":<field>::"]]}
            assertThat(valueFrom.at("/Fn::Join/1/0/Ref").asText()).as("secret of %s", s.path("Name"))
                    .isEqualTo(secretLogicalId);
            Matcher m = FIELD.matcher(valueFrom.at("/Fn::Join/1/1").asText());
            assertThat(m.find()).as("%s takes one field of the secret", s.path("Name").asText()).isTrue();
            JsonNode field = secret.get(m.group(1));
            assertThat(field).as("the RDS secret has field %s", m.group(1)).isNotNull();
            env.put(s.path("Name").asText(), field.asText());
        }
        // The image holds the migrations at /app/migrations (its Dockerfile copies migrations/ there):
        // point the same location at this checkout's folder.
        String location = env.get("MIGRATIONS_LOCATION");
        assertThat(location).isEqualTo("filesystem:" + MigrationTask.IMAGE_MIGRATIONS_PATH);
        env.put("MIGRATIONS_LOCATION", "filesystem:" + Path.of("migrations").toAbsolutePath());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] command = JSON.convertValue(container.path("Command"), String[].class);
        assertThat(command).containsExactly("migrate");
        int exit = Main.run(command, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String output = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(output).doesNotContain(password);
        assertThat(exit).as(output).isEqualTo(ExitCode.SUCCESS.code());

        try (Connection c = postgres.getDatabase("contract_app", "contract_app").getConnection();
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT string_agg(version, ',' ORDER BY installed_rank) "
                    + "FROM flyway_schema_history WHERE success AND version IS NOT NULL")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("1,2");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.columns "
                    + "WHERE table_name = 'users' AND column_name = 'profile_picture'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void everyRunnerConnectionVariableComesFromTheSecretNoneFromPlainEnvironment() {
        List<String> secretNames = new java.util.ArrayList<>();
        container.path("Secrets").forEach(s -> secretNames.add(s.path("Name").asText()));
        List<String> envNames = new java.util.ArrayList<>();
        container.path("Environment").forEach(s -> envNames.add(s.path("Name").asText()));
        assertThat(secretNames).containsExactlyInAnyOrder("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD");
        assertThat(envNames).doesNotContainAnyElementsOf(List.of("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER",
                "DB_PASSWORD", "DB_SECRET", "DATABASE_URL"));
    }
}
