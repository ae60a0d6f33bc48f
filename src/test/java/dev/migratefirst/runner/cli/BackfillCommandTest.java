package dev.migratefirst.runner.cli;

import static dev.migratefirst.runner.cli.RunnerTestSupport.run;
import static dev.migratefirst.testsupport.TestMigrations.migrations;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.testsupport.RunnerInvocation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backfill} on real PostgreSQL: a 1,000,000-row table backfilled by two runners at once and by a
 * runner killed with SIGKILL (a separate JVM) then resumed, every row compared; bad input refused before
 * any row changes; {@code migrate} running a backfill in place or refusing (exit 9); {@code info}; plain
 * Flyway 13 accepting the folder.
 */
class BackfillCommandTest {
    @RegisterExtension
    static final RunnerTestSupport db = new RunnerTestSupport();

    private static final int MILLION = 1_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /**
     * V1 creates {@code items} with {@code rows} rows (keys 1..rows with every 7th missing: a sparse key), V2 adds
     * the column {@code b}; D2 fills it and counts, in {@code n}, how often a row was touched: a batch run twice
     * would leave a 2.
     */
    private Path itemsFolder(int rows) {
        return migrations(tmp.resolve("m"),
                "V1__items.sql", "CREATE TABLE items (id bigint PRIMARY KEY, a int NOT NULL, n int NOT NULL DEFAULT 0);\n"
                        + "INSERT INTO items (id, a) SELECT g, g % 1000 FROM generate_series(1, " + rows * 7 / 6
                        + ") g WHERE g % 7 <> 0;",
                "V2__add_b.sql", "ALTER TABLE items ADD COLUMN b int;",
                "D2__fill_b.sql", "-- migratefirst:backfill table=items key=id\n"
                        + "-- each batch: b from a, and n counts the touches (a batch run twice shows n = 2)\n"
                        + "UPDATE items SET b = a * 2, n = n + 1 WHERE id BETWEEN :from AND :to;\n");
    }

