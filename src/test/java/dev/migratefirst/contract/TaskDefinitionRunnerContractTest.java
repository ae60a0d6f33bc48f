package dev.migratefirst.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.database.PostgresDatabase;
import dev.migratefirst.demoapp.DemoApp;
import dev.migratefirst.database.PostgresDatabaseAttributes;
import dev.migratefirst.migration.MigrationTask;
import dev.migratefirst.migration.MigrationTaskProps;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.cli.Main;
import dev.migratefirst.testsupport.PostgresServer;
import dev.migratefirst.testsupport.RunnerInvocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.secretsmanager.Secret;

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

    /** The login role of the database secret; its password is random and never printed. */
    private static final String USER = "contract_app";
    private static final String PASSWORD = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

    /** The app secret's login (the example service's own role) and its random password. */
    private static final String APP_USER = "contract_service";
    private static final String APP_PASSWORD = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

    /**
     * One embedded server for the class, a fresh database owned by {@link #USER} per test; passwords are
     * checked, as on RDS, so a wrong credential cannot pass.
     */
    @RegisterExtension
    static final PostgresServer POSTGRES = PostgresServer.withOwner(USER, PASSWORD).passwordsChecked();

    private static JsonNode container;
    private static String secretLogicalId;
    private static JsonNode serviceContainer;
    private static String appSecretLogicalId;

    @BeforeAll
    static void setUp() throws Exception {
        try (Connection c = POSTGRES.superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + USER + " CREATEROLE"); // as the RDS master user has
        }
        App app = new App();
        Stack stack = new Stack(app, "Contract");
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(0).build();
        Secret secret = Secret.Builder.create(stack, "DbSecret").build();
        Secret appSecret = Secret.Builder.create(stack, "AppSecret").build();
        SecurityGroup dbSg = SecurityGroup.Builder.create(stack, "DbSg").vpc(vpc).build();
        var database = PostgresDatabase.fromPostgresDatabaseAttributes(stack, "Db", PostgresDatabaseAttributes.builder()
                .secret(secret).securityGroups(List.of(dbSg))
                .instanceEndpointAddress("db.internal").port(5432).databaseName("app")
                .instanceIdentifier("app-db").appSecret(appSecret).build());
        MigrationTask task = new MigrationTask(stack, "MigrationTask", MigrationTaskProps.builder()
                .vpc(vpc).database(database)
                .image(ContainerImage.fromRegistry("example/app:1"))
                .build());
        // the example service's container, built as MigrationServiceStack builds it: the app secret only
        FargateTaskDefinition serviceTask = FargateTaskDefinition.Builder.create(stack, "ServiceTask").build();
        serviceTask.addContainer("App", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromRegistry("example/app:1"))
                .environment(MigrationTask.databaseEnvironment(database))
                .secrets(MigrationTask.databaseSecrets(database.getAppSecret()))
                .build());
        JsonNode template = JSON.valueToTree(Template.fromStack(stack).toJSON());
        appSecretLogicalId = stack.getLogicalId((software.amazon.awscdk.CfnElement) appSecret.getNode().getDefaultChild());
        serviceContainer = template.at("/Resources/" + stack.getLogicalId((software.amazon.awscdk.CfnElement)
                serviceTask.getNode().getDefaultChild()) + "/Properties/ContainerDefinitions/0");
        secretLogicalId = stack.getLogicalId((software.amazon.awscdk.CfnElement) secret.getNode().getDefaultChild());
        JsonNode taskDef = template.at("/Resources/"
                + stack.getLogicalId((software.amazon.awscdk.CfnElement) task.getTaskDefinition().getNode().getDefaultChild()));
        container = taskDef.at("/Properties/ContainerDefinitions/0");
        assertThat(container.path("Name").asText()).isEqualTo(MigrationTask.CONTAINER_NAME);
    }

    /**
     * The environment ECS gives the container: its Environment entries, and for each secret the key
     * its ValueFrom names ({@code <secret arn>:<key>::}) of the database secret holding only the keys
     * the construct's generated secret template writes ({@code username}, {@code password}): a task
     * reading any other key fails here as it would fail to start on ECS. Where the database is
     * ({@code DB_HOST}/{@code DB_PORT}/{@code DB_NAME}, the imported attributes) and the image's
     * migrations path are pointed at the embedded server and {@code migrations}.
     */
    private static Map<String, String> ecsEnvironment(Path migrations) {
        Map<String, Object> secretJson = new LinkedHashMap<>();
        secretJson.put("username", USER);
        secretJson.put("password", PASSWORD);
        JsonNode secret = JSON.valueToTree(secretJson);

        Map<String, String> env = pointedAtTheTestServer(
                injected(container, Map.of(secretLogicalId, secret, appSecretLogicalId, appSecret())));
        assertThat(env.get("MIGRATIONS_LOCATION")).isEqualTo("filesystem:" + MigrationTask.IMAGE_MIGRATIONS_PATH);
        env.put("MIGRATIONS_LOCATION", "filesystem:" + migrations.toAbsolutePath());
        return env;
    }

    /**
     * The plain environment says where the database is (the imported attributes: db.internal:5432/app);
     * the test points it at the embedded server.
     */
    private static Map<String, String> pointedAtTheTestServer(Map<String, String> env) {
        assertThat(env).containsEntry("DB_HOST", "db.internal").containsEntry("DB_PORT", "5432")
                .containsEntry("DB_NAME", "app");
        env.put("DB_HOST", "localhost");
        env.put("DB_PORT", Integer.toString(POSTGRES.port()));
        env.put("DB_NAME", POSTGRES.database());
        return env;
    }

    /** The app secret as its generated template writes it: username, password and the master secret's ARN only. */
    private static JsonNode appSecret() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("username", APP_USER);
        json.put("password", APP_PASSWORD);
        json.put("masterarn", "arn:aws:secretsmanager:eu-west-1:111111111111:secret:master");
        return JSON.valueToTree(json);
    }

    /**
     * The environment ECS gives {@code container}: its Environment entries, and for each secret the field
     * its ValueFrom names ({@code <secret arn>:<field>::}) of the secret it references, one of {@code secrets}
     * (by logical id).
     */
    private static Map<String, String> injected(JsonNode container, Map<String, JsonNode> secrets) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode e : container.path("Environment")) {
            env.put(e.path("Name").asText(), e.path("Value").asText());
        }
        for (JsonNode s : container.path("Secrets")) {
            JsonNode valueFrom = s.path("ValueFrom");
            // {"Fn::Join": ["", [{"Ref": "<secret>"}, ":<field>::"]]}
            JsonNode secret = secrets.get(valueFrom.at("/Fn::Join/1/0/Ref").asText());
            assertThat(secret).as("secret of %s is one of %s", s.path("Name"), secrets.keySet()).isNotNull();
            Matcher m = FIELD.matcher(valueFrom.at("/Fn::Join/1/1").asText());
            assertThat(m.find()).as("%s takes one field of the secret", s.path("Name").asText()).isTrue();
            JsonNode field = secret.get(m.group(1));
            assertThat(field).as("the generated secret has key %s", m.group(1)).isNotNull();
            env.put(s.path("Name").asText(), field.asText());
        }
        return env;
    }

    /**
     * The app's own role across the boundary: the migration task's environment (master secret + the
     * app secret's APP_DB_USER/APP_DB_PASSWORD) runs migrate, which creates the app role; then the
     * service task's environment (the app secret only) drives the example service against the database.
     */
    @Test
    void theServiceTaskServesAsTheAppRoleTheMigrationTaskPrepared() throws Exception {
        RunnerInvocation run = RunnerInvocation.run(ecsEnvironment(Path.of("migrations")), taskCommand());
        assertThat(run.all()).doesNotContain(PASSWORD).doesNotContain(APP_PASSWORD);
        assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(run.out()).contains("app role " + APP_USER);

        Map<String, String> serviceEnv = pointedAtTheTestServer(
                injected(serviceContainer, Map.of(appSecretLogicalId, appSecret())));
        assertThat(serviceEnv).doesNotContainValue(PASSWORD).containsEntry("DB_USER", APP_USER);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (DemoApp service = DemoApp.start(0, DemoApp.connectionSource(serviceEnv),
                new PrintStream(log, true, StandardCharsets.UTF_8), java.time.Duration.ZERO)) {
            HttpResponse<String> users = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + service.port() + "/users")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(users.statusCode()).as(users.body()).isEqualTo(200);
        }
        try (Connection app = DemoApp.connectionSource(serviceEnv).open(); Statement s = app.createStatement()) {
            assertThat(app.getMetaData().getUserName()).isEqualTo(APP_USER);
            s.execute("INSERT INTO users (email, name, email_verified) VALUES ('c@example.com', 'C', true)");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute("DROP TABLE users"))
                    .hasMessageContaining("must be owner");
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(APP_PASSWORD);
    }

    private static String[] taskCommand() {
        String[] command = JSON.convertValue(container.path("Command"), String[].class);
        assertThat(command).containsExactly("migrate");
        return command;
    }

    @Test
    void runnerMigratesWithExactlyTheEnvironmentTheTaskDefinitionGives() throws Exception {
        Map<String, String> env = ecsEnvironment(Path.of("migrations"));

        RunnerInvocation run = RunnerInvocation.run(env, taskCommand());
        assertThat(run.all()).doesNotContain(PASSWORD);
        assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.SUCCESS.code());

        try (Connection c = POSTGRES.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT string_agg(version, ',' ORDER BY installed_rank) "
                    + "FROM flyway_schema_history WHERE success AND version IS NOT NULL")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("1,2,3,4,5,6");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.columns "
                    + "WHERE table_name = 'users' AND column_name = 'profile_picture'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    /**
     * What the workflow's failure cause is built from: a failing migration exits non-zero and the
     * PostgreSQL error is among the last lines the container prints (stdout and stderr both go to
     * the task's log stream), so the workflow's last 50 log lines carry it.
     */
    @Test
    void aFailingMigrationExitsNonZeroWithTheErrorInItsLastLines(@TempDir Path migrations) throws Exception {
        Files.copy(Path.of("migrations", "V1__create_users.sql"), migrations.resolve("V1__create_users.sql"));
        Files.writeString(migrations.resolve("V2__broken.sql"), "ALTER TABLE no_such_table ADD COLUMN x int;\n");
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(both, true, StandardCharsets.UTF_8);
        int exit = Main.run(taskCommand(), ecsEnvironment(migrations), stream, stream);
        String output = both.toString(StandardCharsets.UTF_8);
        assertThat(output).doesNotContain(PASSWORD);
        assertThat(exit).as(output).isEqualTo(ExitCode.MIGRATION_FAILED.code());
        List<String> lines = output.lines().toList();
        String last50 = String.join("\n", lines.subList(Math.max(0, lines.size() - 50), lines.size()));
        assertThat(last50).contains("no_such_table").containsIgnoringCase("does not exist");
    }

    @Test
    void credentialsComeFromTheSecretWhereTheDatabaseIsFromPlainEnvironment() {
        List<String> secretNames = new java.util.ArrayList<>();
        container.path("Secrets").forEach(s -> secretNames.add(s.path("Name").asText()));
        List<String> envNames = new java.util.ArrayList<>();
        container.path("Environment").forEach(s -> envNames.add(s.path("Name").asText()));
        assertThat(secretNames).containsExactlyInAnyOrder("DB_USER", "DB_PASSWORD", "APP_DB_USER", "APP_DB_PASSWORD");
        assertThat(envNames).contains("DB_HOST", "DB_PORT", "DB_NAME")
                .doesNotContainAnyElementsOf(List.of("DB_USER", "DB_PASSWORD", "DB_SECRET", "DATABASE_URL"));
    }
}
