package dev.migratefirst.runner.cli;

import static dev.migratefirst.runner.cli.RunnerTestSupport.run;
import static dev.migratefirst.testsupport.TestMigrations.migrations;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.runner.migrate.FlywaySupport;
import dev.migratefirst.testsupport.RunnerInvocation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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
    @RegisterExtension
    static final RunnerTestSupport db = new RunnerTestSupport();

    @TempDir
    Path tmp;


    @Test
    void createIndexConcurrentlyCompletes() throws Exception {
        Path dir = migrations(tmp.resolve("m"), "V1__users.sql", USERS, "V2__index.sql", CIC);

        RunnerInvocation r = CompletableFuture
                .supplyAsync(() -> run(db.env(), "migrate", "--locations=filesystem:" + dir))
                .get(60, TimeUnit.SECONDS);

        assertThat(r.code()).as(r.all()).isEqualTo(0);
        assertThat(indexState()).isEqualTo("valid");
        assertThat(db.history()).containsExactly("1:true", "2:true");
    }

    @Test
    void theRunnersFlywayTakesASessionAdvisoryLock() {
        try (RunContext ctx = db.context(Duration.ofSeconds(2))) {
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
                .dataSource(db.jdbcUrl() + "?ApplicationName=plainflyway", RunnerTestSupport.ROLE,
                        RunnerTestSupport.PASSWORD)
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
        assertThat(run(db.env(), "migrate", "--locations=filesystem:" + first).code()).isEqualTo(0);
        Path dir = migrations(tmp.resolve("v2"), "V1__users.sql", USERS, "V2__index.sql", CIC);
        // a writer's open transaction: CIC builds its (still INVALID) index, then waits for this
        // transaction to end, and hits lock_timeout there
        Connection writer = db.app();
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

        RunnerInvocation r = run(db.env(), "migrate", "--locations=filesystem:" + dir, "--lock-timeout=500ms",
                "--lock-retries=10", "--lock-retry-backoff=200ms", "--lock-retry-backoff-max=400ms");
        release.get(10, TimeUnit.SECONDS);

        assertThat(r.code()).as(r.all()).isEqualTo(0);
        assertThat(r.err()).contains("dropped INVALID index public.users_name_idx");
        assertThat(r.err()).contains("removed the failed entry of V2 from flyway_schema_history");
        assertThat(indexState()).isEqualTo("valid");
        assertThat(db.history()).containsExactly("1:true", "2:true");
    }

    private String indexState() throws Exception {
        try (Connection c = db.superuser(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT i.indisvalid FROM pg_index i "
                     + "WHERE i.indexrelid = to_regclass('public.users_name_idx')")) {
            if (!rs.next()) {
                return "absent";
            }
            return rs.getBoolean(1) ? "valid" : "invalid";
        }
    }
}
