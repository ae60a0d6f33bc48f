package dev.migratefirst.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.testsupport.ScratchPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runner undo} end to end through {@link Main#run}, with the environment ECS would give. */
class UndoCommandTest {
    private static ScratchPostgres postgres;

    @TempDir
    Path dir;

    private String url;

    @BeforeAll
    static void startServer() {
        postgres = ScratchPostgres.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void freshDatabase() throws IOException {
        url = postgres.createDatabase();
        try (Stream<Path> files = Files.list(Path.of("migrations"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
    }

    private record Run(int code, List<String> out, List<String> err) {
        String all() {
            return String.join("\n", out) + "\n" + String.join("\n", err);
        }
    }

    private Run runner(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", ScratchPostgres.databaseUrl(url));
        env.put("MIGRATIONS_LOCATION", dir.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8).lines().toList(),
                err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    private List<String> history() throws SQLException {
        return query("SELECT version FROM flyway_schema_history ORDER BY installed_rank");
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(dir.resolve(name), sql);
    }

    @Test
    void undoesTheLatestExampleMigrationThenInfoShowsItPendingAndMigrateReappliesIt() throws SQLException {
        assertThat(runner("migrate").code()).isZero();

        Run undo = runner("undo");

        assertThat(undo.code()).as(undo.all()).isZero();
        assertThat(undo.out()).contains(
                "Undo will revert V2 (add profile picture) in public.flyway_schema_history; V1 will be the latest applied",
                "Reverting V2 (add profile picture) with U2__add_profile_picture.sql",
                "Undo complete: reverted 1 migration; V1 is the latest applied");
        assertThat(undo.err()).isEmpty();
        assertThat(history()).containsExactly("1");
        Run info = runner("info");
        assertThat(info.all()).containsPattern("(?i)2.*add profile picture.*pending");
        assertThat(runner("validate").code()).as("an undone migration is pending, not a validation error").isZero();
        Run migrate = runner("migrate");
        assertThat(migrate.code()).as(migrate.all()).isZero();
        assertThat(history()).containsExactly("1", "2");
    }

    @Test
    void dryRunPrintsTheSqlInOrderAndChangesNothing() throws SQLException {
        runner("migrate");

        Run dry = runner("undo", "--to", "0", "--dry-run");

        assertThat(dry.code()).as(dry.all()).isZero();
        assertThat(String.join("\n", dry.out())).contains(
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
        Run notLatest = runner("undo", "--migration", "1");
        assertThat(notLatest.code()).isEqualTo(ExitCode.UNDO_REFUSED.code()).isEqualTo(7);
        assertThat(notLatest.err()).containsExactly("ERROR: V1 is not the latest applied migration (V2 is); undo V2"
                + " first, or use --to to revert several newest first");

        write("V3__add_nickname.sql", "ALTER TABLE users ADD COLUMN nickname text;");
        runner("migrate");
        Run noScript = runner("undo");
        assertThat(noScript.code()).isEqualTo(7);
        assertThat(noScript.err()).hasSize(1).allMatch(l -> l.startsWith(
                "ERROR: V3__add_nickname.sql has no undo script (expected U3__add_nickname.sql in "));
        assertThat(history()).containsExactly("1", "2", "3");
    }

    @Test
    void aFailingUndoScriptExitsWithMigrationFailedAndKeepsTheHistory() throws IOException, SQLException {
        write("V3__add_nickname.sql", "ALTER TABLE users ADD COLUMN nickname text;");
        write("U3__add_nickname.sql", "ALTER TABLE users DROP COLUMN nickname;\nSELECT 1/0;");
        runner("migrate");

        Run run = runner("undo");

        assertThat(run.code()).isEqualTo(ExitCode.MIGRATION_FAILED.code());
        assertThat(run.err()).containsExactly("ERROR: U3__add_nickname.sql failed: ERROR: division by zero "
                + "(SQLSTATE 22012); its transaction rolled back, V3 (add nickname) is still applied");
        assertThat(history()).containsExactly("1", "2", "3");
    }

    @Test
    void anUndoScriptBlockedByTheAppIsRetriedThenGivesUpWithLockRetriesExhausted() throws SQLException {
        runner("migrate");
        try (Connection app = ScratchPostgres.connect(url); Statement st = app.createStatement()) {
            // the app's long transaction holds ACCESS SHARE on users; ALTER TABLE needs ACCESS EXCLUSIVE
            app.setAutoCommit(false);
            st.execute("SELECT count(*) FROM users");

            Run run = runner("undo", "--lock-timeout", "200ms", "--lock-retries", "2", "--lock-retry-backoff", "50ms");

            assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.LOCK_RETRIES_EXHAUSTED.code());
            assertThat(run.err()).filteredOn(l -> l.startsWith("WARNING: ")).hasSize(2)
                    .allMatch(l -> l.contains("U2__add_profile_picture.sql: a lock held by another session was not"
                            + " granted within"));
            assertThat(run.err()).last().asString().startsWith("ERROR: U2__add_profile_picture.sql gave up after 3"
                    + " attempts");
            app.rollback();
        }
        assertThat(history()).containsExactly("1", "2");
    }

    @Test
    void anUndoScriptSucceedsOnRetryOnceTheAppReleasesItsLock() throws Exception {
        runner("migrate");
        Connection app = ScratchPostgres.connect(url);
        app.setAutoCommit(false);
        try (Statement st = app.createStatement()) {
            st.execute("SELECT count(*) FROM users");
        }
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(700);
                app.rollback();
                app.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        release.start();

        Run run = runner("undo", "--lock-timeout", "300ms", "--lock-retries", "10", "--lock-retry-backoff", "100ms");
        release.join();

        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.err()).anyMatch(l -> l.startsWith("WARNING: U2__add_profile_picture.sql: a lock held by"));
        assertThat(history()).containsExactly("1");
    }

    @Test
    void sigtermCancelsTheUndoScriptRollsBackAndExits143() throws Exception {
        write("V3__add_nickname.sql", "ALTER TABLE users ADD COLUMN nickname text;");
        write("U3__add_nickname.sql", "ALTER TABLE users DROP COLUMN nickname;\nSELECT pg_sleep(60);");
        runner("migrate");
        Interruption interruption = new Interruption();
        Map<String, String> env = Map.of("DATABASE_URL", ScratchPostgres.databaseUrl(url),
                "MIGRATIONS_LOCATION", dir.toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> undo = CompletableFuture.supplyAsync(
                () -> Main.run(new String[] {"undo"}, env, new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), interruption));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (query("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%'"
                + " AND pid <> pg_backend_pid()").equals(List.of("0"))) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(50);
        }

        interruption.request();

        assertThat(undo.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCode.INTERRUPTED.code());
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("interrupted (SIGTERM)");
        assertThat(history()).containsExactly("1", "2", "3");
        assertThat(query("SELECT count(*) FROM information_schema.columns WHERE column_name = 'nickname'"))
                .containsExactly("1");
        assertThat(query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).containsExactly("0");
    }

    private List<String> query(String sql) throws SQLException {
        return ScratchPostgres.query(url, sql);
    }

    @Test
    void badArgumentsAreConfigurationErrors() {
        runner("migrate");
        assertThat(runner("undo", "--to", "two").err()).containsExactly(
                "ERROR: undo: --to two: expected a version such as 3 or 1.2 (0 reverts all)");
        Run both = runner("undo", "--to", "1", "--migration", "2");
        assertThat(both.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(both.err()).containsExactly("ERROR: undo: --to and --migration cannot be combined");
        assertThat(runner("undo", "--round-trip", "--dry-run").code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
    }

    @Test
    void jsonLinesCarryEventsAndFields() throws IOException, SQLException {
        runner("migrate");

        Run run = runner("undo", "--log-format", "json");

        assertThat(run.code()).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : run.out()) {
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
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", ScratchPostgres.databaseUrl(url));
        env.put("MIGRATIONS_LOCATION", Path.of("migrations").toAbsolutePath().toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(new String[] {"undo", "--round-trip"}, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        assertThat(printed).contains("Round trip V1 (create users): applied, undone to the same schema, re-applied",
                "Round trip passed: 2 undo scripts proven, 0 irreversible migrations applied");
        // never on DATABASE_URL
        try (Connection c = ScratchPostgres.connect(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('flyway_schema_history') IS NULL")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
        }
    }

    @Test
    void roundTripFailureExitsWithRoundTripFailedNamingTheDifference() throws IOException {
        write("V3__add_nickname.sql", "ALTER TABLE users ADD COLUMN nickname text;\n"
                + "CREATE INDEX users_name_idx ON users (name);");
        write("U3__add_nickname.sql", "ALTER TABLE users DROP COLUMN nickname;");

        Run run = runner("undo", "--round-trip");

        assertThat(run.code()).isEqualTo(ExitCode.ROUND_TRIP_FAILED.code()).isEqualTo(8);
        assertThat(run.err()).containsExactly("ERROR: V3__add_nickname.sql: index users_name_idx on users exists "
                + "after undo of V3 but not before V3");
    }
}
