package dev.migratefirst.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.runner.Interruption;
import dev.migratefirst.testsupport.PostgresServer;
import dev.migratefirst.testsupport.RunnerInvocation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension for runner tests: a {@link PostgresServer} (one server per class, a fresh
 * database per test) whose databases are owned by the login role {@link #ROLE}, the environment ECS
 * would give for the test's database, and in-process runs that assert the password appears nowhere
 * in the output. Register it on a static field:
 * {@code @RegisterExtension static final RunnerTestSupport db = new RunnerTestSupport();}
 */
final class RunnerTestSupport implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    /** The owner role's password: special characters on purpose (URL-encoding, JSON). */
    static final String PASSWORD = "Sup3r$ecret/p@ss:w0rd";
    static final String ROLE = "app_owner";

    private final PostgresServer postgres = PostgresServer.withOwner(ROLE, PASSWORD);
    private Map<String, String> env;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        postgres.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        postgres.afterAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        postgres.beforeEach(context);
        env = urlEnv(database());
    }

    int port() {
        return postgres.port();
    }

    /** The current test's fresh database, owned by {@link #ROLE}. */
    String database() {
        return postgres.database();
    }

    /** The environment for the current test's database ({@link #urlEnv}); a test may add to it. */
    Map<String, String> env() {
        return env;
    }

    /** The JDBC URL of the current test's database. */
    String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    /** Another new empty database owned by {@link #ROLE}. */
    String createDatabase() {
        return postgres.createDatabase();
    }

    /** The environment ECS would give with a DATABASE_URL to {@code database}. */
    Map<String, String> urlEnv(String database) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", "postgresql://" + ROLE + ":" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                + "@localhost:" + port() + "/" + database);
        return env;
    }

    /** The environment ECS gives when it injects the RDS secret as DB_SECRET. */
    Map<String, String> secretEnv(String database) {
        Map<String, String> env = new HashMap<>();
        env.put("DB_SECRET", "{\"username\":\"" + ROLE + "\",\"password\":\"" + PASSWORD + "\",\"engine\":\"postgres\","
                + "\"host\":\"localhost\",\"port\":" + port() + ",\"dbname\":\"" + database + "\","
                + "\"dbInstanceIdentifier\":\"db\"}");
        return env;
    }

    /** A connection as the superuser to the current test's database (not through the runner). */
    Connection superuser() throws SQLException {
        return superuser(database());
    }

    /** A connection as the superuser (not through the runner). */
    Connection superuser(String database) throws SQLException {
        return postgres.superuser(database);
    }

    /** A connection as the owner role to the current test's database, as the app would connect. */
    Connection app() throws SQLException {
        return app(database());
    }

    /** A connection as the owner role, as the app would connect. */
    Connection app(String database) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(database), ROLE, PASSWORD);
    }

    /**
     * A run context on the current test's database, as the CLI builds one: lock_timeout
     * {@code lockTimeout}, short retry and connect waits, the repository's migrations folder.
     */
    RunContext context(Duration lockTimeout) {
        GuardOptions guards = new GuardOptions();
        guards.lockTimeout = lockTimeout;
        guards.lockRetries = 10;
        guards.lockRetryBackoff = Duration.ofSeconds(1);
        guards.lockRetryBackoffMax = Duration.ofSeconds(1);
        guards.advisoryLockWait = Duration.ofSeconds(5);
        ConnectionOptions connection = new ConnectionOptions();
        connection.connectTimeout = Duration.ofSeconds(5);
        LocationOptions locations = new LocationOptions();
        locations.locations = List.of("filesystem:migrations");
        return new RunContext(new OutputOptions(), locations, connection, guards, env(), System.out, System.err,
                new Interruption());
    }

    /** Runs the runner in-process; asserts the password appears nowhere in its output. */
    static RunnerInvocation run(Map<String, String> env, String... args) {
        return run(env, new Interruption(), args);
    }

    static RunnerInvocation run(Map<String, String> env, Interruption interruption, String... args) {
        RunnerInvocation r = RunnerInvocation.run(env, interruption, args);
        assertNoPassword(r.all());
        return r;
    }

    static void assertNoPassword(String output) {
        assertThat(output)
                .doesNotContain(PASSWORD)
                .doesNotContain(URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8))
                .doesNotContain("p@ss");
    }

    /** {@link #history(String)} of the current test's database. */
    List<String> history() throws SQLException {
        return history(database());
    }

    /** The rows of {@code flyway_schema_history}: "version:success", by installed rank. */
    List<String> history(String database) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = superuser(database); Statement s = c.createStatement()) {
            try (ResultSet exists = s.executeQuery("SELECT to_regclass('public.flyway_schema_history') IS NOT NULL")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    return rows;
                }
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT version, success FROM flyway_schema_history ORDER BY installed_rank")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + ":" + rs.getBoolean(2));
                }
            }
        }
        return rows;
    }

    /** Whether a relation (table, index) exists in the public schema of the current test's database. */
    boolean exists(String relation) throws SQLException {
        return exists(database(), relation);
    }

    /** Whether a relation (table, index) exists in the public schema. */
    boolean exists(String database, String relation) throws SQLException {
        try (Connection c = superuser(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('public." + relation + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
