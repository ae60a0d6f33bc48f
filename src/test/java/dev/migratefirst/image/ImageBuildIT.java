package dev.migratefirst.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Builds app-image/Dockerfile for real with buildah (vfs storage, chroot isolation) on a JRE base
 * made with debootstrap (.ci/build-image, cached under ~/.cache/migratefirst), then runs it: the
 * service ({@code /app/bin/serve}) on the previous schema fails on the missing column, the runner
 * migrates a local PostgreSQL as the image's non-root user, then the service lists the users;
 * {@code --help} and {@code --embedded} work. Skipped (with the reason) where buildah or debootstrap is not
 * installed or the user is not root; fails instead when {@code CI=true} or
 * {@code -Dimage.test.required=true}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImageBuildIT {
    private static final String TAG = "localhost/migratefirst/app:it";
    private static final String PASSWORD = "it-pass-never-printed";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedPostgres postgres;
    private static String container;
    private static JsonNode config;
    private static String databaseUrl;
    private static Command.Result build;
    private static Command.Started serve;
    private static int servePort;

    @BeforeAll
    static void buildImage() throws Exception {
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("buildah", "debootstrap")) {
            if (Command.of(List.of("sh", "-c", "command -v " + tool)).run().exitCode() != 0) {
                missing.add(tool + " is not installed");
            }
        }
        if (!"0".equals(Command.of(List.of("id", "-u")).run().stdout().trim())) {
            missing.add("not running as root");
        }
        if (!missing.isEmpty()) {
            String reason = "image build test: " + String.join(", ", missing)
                    + " (apt-get install -y buildah debootstrap, as root; .ci/run does it)";
            boolean required = "true".equalsIgnoreCase(System.getenv("CI"))
                    || Boolean.getBoolean("image.test.required");
            if (required) {
                throw new AssertionError(reason + ": required because CI=true or -Dimage.test.required=true");
            }
            System.err.println("SKIPPED " + reason);
            Assumptions.abort(reason);
        }

        build = Command.of(List.of(".ci/build-image", TAG)).timeout(Duration.ofMinutes(10)).run();
        System.err.print(build.stderr()); // the build's own timings (base from cache or not, image)
        System.err.println("image build test: .ci/build-image took " + build.elapsed().toMillis() + " ms");
        assertThat(build.exitCode()).as(build.describe()).isZero();

        Command.Result inspect = buildah("inspect", "--type", "image", TAG);
        assertThat(inspect.exitCode()).as(inspect.describe()).isZero();
        config = JSON.readTree(inspect.stdout()).get("OCIv1").get("config");
        container = buildah("from", "--quiet", TAG).stdout().trim();

        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE app LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE DATABASE app OWNER app");
        }
        databaseUrl = "postgresql://app:" + PASSWORD + "@127.0.0.1:" + postgres.getPort() + "/app";
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (serve != null) {
            serve.stop();
        }
        if (container != null) {
            buildah("rm", container);
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static Command.Result buildah(String... args) {
        List<String> cmd = new ArrayList<>(List.of("buildah", "--storage-driver", "vfs"));
        cmd.addAll(List.of(args));
        return Command.of(cmd).timeout(Duration.ofMinutes(2)).run();
    }

    /** {@code buildah run} in the image's working container, as the image's user, on the host network. */
    private static List<String> runInImage(List<String> env, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("buildah", "--storage-driver", "vfs", "run", "--isolation", "chroot",
                "--network", "host", "--user", config.get("User").asText()));
        for (String e : env) {
            cmd.addAll(List.of("--env", e));
        }
        cmd.add(container);
        cmd.add("--");
        cmd.addAll(command);
        return cmd;
    }

    /** The image's ENTRYPOINT followed by {@code args}: what {@code docker run IMAGE args} runs. */
    private static List<String> entrypoint(String... args) {
        List<String> cmd = new ArrayList<>();
        config.get("Entrypoint").forEach(n -> cmd.add(n.asText()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    @Order(1)
    void imageRunsTheRunnerAsAFixedNonRootUser() {
        assertThat(config.get("User").asText()).isEqualTo("10001:10001");
        assertThat(config.get("WorkingDir").asText()).isEqualTo("/app");
        assertThat(entrypoint()).containsSubsequence("java", "-jar", "/app/runner.jar");
        Command.Result layout = Command.of(runInImage(List.of(), List.of("sh", "-c",
                "id -u; id -g; test -x /app/bin/serve && echo serve-ok; ls /app/lib | wc -l; ls /app/migrations;"
                        + " touch /app/runner.jar 2>/dev/null || echo app-read-only"))).run();
        assertThat(layout.exitCode()).as(layout.describe()).isZero();
        List<String> lines = layout.stdout().lines().toList();
        assertThat(lines.get(0)).isEqualTo("10001");
        assertThat(lines.get(1)).isEqualTo("10001");
        assertThat(lines).contains("serve-ok", "V1__create_users.sql", "V2__add_profile_picture.sql", "app-read-only");
        assertThat(Integer.parseInt(lines.get(3).trim())).isGreaterThan(10);
    }

    @Test
    @Order(2)
    void helpWorks() {
        Command.Result help = Command.of(runInImage(List.of(), entrypoint("--help"))).run();
        assertThat(help.exitCode()).as(help.describe()).isZero();
        assertThat(help.stdout() + help.stderr()).contains("migrate");
    }

    /** The lesson in the real image: the new app version deployed before V2 fails on the missing column. */
    @Test
    @Order(3)
    void serveBeforeMigrateFailsOnTheMissingColumn() throws Exception {
        Flyway.configure().dataSource(postgres.getDatabase("app", "app")).locations("filesystem:migrations")
                .target("1").load().migrate(); // the old schema: the previous release's migrations
        try (ServerSocket s = new ServerSocket(0)) {
            servePort = s.getLocalPort();
        }
        serve = Command.of(runInImage(List.of("DATABASE_URL=" + databaseUrl, "PORT=" + servePort),
                List.of("/app/bin/serve"))).start();
        HttpResponse<String> health = Http.await(servePort, "/health", serve, Duration.ofSeconds(60));
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> users = Http.get(servePort, "/users");
        assertThat(users.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(users.body()).get("error").asText())
                .isEqualTo("ERROR: column \"profile_picture\" does not exist");
    }

    @Test
    @Order(4)
    void migratesALocalDatabaseAsTheNonRootUser() throws Exception {
        // sh prints the uid of the very process that then becomes the runner (exec)
        List<String> command = new ArrayList<>(List.of("sh", "-c", "echo uid=$(id -u); exec \"$@\"", "sh"));
        command.addAll(entrypoint("migrate"));
        Command.Result migrate = Command.of(runInImage(List.of("DATABASE_URL=" + databaseUrl), command))
                .timeout(Duration.ofMinutes(2)).run();
        System.err.println("image build test: migrate in the image took " + migrate.elapsed().toMillis() + " ms");
        assertThat(migrate.exitCode()).as(migrate.describe()).isZero();
        assertThat(migrate.stdout()).startsWith("uid=10001");
        assertThat(migrate.stdout() + migrate.stderr()).doesNotContain(PASSWORD);
        try (Connection c = postgres.getDatabase("app", "app").getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT string_agg(version || ':' || success, ',' ORDER BY installed_rank),"
                     + " (SELECT count(*) FROM information_schema.columns"
                     + "  WHERE table_name = 'users' AND column_name = 'profile_picture'),"
                     + " (SELECT tableowner FROM pg_tables WHERE tablename = 'users')"
                     + " FROM flyway_schema_history WHERE version IS NOT NULL")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("1:true,2:true");
            assertThat(rs.getInt(2)).isEqualTo(1);
            assertThat(rs.getString(3)).isEqualTo("app");
        }
    }

    @Test
    @Order(5)
    void serveListsUsersAfterMigrateAndStopsCleanlyOnSigterm() throws Exception {
        assertThat(serve).as("started by the test before").isNotNull();
        try (Connection c = postgres.getDatabase("app", "app").getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (email, name, profile_picture) VALUES ('ada@example.com', 'Ada', 'ada.png')");
        }
        HttpResponse<String> users = Http.get(servePort, "/users");
        assertThat(users.statusCode()).as(users.body()).isEqualTo(200);
        JsonNode list = JSON.readTree(users.body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("profile_picture").asText()).isEqualTo("ada.png");

        int exit = serve.stop(Duration.ofSeconds(20));
        assertThat(serve.stdout()).as("exit " + exit + ", stderr: " + serve.stderr())
                .contains("demoapp: listening on port " + servePort, "demoapp: stopped");
        assertThat(serve.stdout() + serve.stderr()).doesNotContain(PASSWORD);
        serve = null;
    }

    @Test
    @Order(6)
    void embeddedPostgresRunsInTheImageAsTheNonRootUser() {
        // --embedded (and check) start the bundled PostgreSQL binaries: they must run as uid 10001 from /tmp
        Command.Result embedded = Command.of(runInImage(List.of(), entrypoint("migrate", "--embedded")))
                .timeout(Duration.ofMinutes(3)).run();
        System.err.println("image build test: migrate --embedded in the image took " + embedded.elapsed().toMillis() + " ms");
        assertThat(embedded.exitCode()).as(embedded.describe()).isZero();
    }
}
