package dev.migratefirst.runner.undo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.migrations.MigrationsFolder;
import dev.migratefirst.runner.history.SchemaHistoryTable;
import dev.migratefirst.testsupport.PostgresServer;
import dev.migratefirst.testsupport.RunnerInvocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Undo racing a concurrent migrate on the same database: they never interleave, whichever starts
 * first; the end state is consistent (the schema history matches the schema). Against a plain
 * Flyway migrate in both of Flyway's lock modes, pg_locks shows the advisory lock key
 * {@link SchemaHistoryTable#flywayLockKey()} derives while Flyway migrates, which proves the
 * derivation; against {@code runner migrate}, the runner lock serializes the whole commands.
 */
class UndoRaceTest {
    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();
    private static final SchemaHistoryTable HISTORY = new SchemaHistoryTable("public", "flyway_schema_history");

    @TempDir
    Path dir;


    @BeforeEach
    void twoMigrationsWithUndoScripts() throws IOException {
        Files.writeString(dir.resolve("V1__create_users.sql"), "CREATE TABLE users (id bigint PRIMARY KEY);");
        Files.writeString(dir.resolve("U1__create_users.sql"), "DROP TABLE users;");
        Files.writeString(dir.resolve("V2__add_email.sql"), "ALTER TABLE users ADD COLUMN email text;");
        Files.writeString(dir.resolve("U2__add_email.sql"), "ALTER TABLE users DROP COLUMN email;");
    }

    private Flyway flyway(boolean transactionalLock, String target) {
        FluentConfiguration c = postgres.flyway().locations("filesystem:" + dir).target(target);
        c.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(transactionalLock);
        return c.load();
    }

    /** Whether some other session holds the advisory lock with the key we derive. */
    private boolean lockHeld() throws SQLException {
        try (Connection c = postgres.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1"
                        + " AND ((classid::bigint << 32) | objid::bigint) = ?")) {
            ps.setLong(1, HISTORY.flywayLockKey());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    private void awaitLockHeld() throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!lockHeld()) {
            assertThat(System.nanoTime()).as("the lock with Flyway's key was never taken").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private List<String> query(String sql) throws SQLException {
        return postgres.query(sql);
    }

    private List<String> appliedVersions() throws SQLException {
        return query("SELECT version FROM flyway_schema_history ORDER BY installed_rank");
    }

    private boolean tableExists(String name) throws SQLException {
        return query("SELECT to_regclass('" + name + "')::text").get(0) != null;
    }

    @ParameterizedTest(name = "Flyway transactional lock: {0}")
    @ValueSource(booleans = {false, true})
    void undoWaitsForARunningMigrateAndThenRevertsWhatItApplied(boolean transactionalLock) throws Exception {
        flyway(transactionalLock, "2").migrate();
        Files.writeString(dir.resolve("V3__slow_orders.sql"),
                "SELECT pg_sleep(2.5);\nCREATE TABLE orders (id bigint PRIMARY KEY);");
        Files.writeString(dir.resolve("U3__slow_orders.sql"), "DROP TABLE orders;");

        CompletableFuture<Integer> migrate = CompletableFuture.supplyAsync(
                () -> flyway(transactionalLock, "latest").migrate().migrationsExecuted);
        awaitLockHeld();
        List<String> out = new CopyOnWriteArrayList<>();
        UndoResult undo = undoLatest(out);

        assertThat(migrate.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(out).anyMatch(l -> l.startsWith("Waiting for the migration lock of public.flyway_schema_history"));
        // it waited for V3 to commit, then reverted V3 (not V2, which was the latest when it started)
        assertThat(undo.reverted()).extracting(UndoStep::label).containsExactly("V3 (slow orders)");
        assertThat(appliedVersions()).containsExactly("1", "2");
        assertThat(tableExists("orders")).isFalse();
        assertThat(query("SELECT column_name FROM information_schema.columns WHERE table_name = 'users'"))
                .contains("email");
        assertThat(lockHeld()).as("undo released the lock").isFalse();
    }

    /** Reverts the latest applied migration on its own connection; its progress messages go to {@code out}. */
    private UndoResult undoLatest(List<String> out) throws SQLException {
        try (Connection c = postgres.connect()) {
            return new UndoEngine(UndoSettings.latest(MigrationsFolder.read(dir)),
                    (event, message, fields) -> out.add(message)).run(c);
        }
    }

    private int runnerMigrate(List<String> out) {
        RunnerInvocation r = RunnerInvocation.run(Map.of("DATABASE_URL", postgres.databaseUrl(),
                "MIGRATIONS_LOCATION", dir.toString()), "migrate");
        out.addAll(r.outLines());
        return r.code();
    }

    @Test
    void runnerMigrateWaitsForARunningUndoAndAppliesOnTopOfWhatItLeft() throws Exception {
        createGate();
        Files.writeString(dir.resolve("V3__orders.sql"), "CREATE TABLE orders (id bigint PRIMARY KEY);");
        Files.writeString(dir.resolve("U3__orders.sql"), WAIT_FOR_GATE + "\nDROP TABLE orders;");
        flyway(false, "latest").migrate();
        // the new image brings V4, which needs V3's table; an operator reverts V3 at the same moment
        Files.writeString(dir.resolve("V4__order_total.sql"), "ALTER TABLE orders ADD COLUMN total int;");
        Files.writeString(dir.resolve("U4__order_total.sql"), "ALTER TABLE orders DROP COLUMN total;");
        CompletableFuture<UndoResult> undo = CompletableFuture.supplyAsync(() -> {
            try (Connection c = postgres.connect()) {
                return new UndoEngine(UndoSettings.latest(MigrationsFolder.read(dir)).withVersion("3"),
                        Progress.NONE).run(c);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitLockHeld();
        List<String> out = new CopyOnWriteArrayList<>();

        // the undo stays inside its script until the runner has tried its lock and found it taken
        CompletableFuture<Integer> migrate = CompletableFuture.supplyAsync(() -> runnerMigrate(out));
        awaitALockAttemptThatFailed();
        openGate();
        int code = migrate.get(60, TimeUnit.SECONDS);

        assertThat(undo.get(30, TimeUnit.SECONDS).reverted()).extracting(UndoStep::label)
                .containsExactly("V3 (orders)");
        assertThat(code).as(String.join("\n", out)).isZero();
        assertThat(out).anyMatch(l -> l.contains("waiting for the runner lock of public.flyway_schema_history"));
        // migrate read the history only after the undo committed: V3 pending again, applied, then V4
        assertThat(appliedVersions()).containsExactly("1", "2", "3", "4");
        assertThat(query("SELECT column_name FROM information_schema.columns WHERE table_name = 'orders'"))
                .containsExactlyInAnyOrder("id", "total");
    }

    /**
     * A statement that keeps a migration or undo script running until the test opens the gate: each
     * loop reads {@code race.gate} anew (a DO block is volatile: a new snapshot per statement), so the
     * test decides when the script ends instead of a sleep that a loaded machine can outlast.
     */
    private static final String WAIT_FOR_GATE =
            "DO $$ BEGIN WHILE NOT EXISTS (SELECT 1 FROM race.gate) LOOP PERFORM pg_sleep(0.02); END LOOP; END $$;";

    /** Outside the migrated schema, so Flyway still sees {@code public} as its own. */
    private void createGate() throws SQLException {
        execute("CREATE SCHEMA race; CREATE TABLE race.gate (opened boolean)");
    }

    private void openGate() throws SQLException {
        execute("INSERT INTO race.gate VALUES (true)");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = postgres.connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * Waits until some session's last statement is a {@code pg_try_advisory_lock} that returned and left
     * it idle: a runner polling for a lock that another session holds (a granted try is followed at once
     * by the runner's next statement).
     */
    private void awaitALockAttemptThatFailed() throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (query("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND state = 'idle'"
                + " AND query LIKE 'SELECT pg_try_advisory_lock%'").get(0).equals("0")) {
            assertThat(System.nanoTime()).as("no runner ever tried the lock").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void undoWaitsForARunningRunnerMigrate() throws Exception {
        flyway(false, "2").migrate();
        Files.writeString(dir.resolve("V3__slow_orders.sql"),
                "SELECT pg_sleep(2.5);\nCREATE TABLE orders (id bigint PRIMARY KEY);");
        Files.writeString(dir.resolve("U3__slow_orders.sql"), "DROP TABLE orders;");
        List<String> migrateOut = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> migrate = CompletableFuture.supplyAsync(() -> runnerMigrate(migrateOut));
        awaitLockHeld();
        List<String> out = new CopyOnWriteArrayList<>();
        UndoResult undo = undoLatest(out);

        assertThat(migrate.get(30, TimeUnit.SECONDS)).as(String.join("\n", migrateOut)).isZero();
        assertThat(out).anyMatch(l -> l.startsWith("Waiting for the runner lock of public.flyway_schema_history"));
        assertThat(undo.reverted()).extracting(UndoStep::label).containsExactly("V3 (slow orders)");
        assertThat(appliedVersions()).containsExactly("1", "2");
        assertThat(tableExists("orders")).isFalse();
    }
}