    private long scalar(String sql) throws Exception {
        try (Connection c = db.superuser(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void assertEveryRowBackfilledOnce(long rows) throws Exception {
        assertThat(scalar("SELECT count(*) FROM items")).isEqualTo(rows);
        assertThat(scalar("SELECT count(*) FROM items WHERE n <> 1 OR b IS DISTINCT FROM a * 2"))
                .as("rows not backfilled exactly once").isZero();
        assertThat(scalar("SELECT rows_done FROM migratefirst_backfill WHERE version = '2'")).isEqualTo(rows);
        assertThat(scalar("SELECT count(*) FROM migratefirst_backfill WHERE state = 'done'")).isEqualTo(1);
    }

    @Test
    void aMillionRowsTwoRunnersAtOnceEveryRowOnceThenNothingToDo() throws Exception {
        Path dir = itemsFolder(MILLION);
        assertThat(run(db.env(), "migrate", "--locations=filesystem:" + dir).code()).isZero();
        assertThat(scalar("SELECT count(*) FROM items")).isEqualTo(MILLION);

        CompletableFuture<RunnerInvocation> first = CompletableFuture.supplyAsync(() -> run(db.env(), "backfill",
                "--locations=filesystem:" + dir, "--log-format=json", "--progress-interval=0s"));
        CompletableFuture<RunnerInvocation> second = CompletableFuture.supplyAsync(() -> run(db.env(), "backfill",
                "--locations=filesystem:" + dir, "--log-format=json", "--progress-interval=0s"));
        RunnerInvocation a = first.get(120, TimeUnit.SECONDS);
        RunnerInvocation b = second.get(120, TimeUnit.SECONDS);

        assertThat(a.code()).as(a.all()).isZero();
        assertThat(b.code()).as(b.all()).isZero();
        assertEveryRowBackfilledOnce(MILLION);
        // one ran the batches, the other waited for its lock and then found it done
        String both = a.all() + b.all();
        assertThat(both).contains("waiting, another runner is running it").contains("finished it");
        // progress people can see, as JSON lines (the human form: the resume test)
        List<JsonNode> progress = new ArrayList<>();
        for (String line : (a.out() + b.out()).split("\\R")) {
            JsonNode n = JSON.readTree(line);
            if ("backfill_progress".equals(n.path("event").asText()) || "backfill_done".equals(n.path("event").asText())) {
                progress.add(n);
            }
        }
        assertThat(progress).hasSizeGreaterThan(2);
        for (JsonNode n : progress) {
            assertThat(n.has("rows_done") && n.has("rows_estimated") && n.has("rows_per_s") && n.has("eta_s")
                    && n.has("batch_size") && n.has("keys_done_pct")).as(n.toString()).isTrue();
        }
        assertThat(progress.get(progress.size() - 1).path("rows_done").asLong()).isEqualTo(MILLION);
        assertThat(scalar("SELECT rows_estimated FROM migratefirst_backfill")).isEqualTo(MILLION);
        assertThat(scalar("SELECT batches FROM migratefirst_backfill")).as("batches adapt above the first 1000 keys")
                .isLessThan(1_166_667 / 1000);

        RunnerInvocation again = run(db.env(), "backfill", "--locations=filesystem:" + dir);
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("backfill D2 (fill b): already done (1000000 rows");
        assertEveryRowBackfilledOnce(MILLION);

        RunnerInvocation info = run(db.env(), "info", "--locations=filesystem:" + dir);
        assertThat(info.out()).containsPattern("D2 +fill b +Done .*100% of keys, 1000000/1000000 rows");
        RunnerTestSupport.assertNoPassword(a.all() + b.all() + again.all() + info.all());
    }

    @Test
    void sigkillAtARandomBatchThenResumeEveryRowExactlyOnce() throws Exception {
        Path dir = itemsFolder(MILLION);
        assertThat(run(db.env(), "migrate", "--locations=filesystem:" + dir).code()).isZero();
        int killAfter = ThreadLocalRandom.current().nextInt(3, 25);

        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "backfill",
                "--locations=filesystem:" + dir, "--batch-duration=50ms", "--batch-pause=0ms", "--batch-size=2000")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile());
        pb.environment().putAll(db.env());
        Process p = pb.start();
        long batches = 0;
        for (int i = 0; i < 1200 && batches < killAfter && p.isAlive(); i++) {
            Thread.sleep(50);
            batches = scalarOrZero("SELECT coalesce(max(batches), 0) FROM migratefirst_backfill");
        }
        assertThat(p.isAlive()).as("the runner was still running at batch " + killAfter + ": "
                + java.nio.file.Files.readString(tmp.resolve("killed.log"))).isTrue();
        p.destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);

        // what the checkpoint says is exactly what is in the table
        long nextFrom = scalar("SELECT next_from FROM migratefirst_backfill");
        long done = scalar("SELECT rows_done FROM migratefirst_backfill");
        assertThat(scalar("SELECT count(*) FROM migratefirst_backfill WHERE state = 'running'")).isEqualTo(1);
        assertThat(done).isPositive().isLessThan(MILLION);
        assertThat(scalar("SELECT count(*) FROM items WHERE n = 1 AND id < " + nextFrom)).isEqualTo(done);
        assertThat(scalar("SELECT count(*) FROM items WHERE n <> 0 AND id >= " + nextFrom)).isZero();
        assertThat(scalar("SELECT count(*) FROM items WHERE n > 1")).isZero();

        RunnerInvocation resumed = run(db.env(), "backfill", "--locations=filesystem:" + dir,
                "--progress-interval=0s");
        assertThat(resumed.code()).as(resumed.all()).isZero();
        assertThat(resumed.out()).contains("backfill D2 (fill b): resuming after ");
        // progress people can see: rows done/estimated, rate, ETA
        assertThat(resumed.out()).containsPattern("backfill D2 \\(fill b\\): \\d+/1000000 rows \\(\\d+% of keys\\), "
                + "\\d+ rows/s, ETA \\d+ s, batch \\d+ keys in \\d+ ms");
        assertEveryRowBackfilledOnce(MILLION);
    }

