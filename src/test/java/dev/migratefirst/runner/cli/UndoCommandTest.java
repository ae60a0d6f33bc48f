package dev.migratefirst.runner.cli;

import static dev.migratefirst.testsupport.TestMigrations.copyOfRepositoryMigrations;
import static dev.migratefirst.testsupport.TestMigrations.copyOfTheUsersMigrations;
import static dev.migratefirst.testsupport.TestMigrations.migrations;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Interruption;
import dev.migratefirst.testsupport.PostgresServer;
import dev.migratefirst.testsupport.RunnerInvocation;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code runner undo} end to end through {@link Main#run}, with the environment ECS would give. */
class UndoCommandTest {
    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();

    @TempDir
    Path dir;

    @BeforeEach
    void repositoryMigrations() {
        copyOfTheUsersMigrations(dir);
    }

    /** The environment ECS would give, with the test's migrations folder. */
    private Map<String, String> env() {
        return Map.of("DATABASE_URL", postgres.databaseUrl(), "MIGRATIONS_LOCATION", dir.toString());
    }

    private RunnerInvocation runner(String... args) {
        return RunnerInvocation.run(env(), args);
    }

    private List<String> history() throws SQLException {
        return query("SELECT version FROM flyway_schema_history ORDER BY installed_rank");
    }

    @Test
    void undoesTheLatestExampleMigrationThenInfoShowsItPendingAndMigrateReappliesIt() throws SQLException {
        assertThat(runner("migrate").code()).isZero();

        RunnerInvocation undo = runner("undo");

        assertThat(undo.code()).as(undo.all()).isZero();
        assertThat(undo.outLines()).contains(
                "Undo will revert V2 (add profile picture) in public.flyway_schema_history; V1 will be the latest applied",
                "Reverting V2 (add profile picture) with U2__add_profile_picture.sql",
                "Undo complete: reverted 1 migration; V1 is the latest applied");
        assertThat(undo.err()).isEmpty();
        assertThat(history()).containsExactly("1");
        RunnerInvocation info = runner("info");
        assertThat(info.all()).containsPattern("(?i)2.*add profile picture.*pending");
        assertThat(runner("validate").code()).as("an undone migration is pending, not a validation error").isZero();
        RunnerInvocation migrate = runner("migrate");
        assertThat(migrate.code()).as(migrate.all()).isZero();
        assertThat(history()).containsExactly("1", "2");
    }

    @Test
    void dryRunPrintsTheSqlInOrderAndChangesNothing() throws SQLException {
        runner("migrate");

        RunnerInvocation dry = runner("undo", "--to", "0", "--dry-run");

        assertThat(dry.code()).as(dry.all()).isZero();
        assertThat(String.join("\n", dry.outLines())).contains(
                "Dry run: will revert V2 (add profile picture), V1 (create users) in public.flyway_schema_history;"
                        + " no versioned migration will be left applied; nothing is changed\n"
                        + "-- U2__add_profile_picture.sql (reverts V2 (add profile picture))\n"
                        + "ALTER TABLE users DROP COLUMN profile_picture;\n"
                        + "-- U1__create_users.sql (reverts V1 (create users))\n"
                        + "DROP TABLE users;");
        assertThat(history()).containsExactly("1", "2");
    }

    @Test
    void refusalsExitWithUndoRefusedAndOneErrorLine() throws IOException, SQLException {
        runner("migrate");
        RunnerInvocation notLatest = runner("undo", "--migration", "1");
        assertThat(notLatest.code()).isEqualTo(ExitCode.UNDO_REFUSED.code()).isEqualTo(7);
        assertThat(notLatest.errLines()).containsExactly("ERROR: V1 is not the latest applied migration (V2 is);"
                + " undo V2 first, or use --to to revert several newest first");

        migrations(dir, "V3__add_nickname.sql", "ALTER TABLE users ADD COLUMN nickname text;");
        runner("migrate");
        RunnerInvocation noScript = runner("undo");
        assertThat(noScript.code()).isEqualTo(7);
        assertThat(noScript.errLines()).hasSize(1).allMatch(l -> l.startsWith(
                "ERROR: V3__add_nickname.sql has no undo script (expected U3__add_nickname.sql in "));
        assertThat(history()).containsExactly("1", "2", "3");
    }

    @Test
    void aFailingUndoScriptExitsWithMigrationFailedAndKeepsTheHistory() throws IOException, SQLException {
        migrations(dir, "V3__add_nickname.sql", "ALTER TABLE users ADD COLUMN nickname text;");
        migrations(dir, "U3__add_nickname.sql", "ALTER TABLE users DROP COLUMN nickname;\nSELECT 1/0;");
        runner("migrate");

        RunnerInvocation run = runner("undo");

        assertThat(run.code()).isEqualTo(ExitCode.MIGRATION_FAILED.code());
        assertThat(run.errLines()).containsExactly("ERROR: U3__add_nickname.sql failed: ERROR: division by zero "
                + "(SQLSTATE 22012); its transaction rolled back, V3 (add nickname) is still applied");
        assertThat(history()).containsExactly("1", "2", "3");
    }

    @Test
    void anUndoScriptBlockedByTheAppIsRetriedThenGivesUpWithLockRetriesExhausted() throws SQLException {
        runner("migrate");
        try (Connection app = postgres.connect(); Statement st = app.createStatement()) {
            // the app's long transaction holds ACCESS SHARE on users; ALTER TABLE needs ACCESS EXCLUSIVE
            app.setAutoCommit(false);
            st.execute("SELECT count(*) FROM users");

            RunnerInvocation run = runner("undo", "--lock-timeout", "200ms", "--lock-retries", "2",
                    "--lock-retry-backoff", "50ms");

            assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.LOCK_RETRIES_EXHAUSTED.code());
            assertThat(run.errLines()).filteredOn(l -> l.startsWith("WARNING: ")).hasSize(2)
                    .allMatch(l -> l.contains("U2__add_profile_picture.sql: a lock held by another session was not"
                            + " granted within"));
            assertThat(run.errLines()).last().asString().startsWith("ERROR: U2__add_profile_picture.sql gave up after 3"
                    + " attempts");
            app.rollback();
        }
        assertThat(history()).containsExactly("1", "2");
    }

    @Test
    void anUndoScriptSucceedsOnRetryOnceTheAppReleasesItsLock() throws Exception {
        runner("migrate");
        Connection app = postgres.connect();
        app.setAutoCommit(false);
        try (Statement st = app.createStatement()) {
            st.execute("SELECT count(*) FROM users");
        }
        // the app lets go only once the undo's first attempt timed out and a second one waits
        Thread release = new Thread(() -> {
            try {
                awaitASecondLockWait();
                app.rollback();
                app.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        release.start();

        RunnerInvocation run = runner("undo", "--lock-timeout", "300ms", "--lock-retries", "10",
                "--lock-retry-backoff", "100ms");
        release.join();

        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.errLines()).anyMatch(l -> l.startsWith("WARNING: U2__add_profile_picture.sql: a lock held by"));
        assertThat(history()).containsExactly("1");
    }

    /**
     * Waits until a session has waited for a lock twice: two waits with different {@code waitstart}
     * (pg_locks, PostgreSQL 14+) mean the first one ended on lock_timeout and the runner retried.
     */
    private static void awaitASecondLockWait() throws Exception {
        String first = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<String> waits = postgres.query("SELECT waitstart::text FROM pg_locks WHERE NOT granted"
                    + " AND waitstart IS NOT NULL AND pid <> pg_backend_pid()");
            if (!waits.isEmpty()) {
                if (first == null) {
                    first = waits.get(0);
                } else if (!waits.contains(first)) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the undo never waited for the app's lock twice");
    }

    @Test
    void sigtermCancelsTheUndoScriptRollsBackAndExits143() throws Exception {
        migrations(dir, "V3__add_nickname.sql", "ALTER TABLE users ADD COLUMN nickname text;");
        migrations(dir, "U3__add_nickname.sql", "ALTER TABLE users DROP COLUMN nickname;\nSELECT pg_sleep(60);");
        runner("migrate");
        Interruption interruption = new Interruption();
        CompletableFuture<RunnerInvocation> undo = CompletableFuture.supplyAsync(
                () -> RunnerInvocation.run(env(), interruption, "undo"));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (query("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%'"
                + " AND pid <> pg_backend_pid()").equals(List.of("0"))) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(50);
        }

        interruption.request();

        RunnerInvocation stopped = undo.get(30, TimeUnit.SECONDS);
        assertThat(stopped.code()).as(stopped.all()).isEqualTo(ExitCode.INTERRUPTED.code());
        assertThat(stopped.err()).contains("interrupted (SIGTERM)");
        assertThat(history()).containsExactly("1", "2", "3");
        assertThat(query("SELECT count(*) FROM information_schema.columns WHERE column_name = 'nickname'"))
                .containsExactly("1");
        assertThat(query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).containsExactly("0");
    }

    private List<String> query(String sql) throws SQLException {
        return postgres.query(sql);
    }

    @Test
    void badArgumentsAreConfigurationErrors() {
        runner("migrate");
        assertThat(runner("undo", "--to", "two").errLines()).containsExactly(
                "ERROR: undo: --to two: expected a version such as 3 or 1.2 (0 reverts all)");
        RunnerInvocation both = runner("undo", "--to", "1", "--migration", "2");
        assertThat(both.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(both.errLines()).containsExactly("ERROR: undo: --to and --migration cannot be combined");
        assertThat(runner("undo", "--round-trip", "--dry-run").code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
    }

    @Test
    void jsonLinesCarryEventsAndFields() throws IOException, SQLException {
        runner("migrate");

        RunnerInvocation run = runner("undo", "--log-format", "json");

        assertThat(run.code()).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : run.outLines()) {
            lines.add(json.readTree(l));
        }
        assertThat(lines).extracting(n -> n.get("event").asText())
                .containsSubsequence("undo_start", "undo_plan", "undo_step", "undo_reverted", "undo_done");
        JsonNode reverted = lines.stream().filter(n -> n.get("event").asText().equals("undo_reverted")).findFirst()
                .orElseThrow();
        assertThat(reverted.get("version").asText()).isEqualTo("2");
        assertThat(reverted.get("script").asText()).isEqualTo("U2__add_profile_picture.sql");
        assertThat(run.all()).doesNotContain("postgres:postgres");
    }

    @Test
    void roundTripProvesTheRepositoryMigrationsOnAThrowawayDatabase() throws SQLException {
        // pointed at the repository's own migrations/: mvn verify proves every undo script there
        RunnerInvocation r = RunnerInvocation.run(Map.of("DATABASE_URL", postgres.databaseUrl(),
                "MIGRATIONS_LOCATION", Path.of("migrations").toAbsolutePath().toString()), "undo", "--round-trip");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.all()).contains("Round trip V1 (create users): applied, undone to the same schema, re-applied",
                "Round trip V6 (email verified set not null): applied, undone to the same schema, re-applied",
                "Round trip passed: 6 undo scripts proven, 0 irreversible migrations applied");
        // never on DATABASE_URL
        try (Connection c = postgres.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('flyway_schema_history') IS NULL")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
        }
    }

    @Test
    void roundTripFailureExitsWithRoundTripFailedNamingTheDifference() throws IOException {
        migrations(dir, "V3__add_nickname.sql", "ALTER TABLE users ADD COLUMN nickname text;\n"
                + "CREATE INDEX users_name_idx ON users (name);");
        migrations(dir, "U3__add_nickname.sql", "ALTER TABLE users DROP COLUMN nickname;");

        RunnerInvocation run = runner("undo", "--round-trip");

        assertThat(run.code()).isEqualTo(ExitCode.ROUND_TRIP_FAILED.code()).isEqualTo(8);
        assertThat(run.errLines()).containsExactly("ERROR: V3__add_nickname.sql: index users_name_idx on users exists "
                + "after undo of V3 but not before V3");
    }
}
