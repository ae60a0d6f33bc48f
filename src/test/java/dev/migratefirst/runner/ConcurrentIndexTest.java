package dev.migratefirst.runner;

import static dev.migratefirst.runner.RunnerTestSupport.migrations;
import static dev.migratefirst.runner.RunnerTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.runner.RunnerTestSupport.Result;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CREATE INDEX CONCURRENTLY}: completes under the runner (its Flyway lock is a session
 * advisory lock), while Flyway's transactional lock makes it wait forever; and a CIC that hits
 * lock_timeout half way leaves an INVALID index that the runner drops before its retry.
 */
class ConcurrentIndexTest {
    private static final String USERS = "CREATE TABLE users (id int PRIMARY KEY, name text);\n"
            + "INSERT INTO users SELECT g, 'user ' || g FROM generate_series(1, 1000) g;";
    private static final String CIC = "CREATE INDEX CONCURRENTLY users_name_idx ON users (name);";
    private static RunnerTestSupport db;

    @TempDir
    Path tmp;

    private String database;
    private Map<String, String> env;

    @BeforeAll
    static void startPostgres() {
        db = new RunnerTestSupport();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        db.close();
    }

    @BeforeEach
    void freshDatabase() {
        database = db.createDatabase();
        env = db.urlEnv(database);
    }

    @Test
    void createIndexConcurrentlyCompletes() throws Exception {
        Path dir = migrations(tmp.resolve("m"), "V1__users.sql", USERS, "V2__index.sql", CIC);

        Result r = CompletableFuture.supplyAsync(() -> run(env, "migrate", "--locations=filesystem:" + dir))
                .get(60, TimeUnit.SECONDS);

        assertThat(r.code()).as(r.all()).isEqualTo(0);
        assertThat(indexState()).isEqualTo("valid");
        assertThat(db.history(database)).containsExactly("1:true", "2:true");
    }

    @Test
    void theRunnersFlywayTakesASessionAdvisoryLock() {
        CommonOptions options = new CommonOptions();
        options.lockTimeout = java.time.Duration.ofSeconds(2);
        options.lockRetryBackoff = java.time.Duration.ofSeconds(1);
        options.lockRetryBackoffMax = java.time.Duration.ofSeconds(1);
        options.connectTimeout = java.time.Duration.ofSeconds(5);
        options.advisoryLockWait = java.time.Duration.ofSeconds(5);
        options.locations = java.util.List.of("filesystem:migrations");
        try (RunContext ctx = new RunContext(options, env, System.out, System.err, new Interruption())) {
            Flyway flyway = ctx.flyway();
            assertThat(flyway.getConfigurationExtension(PostgreSQLConfigurationExtension.class).isTransactionalLock())
                    .isFalse();
        }
    }

    /** Why the setting matters: with Flyway's transactional lock the same migration never finishes. */
    @Test
    void withFlywaysTransactionalLockTheSameMigrationHangs() throws Exception {
        Path dir = migrations(tmp.resolve("m"), "V1__users.sql", USERS, "V2__index.sql", CIC);
        FluentConfiguration conf = Flyway.configure()
                .dataSource("jdbc:postgresql://localhost:" + db.port() + "/" + database + "?ApplicationName=plainflyway",
                        RunnerTestSupport.ROLE, RunnerTestSupport.PASSWORD)
                .locations("filesystem:" + dir);
        conf.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(true);
        Flyway plain = conf.load();
        FlywaySupport.install();
        CompletableFuture<Object> migrate = CompletableFuture.supplyAsync(plain::migrate);
        try {
            migrate.get(6, TimeUnit.SECONDS);
            throw new AssertionError("expected Flyway with its transactional lock to hang on CREATE INDEX CONCURRENTLY");
        } catch (TimeoutException expected) {
            assertThat(indexState()).isEqualTo("invalid"); // the CIC is stuck in its wait for older transactions
        } finally {
            try (Connection c = db.superuser("postgres"); Statement s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'plainflyway'");
            }
            try {
                migrate.get(30, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // terminated on purpose
            }
        }
    }

    @Test
    void anInvalidIndexLeftByALockTimeoutIsDroppedAndTheRetrySucceeds() throws Exception {
        Path first = migrations(tmp.resolve("v1"), "V1__users.sql", USERS);
        assertThat(run(env, "migrate", "--locations=filesystem:" + first).code()).isEqualTo(0);
        Path dir = migrations(tmp.resolve("v2"), "V1__users.sql", USERS, "V2__index.sql", CIC);
        // a writer's open transaction: CIC builds its (still INVALID) index, then waits for this
        // transaction to end, and hits lock_timeout there
        Connection writer = db.app(database);
        writer.setAutoCommit(false);
        try (Statement s = writer.createStatement()) {
            s.execute("INSERT INTO users VALUES (100000, 'writer')");
        }
        CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(2500);
                writer.commit();
                writer.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        Result r = run(env, "migrate", "--locations=filesystem:" + dir, "--lock-timeout=500ms", "--lock-retries=10",
                "--lock-retry-backoff=200ms", "--lock-retry-backoff-max=400ms");
        release.get(10, TimeUnit.SECONDS);

        assertThat(r.code()).as(r.all()).isEqualTo(0);
        assertThat(r.err()).contains("dropped INVALID index public.users_name_idx");
        assertThat(indexState()).isEqualTo("valid");
        assertThat(db.history(database)).containsExactly("1:true", "2:true");
    }

    private String indexState() throws Exception {
        try (Connection c = db.superuser(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT i.indisvalid FROM pg_index i "
                     + "WHERE i.indexrelid = to_regclass('public.users_name_idx')")) {
            if (!rs.next()) {
                return "absent";
            }
            return rs.getBoolean(1) ? "valid" : "invalid";
        }
    }
}