    @Test
    void badInputIsRefusedBeforeAnyRowChanges() throws Exception {
        Path dir = migrations(tmp.resolve("bad"),
                "V1__t.sql", "CREATE TABLE t (id int PRIMARY KEY, k int, v int);\n"
                        + "INSERT INTO t SELECT g, g % 3, NULL FROM generate_series(1, 1000) g;",
                "D1__no_range.sql", "-- migratefirst:backfill table=t key=id\nUPDATE t SET v = 1 WHERE id >= :from;");
        assertThat(run(db.env(), "migrate", "--locations=filesystem:" + dir).code()).isZero();

        RunnerInvocation noRange = run(db.env(), "backfill", "--locations=filesystem:" + dir);
        assertThat(noRange.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(noRange.lastErrLine()).contains("D1__no_range.sql: the statement must use both :from and :to",
                "it uses only :from");

        migrations(dir, "D1__no_range.sql", "-- migratefirst:backfill table=t key=k\n"
                + "UPDATE t SET v = 1 WHERE k BETWEEN :from AND :to;");
        RunnerInvocation notUnique = run(db.env(), "backfill", "--locations=filesystem:" + dir);
        assertThat(notUnique.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(notUnique.lastErrLine()).contains("D1__no_range.sql: key k of t is not unique", "nothing was changed");

        migrations(dir, "D1__no_range.sql", "UPDATE t SET v = 1 WHERE id BETWEEN :from AND :to;");
        RunnerInvocation noHeader = run(db.env(), "backfill", "--locations=filesystem:" + dir);
        assertThat(noHeader.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(noHeader.lastErrLine()).contains("no header line '-- migratefirst:backfill table=<table> key=<column>'");

        migrations(dir, "D1__no_range.sql", "-- migratefirst:backfill table=t key=id\n"
                + "UPDATE t SET v = 1 WHERE id BETWEEN :from AND :to;\nUPDATE t SET v = 2;");
        RunnerInvocation two = run(db.env(), "backfill", "--locations=filesystem:" + dir);
        assertThat(two.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(two.lastErrLine()).contains("2 statements; a backfill is one statement");

        migrations(dir, "D1__no_range.sql", "-- migratefirst:backfill table=t key=id\n"
                + "UPDATE t SET nope = 1 WHERE id BETWEEN :from AND :to;");
        RunnerInvocation cannotPlan = run(db.env(), "backfill", "--locations=filesystem:" + dir);
        assertThat(cannotPlan.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(cannotPlan.lastErrLine()).contains("PostgreSQL cannot plan the statement", "nope");

        assertThat(scalar("SELECT count(*) FROM t WHERE v IS NOT NULL")).as("no row changed").isZero();
        assertThat(db.exists("migratefirst_backfill")).as("no checkpoint written").isFalse();
    }

    @Test
    void expandBackfillContractMigrateRunsItInPlaceOnANewDatabaseAndWaitsForItOnALiveOne() throws Exception {
        String expand = "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, confirmed_at timestamptz);\n"
                + "INSERT INTO users SELECT g, 'u' || g || '@example.com', CASE WHEN g % 2 = 0 THEN now() END "
                + "FROM generate_series(1, 5000) g;\nALTER TABLE users ADD COLUMN email_verified boolean;";
        String backfill = "-- migratefirst:backfill table=users key=id\n"
                + "UPDATE users SET email_verified = (confirmed_at IS NOT NULL)\n"
                + " WHERE id BETWEEN :from AND :to AND email_verified IS NULL;";
        String contract = "ALTER TABLE users ALTER COLUMN email_verified SET NOT NULL;";

        // a new database: expand, backfill and contract in one migrate
        Path all = migrations(tmp.resolve("all"), "V1__expand.sql", expand, "D1__backfill.sql", backfill,
                "V2__contract.sql", contract);
        RunnerInvocation fresh = run(db.env(), "migrate", "--locations=filesystem:" + all);
        assertThat(fresh.code()).as(fresh.all()).isZero();
        assertThat(db.history()).containsExactly("1:true", "2:true");
        assertThat(scalar("SELECT count(*) FROM users WHERE email_verified = (confirmed_at IS NOT NULL)"))
                .isEqualTo(5000);

        // a backfill numbered after its expand (D2 after V1, no V2): in place between V1 and V3
        String gap = db.createDatabase();
        Path numbered = migrations(tmp.resolve("gap"), "V1__expand.sql", expand, "D2__backfill.sql", backfill,
                "V3__contract.sql", contract);
        RunnerInvocation between = run(db.urlEnv(gap), "migrate", "--locations=filesystem:" + numbered);
        assertThat(between.code()).as(between.all()).isZero();
        assertThat(db.history(gap)).containsExactly("1:true", "3:true");

        // a live database: the release with the expand and the backfill is deployed first
        String live = db.createDatabase();
        java.util.Map<String, String> env = db.urlEnv(live);
        Path release1 = migrations(tmp.resolve("r1"), "V1__expand.sql", expand, "D1__backfill.sql", backfill);
        Path release2 = migrations(tmp.resolve("r2"), "V1__expand.sql", expand, "D1__backfill.sql", backfill,
                "V2__contract.sql", contract);
        assertThat(run(env, "migrate", "--locations=filesystem:" + release1).code()).isZero();
        assertThat(run(env, "info", "--locations=filesystem:" + release1).out())
                .containsPattern("D1 +backfill +Pending .*run 'runner backfill'");

        RunnerInvocation tooEarly = run(env, "migrate", "--locations=filesystem:" + release2);
        assertThat(tooEarly.code()).isEqualTo(ExitCode.BACKFILL_PENDING.code()).isEqualTo(9);
        assertThat(tooEarly.lastErrLine()).contains("V2__contract.sql comes after backfill D1 (backfill), which is not "
                + "started: run 'runner backfill' until it is done, then deploy again; nothing was applied");
        assertThat(db.history(live)).containsExactly("1:true");

        assertThat(run(env, "backfill", "--locations=filesystem:" + release1).code()).isZero();
        assertThat(run(env, "migrate", "--locations=filesystem:" + release2).code()).isZero();
        assertThat(db.history(live)).containsExactly("1:true", "2:true");

        // backfill before its schema migration: refused
        String empty = db.createDatabase();
        RunnerInvocation early = run(db.urlEnv(empty), "backfill", "--locations=filesystem:" + release1);
        assertThat(early.code()).isEqualTo(ExitCode.BACKFILL_PENDING.code());
        assertThat(early.lastErrLine()).contains("backfill D1 (backfill) needs schema version 1 applied, and the "
                + "database is at no version: run migrate first");
        RunnerInvocation waiting = run(db.urlEnv(empty), "info", "--locations=filesystem:" + release1);
        assertThat(waiting.out()).containsPattern("D1 +backfill +Waiting .*for schema version 1");
    }

    @Test
    void plainFlywaySkipsTheBackfillFile() throws Exception {
        Path dir = itemsFolder(10);
        Flyway flyway = Flyway.configure().dataSource(db.jdbcUrl(), RunnerTestSupport.ROLE, RunnerTestSupport.PASSWORD)
                .locations("filesystem:" + dir).load();
        assertThat(flyway.migrate().migrationsExecuted).isEqualTo(2);
        assertThat(flyway.info().all()).extracting(MigrationInfo::getScript)
                .containsExactly("V1__items.sql", "V2__add_b.sql");
        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
        assertThat(scalar("SELECT count(*) FROM items WHERE b IS NOT NULL")).isZero();
    }

    /** The example app's V1, V2 (with undo) and the named files of the worked example, from migrations/. */
    private static Path release(Path dir, String... example) {
        dev.migratefirst.testsupport.TestMigrations.copyOfTheUsersMigrations(dir);
        return dev.migratefirst.testsupport.TestMigrations.repositoryMigrations(dir, example);
    }

    @Test
    void theWorkedExampleExpandBackfillContractPassesCheckAndRuns() throws Exception {
        Path n = release(tmp.resolve("n"), "V3__add_email_verified.sql", "U3__add_email_verified.sql",
                "D3__backfill_email_verified.sql");
        // release N+1 is the repository's whole migrations/ folder
        Path next = dev.migratefirst.testsupport.TestMigrations.copyOfRepositoryMigrations(tmp.resolve("n1"));

        RunnerInvocation check = run(db.env(), "check", "--locations=filesystem:" + next);
        assertThat(check.code()).as(check.all()).isZero();
        assertThat(check.all()).doesNotContain("data-backfill").doesNotContain("backfill-without-index")
                .contains("D3__backfill_email_verified.sql  (backfill: one batch planned, not run)");

        // release N on a database with users: expand; the backfill waits for 'runner backfill'
        assertThat(run(db.env(), "migrate", "--locations=filesystem:" + tmp.resolve("n")).code()).isZero();
        try (Connection c = db.superuser(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO users (email, name) SELECT 'u' || g || '@example.com', 'u' || g "
                    + "FROM generate_series(1, 20000) g");
        }
        // (rows written by the old version above, as in production; the new version would write email_verified)
        RunnerInvocation early = run(db.env(), "migrate", "--locations=filesystem:" + next);
        assertThat(early.code()).isEqualTo(ExitCode.BACKFILL_PENDING.code());
        assertThat(early.lastErrLine()).contains("V4__email_verified_not_null.sql comes after backfill D3 (backfill "
                + "email verified), which is not started");

        RunnerInvocation backfill = run(db.env(), "backfill", "--locations=filesystem:" + n);
        assertThat(backfill.code()).as(backfill.all()).isZero();
        assertThat(backfill.all()).doesNotContain("WARNING");
        assertThat(scalar("SELECT count(*) FROM users WHERE email_verified = false")).isEqualTo(20000);

        RunnerInvocation contract = run(db.env(), "migrate", "--locations=filesystem:" + next);
        assertThat(contract.code()).as(contract.all()).isZero();
        assertThat(scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' "
                + "AND column_name = 'email_verified' AND is_nullable = 'NO'")).isEqualTo(1);
        assertThat(run(db.env(), "info", "--locations=filesystem:" + next).out())
                .containsPattern("D3 +backfill email verified +Done .*20000/20000 rows");
    }

    @Test
    void aCeilingOnLockWaitersPausesTheBackfillUntilTheyAreGone() throws Exception {
        Path dir = itemsFolder(3000);
        assertThat(run(db.env(), "migrate", "--locations=filesystem:" + dir).code()).isZero();
        // the waiter logs in as the runner's own role: without pg_read_all_stats (pg_monitor) a role sees the
        // wait_event_type of its own sessions only
        try (Connection holder = db.superuser(); Connection waiter = java.sql.DriverManager.getConnection(db.jdbcUrl(),
                RunnerTestSupport.ROLE, RunnerTestSupport.PASSWORD)) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("CREATE TABLE other (id int)");
                st.execute("GRANT SELECT ON other TO " + RunnerTestSupport.ROLE);
                holder.commit();
                st.execute("LOCK TABLE other IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
                try (Statement st = waiter.createStatement()) {
                    st.execute("SELECT count(*) FROM other");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            CompletableFuture<RunnerInvocation> backfill = CompletableFuture.supplyAsync(() -> run(db.env(),
                    "backfill", "--locations=filesystem:" + dir, "--max-lock-waiters=0"));
            for (int i = 0; i < 600 && scalar("SELECT count(*) FROM pg_class WHERE relname = 'migratefirst_backfill'")
                    + scalar("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") < 2; i++) {
                Thread.sleep(50);
            }
            Thread.sleep(1500);
            assertThat(scalar("SELECT count(*) FROM items WHERE n > 0")).as("no batch while a session waits").isZero();
            holder.commit();
            blocked.get(30, TimeUnit.SECONDS);
            RunnerInvocation r = backfill.get(60, TimeUnit.SECONDS);
            assertThat(r.code()).as(r.all()).isZero();
            assertThat(r.err()).contains("WARNING: backfill D2 (fill b): paused, 1 sessions wait for a lock, above "
                    + "--max-lock-waiters 0");
            assertEveryRowBackfilledOnce(3000);
        }
    }

    @Test
    void sigtermStopsBetweenOrInsideABatchAndTheNextRunResumes() throws Exception {
        Path dir = migrations(tmp.resolve("slow"),
                "V1__items.sql", "CREATE TABLE items (id bigint PRIMARY KEY, a int NOT NULL, n int NOT NULL DEFAULT 0, "
                        + "b int);\nINSERT INTO items (id, a) SELECT g, g FROM generate_series(1, 400) g;",
                "D1__slow.sql", "-- migratefirst:backfill table=items key=id batch-size=10\n"
                        + "UPDATE items SET b = a * 2, n = n + 1 WHERE id BETWEEN :from AND :to AND pg_sleep(0.005) IS NOT NULL;");
        assertThat(run(db.env(), "migrate", "--locations=filesystem:" + dir).code()).isZero();
        dev.migratefirst.runner.Interruption stop = new dev.migratefirst.runner.Interruption();
        CompletableFuture<RunnerInvocation> backfill = CompletableFuture.supplyAsync(() -> run(db.env(), stop,
                "backfill", "--locations=filesystem:" + dir, "--batch-duration=500ms", "--max-batch-size=20"));
        for (int i = 0; i < 600 && scalarOrZero("SELECT coalesce(max(batches), 0) FROM migratefirst_backfill") < 3; i++) {
            Thread.sleep(50);
        }
        stop.request();
        RunnerInvocation stopped = backfill.get(60, TimeUnit.SECONDS);
        assertThat(stopped.code()).as(stopped.all()).isEqualTo(ExitCode.INTERRUPTED.code());
        long done = scalar("SELECT rows_done FROM migratefirst_backfill");
        long nextFrom = scalar("SELECT next_from FROM migratefirst_backfill");
        assertThat(done).isBetween(1L, 399L);
        assertThat(scalar("SELECT count(*) FROM items WHERE n = 1 AND id < " + nextFrom)).isEqualTo(done);
        assertThat(scalar("SELECT count(*) FROM items WHERE n <> 0 AND id >= " + nextFrom)).isZero();

        RunnerInvocation resumed = run(db.env(), "backfill", "--locations=filesystem:" + dir, "--batch-size=200");
        assertThat(resumed.code()).as(resumed.all()).isZero();
        assertThat(scalar("SELECT count(*) FROM items WHERE n <> 1 OR b IS DISTINCT FROM a * 2")).isZero();
        assertThat(scalar("SELECT rows_done FROM migratefirst_backfill")).isEqualTo(400);
    }

    private long scalarOrZero(String sql) throws Exception {
        try {
            return scalar(sql);
        } catch (java.sql.SQLException e) {
            return 0; // the runner has not created the checkpoint table yet
        }
    }
}
