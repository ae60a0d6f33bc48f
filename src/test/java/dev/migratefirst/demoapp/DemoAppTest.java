package dev.migratefirst.demoapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.RunnerException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo service against a real PostgreSQL: the lesson (deploy before migrate crashes) as a test. */
class DemoAppTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    /** A fresh database per test, on the class's one server. */
    private static DataSource freshDatabase() throws SQLException {
        return postgres.getDatabase("postgres", createDatabase());
    }

    private static String createDatabase() throws SQLException {
        String name = "demoapp_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    private static Flyway flyway(DataSource db, String target) {
        return Flyway.configure().dataSource(db).locations("filesystem:migrations").target(target).load();
    }

    private HttpResponse<String> get(DemoApp app, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static DemoApp start(DemoApp.ConnectionSource db, ByteArrayOutputStream log) throws IOException {
        return DemoApp.start(0, db, new PrintStream(log, true, StandardCharsets.UTF_8), Duration.ZERO);
    }

    @Test
    void usersFailsWithTheMissingColumnBeforeMigrateAndListsUsersAfter() throws Exception {
        String name = createDatabase();
        DataSource db = postgres.getDatabase("postgres", name);
        flyway(db, "1").migrate(); // the old schema: V2 not applied yet
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        // connected the way the image connects: the runner's settings from DATABASE_URL
        DemoApp.ConnectionSource fromEnv = DemoApp.connectionSource(Map.of(
                "DATABASE_URL", "postgresql://postgres:unused@127.0.0.1:" + postgres.getPort() + "/" + name));
        try (DemoApp app = start(fromEnv, log)) {
            HttpResponse<String> before = get(app, "/users");
            assertThat(before.statusCode()).isEqualTo(500);
            assertThat(before.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/json"));
            JsonNode error = JSON.readTree(before.body());
            assertThat(error.get("error").asText()).isEqualTo("ERROR: column \"profile_picture\" does not exist");
            assertThat(error.get("sqlState").asText()).isEqualTo("42703");
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("SQLSTATE 42703", "profile_picture");

            flyway(db, "latest").migrate();
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO users (email, name, profile_picture, email_verified) VALUES "
                        + "('ada@example.com', 'Ada', 'https://example.com/ada.png', true), "
                        + "('bob@example.com', 'Bob', NULL, false)");
            }
            try (Connection c = fromEnv.open(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("5s");
            }
            HttpResponse<String> after = get(app, "/users");
            assertThat(after.statusCode()).isEqualTo(200);
            JsonNode users = JSON.readTree(after.body());
            assertThat(users).hasSize(2);
            assertThat(users.get(0).get("id").asLong()).isPositive();
            assertThat(users.get(0).get("email").asText()).isEqualTo("ada@example.com");
            assertThat(users.get(0).get("name").asText()).isEqualTo("Ada");
            assertThat(users.get(0).get("profile_picture").asText()).isEqualTo("https://example.com/ada.png");
            assertThat(users.get(1).get("profile_picture").isNull()).isTrue();
            assertThat(users.get(0).get("email_verified").asBoolean()).isTrue();
            assertThat(users.get(1).get("email_verified").isBoolean()).isTrue();
            assertThat(users.get(1).get("email_verified").asBoolean()).isFalse();
        }
    }

    @Test
    void healthAnswersWithoutTheDatabase() throws Exception {
        DemoApp.ConnectionSource unreachable = () -> {
            throw new SQLException("connection refused", "08001");
        };
        try (DemoApp app = start(unreachable, new ByteArrayOutputStream())) {
            HttpResponse<String> health = get(app, "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("ok");

            HttpResponse<String> users = get(app, "/users");
            assertThat(users.statusCode()).isEqualTo(500);
            assertThat(JSON.readTree(users.body()).get("sqlState").asText()).isEqualTo("08001");
        }
    }

    @Test
    void unknownPathsAndMethodsGetJsonErrors() throws Exception {
        try (DemoApp app = start(freshDatabase()::getConnection, new ByteArrayOutputStream())) {
            HttpResponse<String> missing = get(app, "/nope");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(missing.body()).get("error").asText()).isEqualTo("not found: /nope");

            HttpResponse<String> post = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + app.port() + "/users"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
    }

    @Test
    void portAndConnectionSettingsComeFromTheEnvironment() {
        assertThat(DemoApp.port(Map.of())).isEqualTo(8080);
        assertThat(DemoApp.port(Map.of("PORT", " 9090 "))).isEqualTo(9090);
        assertThatThrownBy(() -> DemoApp.port(Map.of("PORT", "http")))
                .isInstanceOfSatisfying(RunnerException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIGURATION_ERROR))
                .hasMessage("PORT must be a port number 0-65535, got 'http'");
        assertThatThrownBy(() -> DemoApp.port(Map.of("PORT", "70000"))).hasMessageContaining("got '70000'");
        assertThatThrownBy(() -> DemoApp.connectionSource(Map.of()))
                .isInstanceOf(RunnerException.class).hasMessageStartingWith("no database configured");
        assertThatThrownBy(() -> DemoApp.connectionSource(Map.of("DATABASE_URL", "postgresql://u:p@db/app",
                "DB_SSLMODE", "sometimes")))
                .isInstanceOf(RunnerException.class).hasMessageContaining("DB_SSLMODE");
    }

    @Test
    void closeStopsListening() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DemoApp app = start(freshDatabase()::getConnection, log);
        int port = app.port();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("demoapp: listening on port " + port);
        app.close();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("demoapp: stopped");
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
    }
}
