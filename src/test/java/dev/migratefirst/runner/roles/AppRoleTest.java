package dev.migratefirst.runner.roles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migratefirst.demoapp.DemoApp;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.testsupport.PostgresServer;
import dev.migratefirst.testsupport.RunnerInvocation;
import dev.migratefirst.testsupport.TestMigrations;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's own role on a real PostgreSQL: {@code migrate} with the app secret's login prepares it,
 * the app may read and write but change no schema, tables of later migrations are covered, re-runs and
 * racing tasks are harmless, and a multi-user password rotation done for real (the SQL of Secrets
 * Manager's PostgreSQL multi-user rotation function) keeps the demo service serving.
 *
 * <p>The migration user is a non-superuser with CREATEROLE that owns the database, as the RDS master
 * user is (rds_superuser is no superuser).
 */
class AppRoleTest {
    private static final String OWNER = "migration_owner";
    private static final String OWNER_PASSWORD = secret();
    private static final AtomicInteger ROLES = new AtomicInteger();

    @RegisterExtension
    static final PostgresServer POSTGRES = PostgresServer.withOwner(OWNER, OWNER_PASSWORD).passwordsChecked();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> passwords = new ArrayList<>();
    private String role;

    @TempDir
    Path migrations;

    @BeforeAll
    static void ownerMayCreateRoles() throws SQLException {
        try (Connection c = POSTGRES.superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + OWNER + " CREATEROLE");
        }
    }

    @BeforeEach
    void freshRoleAndMigrations() {
        // roles are per server, databases per test: each test gets its own app role
        role = "app" + ROLES.incrementAndGet();
        TestMigrations.copyOfRepositoryMigrations(migrations);
    }

    private static String secret() {
        return HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    }

    private String newPassword() {
        String p = secret();
        passwords.add(p);
        return p;
    }

    /** The migration task's environment: the owner's connection and the app secret's username and password. */
    private Map<String, String> env(String appUser, String appPassword) {
        Map<String, String> env = new HashMap<>();
        env.put("DB_HOST", "localhost");
        env.put("DB_PORT", String.valueOf(POSTGRES.port()));
        env.put("DB_NAME", POSTGRES.database());
        env.put("DB_USER", OWNER);
        env.put("DB_PASSWORD", OWNER_PASSWORD);
        env.put("MIGRATIONS_LOCATION", "filesystem:" + migrations.toAbsolutePath());
        if (appUser != null) {
            env.put("APP_DB_USER", appUser);
        }
        if (appPassword != null) {
            env.put("APP_DB_PASSWORD", appPassword);
        }
        return env;
    }

    private RunnerInvocation migrate(String appUser, String appPassword) {
        RunnerInvocation run = RunnerInvocation.run(env(appUser, appPassword), "migrate");
        assertThat(run.all()).doesNotContain(OWNER_PASSWORD);
        for (String p : passwords) {
            assertThat(run.all()).doesNotContain(p);
        }
        return run;
    }

    private RunnerInvocation migrated(String appUser, String appPassword) {
        RunnerInvocation run = migrate(appUser, appPassword);
        assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.SUCCESS.code());
        return run;
    }

    private Connection as(String user, String password) throws SQLException {
        return DriverManager.getConnection(POSTGRES.jdbcUrl(), user, password);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void assertDenied(Connection c, String sql) {
        assertThatThrownBy(() -> execute(c, sql)).as(sql).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(e.getMessage()).isEqualTo("42501"));
    }

    @Test
    void theAppRoleReadsAndWritesButCannotChangeTheSchema() throws Exception {
        String password = newPassword();
        RunnerInvocation run = migrated(role, password);
        assertThat(run.out()).contains("app role " + role).contains("created " + role);

        try (Connection app = as(role, password)) {
            execute(app, "INSERT INTO users (email, name, email_verified) VALUES ('a@example.com', 'A', false)");
            execute(app, "UPDATE users SET profile_picture = 'a.png' WHERE email = 'a@example.com'");
            try (Statement s = app.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM users")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            execute(app, "DELETE FROM users WHERE email = 'a@example.com'");

            assertDenied(app, "DROP TABLE users");
            assertDenied(app, "ALTER TABLE users ADD COLUMN x int");
            assertDenied(app, "CREATE TABLE app_made (id int)");
            assertDenied(app, "CREATE INDEX ON users (name)");
            assertDenied(app, "TRUNCATE users");
            assertDenied(app, "DELETE FROM flyway_schema_history");
            assertDenied(app, "SELECT * FROM flyway_schema_history");
        }
        assertThat(POSTGRES.query("SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
                + "WHERE r.rolname = '" + role + "'")).containsExactly("0");
        assertThat(POSTGRES.query("SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = '"
                + role + "'")).containsExactly("f");
    }

    @Test
    void tablesOfLaterMigrationsAreCovered() throws Exception {
        String password = newPassword();
        migrated(role, password);
        // by the default privileges alone: a table the migration user creates after the step ran
        try (Connection owner = as(OWNER, OWNER_PASSWORD)) {
            execute(owner, "CREATE TABLE audit (id bigserial PRIMARY KEY, what text)");
        }
        TestMigrations.migrations(migrations, "V7__orders.sql",
                "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, total numeric NOT NULL);");
        migrated(role, password);

        try (Connection app = as(role, password)) {
            execute(app, "INSERT INTO audit (what) VALUES ('x')");
            execute(app, "INSERT INTO orders (total) VALUES (1)");
            execute(app, "UPDATE orders SET total = 2");
            execute(app, "DELETE FROM orders");
            assertDenied(app, "DROP TABLE orders");
            assertDenied(app, "ALTER TABLE audit ADD COLUMN y int");
        }
    }

    @Test
    void aSchemaCreatedByTheMigrationsIsGrantedAfterMigrate() throws Exception {
        String password = newPassword();
        TestMigrations.migrations(migrations, "V7__billing.sql",
                "CREATE SCHEMA billing; CREATE TABLE billing.invoices (id bigserial PRIMARY KEY, total numeric);");
        Map<String, String> env = env(role, password);
        env.put("APP_DB_SCHEMAS", "public,billing");
        RunnerInvocation run = RunnerInvocation.run(env, "migrate");
        assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(run.out()).contains("billing does not exist yet");
        assertThat(run.all()).doesNotContain(password);
        try (Connection app = as(role, password)) {
            execute(app, "INSERT INTO billing.invoices (total) VALUES (1)");
            execute(app, "INSERT INTO users (email, name, email_verified) VALUES ('b@example.com', 'B', false)");
            assertDenied(app, "CREATE TABLE billing.mine (id int)");
            assertDenied(app, "DROP TABLE billing.invoices");
        }
    }

    @Test
    void reRunsChangeNothingAndNeverTouchTheExistingPassword() throws Exception {
        String password = newPassword();
        migrated(role, password);
        List<String> before = privileges();

        // a later run with another password in the environment (rotation owns the role's password)
        String other = newPassword();
        RunnerInvocation again = migrated(role, other);
        assertThat(again.out()).contains("app role " + role).contains("exists (password left to rotation)");
        assertThat(privileges()).isEqualTo(before);
        try (Connection app = as(role, password)) {
            assertThat(app.isValid(2)).isTrue();
        }
        assertThatThrownBy(() -> as(role, other).close()).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
    }

    /** Every ACL and default ACL of the test database, to compare a re-run with the first run. */
    private List<String> privileges() throws SQLException {
        List<String> acl = new ArrayList<>(POSTGRES.query("SELECT relname || '=' || coalesce(relacl::text, '') "
                + "FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY relname"));
        acl.addAll(POSTGRES.query("SELECT defaclobjtype::text || '=' || defaclacl::text FROM pg_default_acl ORDER BY 1"));
        acl.addAll(POSTGRES.query("SELECT nspacl::text FROM pg_namespace WHERE nspname = 'public'"));
        return acl;
    }

    @Test
    void twoTasksRacingBothSucceed() throws Exception {
        String password = newPassword();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<RunnerInvocation> task = () -> migrate(role, password);
            Future<RunnerInvocation> a = pool.submit(task);
            Future<RunnerInvocation> b = pool.submit(task);
            for (RunnerInvocation run : List.of(a.get(), b.get())) {
                assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.SUCCESS.code());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(POSTGRES.query("SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "'")).containsExactly("1");
        try (Connection app = as(role, password)) {
            execute(app, "SELECT * FROM users");
        }
    }

    @Test
    void badAppSettingsStopBeforeAnythingIsApplied() throws Exception {
        RunnerInvocation asOwner = migrate(OWNER, newPassword());
        assertThat(asOwner.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(asOwner.lastErrLine()).contains("must not be the migration user");

        RunnerInvocation noPassword = migrate(role, null);
        assertThat(noPassword.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(noPassword.lastErrLine()).contains("APP_DB_PASSWORD");

        RunnerInvocation otherUser = RunnerInvocation.run(withRole(env("someone_else", newPassword()), role), "migrate");
        assertThat(otherUser.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(otherUser.lastErrLine()).contains("APP_DB_USER").contains("someone_else");

        assertThat(POSTGRES.query("SELECT count(*) FROM pg_class WHERE relname = 'users'")).containsExactly("0");
    }

    private static Map<String, String> withRole(Map<String, String> env, String role) {
        env.put("APP_DB_ROLE", role);
        return env;
    }

    /**
     * A rotation for real: what Secrets Manager's PostgreSQL multi-user rotation function
     * (SecretsManagerRDSPostgreSQLRotationMultiUser, {@code set_secret}) runs as the master user, then the
     * flip of AWSCURRENT. The alternate of {@code current} is {@code pending}: created with
     * {@code GRANT current TO pending} when missing, else given the new password.
     */
    private void rotate(String currentUser, String pendingUser, String pendingPassword) throws SQLException {
        try (Connection master = as(OWNER, OWNER_PASSWORD)) {
            String pending = quoteIdent(master, pendingUser);
            String current = quoteIdent(master, currentUser);
            boolean exists;
            try (var ps = master.prepareStatement("SELECT 1 FROM pg_roles where rolname = ?")) {
                ps.setString(1, pendingUser);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            String literal = master.unwrap(org.postgresql.PGConnection.class).escapeLiteral(pendingPassword);
            if (!exists) {
                execute(master, "CREATE ROLE " + pending + " WITH LOGIN PASSWORD '" + literal + "'");
                execute(master, "GRANT " + current + " TO " + pending);
            } else {
                execute(master, "ALTER USER " + pending + " WITH PASSWORD '" + literal + "'");
            }
        }
    }

    private static String quoteIdent(Connection c, String name) throws SQLException {
        try (var ps = c.prepareStatement("SELECT quote_ident(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** The demo service started with the app secret's values as ECS injects them at task start. */
    private DemoApp serve(String user, String password) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DB_HOST", "localhost");
        env.put("DB_PORT", String.valueOf(POSTGRES.port()));
        env.put("DB_NAME", POSTGRES.database());
        env.put("DB_USER", user);
        env.put("DB_PASSWORD", password);
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return DemoApp.start(0, DemoApp.connectionSource(env), log, Duration.ZERO);
    }

    private int getUsers(DemoApp app) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/users"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    @Test
    void aMultiUserRotationKeepsRunningAndNewTasksServing() throws Exception {
        String first = newPassword();
        migrated(role, first);
        String clone = role + AppRoleSettings.CLONE_SUFFIX;

        try (DemoApp oldTask = serve(role, first)) {
            assertThat(getUsers(oldTask)).isEqualTo(200);

            // rotation 1: the secret becomes <role>_clone with a new password
            String second = newPassword();
            rotate(role, clone, second);
            try (DemoApp newTask = serve(clone, second)) {
                assertThat(getUsers(newTask)).isEqualTo(200);
                assertThat(getUsers(oldTask)).as("a task started before the rotation keeps serving").isEqualTo(200);

                // the next migration task runs with the rotated secret: the clone login, the same role
                TestMigrations.migrations(migrations, "V7__orders.sql",
                        "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, total numeric);");
                RunnerInvocation run = migrated(clone, second);
                assertThat(run.out()).contains("app role " + role + " (login " + clone + "): exists");
                try (Connection c = as(clone, second)) {
                    execute(c, "INSERT INTO orders (total) VALUES (1)");
                    assertDenied(c, "DROP TABLE orders");
                }

                // rotation 2: back to <role> with a third password; the first credential is now dead, the
                // second (held by newTask) lives until rotation 3
                rotate(clone, role, newPassword());
                assertThat(getUsers(newTask)).isEqualTo(200);
                assertThat(getUsers(oldTask)).as("a credential two rotations old is dead").isEqualTo(500);
            }
        }
    }
}
