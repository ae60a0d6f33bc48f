package dev.migratefirst.runner.cli;

import static dev.migratefirst.runner.cli.RunnerTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Interruption;
import dev.migratefirst.testsupport.AdvisoryLocks;
import dev.migratefirst.testsupport.RunnerInvocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code runner exec -- <command...>} with real tools on the host: Debian's alembic (with
 * python3-psycopg2) running the lesson's migrations (src/test/resources/alembic-app), psql and sh
 * showing what a tool gets. Without alembic the class is skipped with the reason, except under
 * {@code CI=true}, where it fails (.ci/run installs it).
 */
class ExecCommandTest {
    @RegisterExtension
    static final RunnerTestSupport db = new RunnerTestSupport();

    static final Path ALEMBIC_INI = Path.of("src/test/resources/alembic-app/alembic.ini").toAbsolutePath();

    @BeforeAll
    static void toolsInstalled() throws Exception {
        for (String tool : List.of("alembic", "psql")) {
            Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
            if (p.waitFor() != 0) {
                String reason = tool + " is not installed (apt-get install -y alembic python3-psycopg2 "
                        + "postgresql-client; .ci/run does it)";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    throw new AssertionError(reason + ": required because CI=true");
                }
                System.err.println("SKIPPED ExecCommandTest: " + reason);
                Assumptions.abort(reason);
            }
        }
    }

    private static RunnerInvocation exec(Map<String, String> env, String... command) {
        String[] args = new String[command.length + 4];
        args[0] = "exec";
        args[1] = "--advisory-lock-wait=30s";
        args[2] = "--connect-timeout=5s";
        args[3] = "--";
        System.arraycopy(command, 0, args, 4, command.length);
        return run(env, args);
    }

    private static String alembic(String... args) {
        return "alembic -c " + ALEMBIC_INI + " " + String.join(" ", args);
    }

    private boolean hasColumn(String table, String column) throws Exception {
        try (Connection c = db.superuser(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.columns WHERE table_name = '"
                     + table + "' AND column_name = '" + column + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    @Test
    void alembicUpgradeHeadAddsTheColumnThenFindsNothingToDo() throws Exception {
        RunnerInvocation first = exec(db.env(), "alembic", "-c", ALEMBIC_INI.toString(), "upgrade", "head");
        assertThat(first.code()).as(first.all()).isZero();
        assertThat(hasColumn("users", "profile_picture")).isTrue();
        assertThat(first.out()).contains("running: alembic -c " + ALEMBIC_INI + " upgrade head");
        assertThat(first.err()).contains("Running upgrade 0001 -> 0002");

        RunnerInvocation again = exec(db.env(), "alembic", "-c", ALEMBIC_INI.toString(), "upgrade", "head");
        assertThat(again.code()).as(again.all()).isZero();
        assertThat(again.err()).doesNotContain("Running upgrade");
    }

    @Test
    void theToolGetsTheConnectionInEveryFormAndTheGuardsInPgoptions() {
        Map<String, String> env = new HashMap<>(db.env());
        env.put("PGOPTIONS", "-c application_name=team");
        RunnerInvocation r = exec(env, "sh", "-c", "echo \"host=$PGHOST port=$PGPORT db=$PGDATABASE user=$PGUSER\";"
                + " echo \"options=$PGOPTIONS\"; echo \"flyway=$FLYWAY_URL spring=$SPRING_DATASOURCE_URL\";"
                + " echo \"pw=$PGPASSWORD url=$DATABASE_URL\";"
                + " psql -XAtc 'SHOW lock_timeout' -c 'SHOW statement_timeout'");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("host=localhost port=" + db.port() + " db=" + db.database()
                + " user=" + RunnerTestSupport.ROLE);
        assertThat(r.out()).contains("options=-c application_name=team -c lock_timeout=2000ms");
        assertThat(r.out()).contains("flyway=jdbc:postgresql://localhost:" + db.port() + "/" + db.database()
                + "?sslmode=disable&");
        assertThat(r.out()).contains("&options=-c%20lock_timeout%3D2000ms");
        // the tool may print the password: the runner masks it in what it passes on
        assertThat(r.out()).contains("pw=***").contains("url=postgresql://" + RunnerTestSupport.ROLE + ":***@localhost");
        assertThat(r.outLines()).containsSubsequence("2s", "0");
    }

    @Test
    void statementTimeoutReachesTheToolsSessions() {
        RunnerInvocation r = run(db.env(), "exec", "--lock-timeout=750ms", "--statement-timeout=5s", "--",
                "psql", "-XAtc", "SHOW lock_timeout", "-c", "SHOW statement_timeout");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.outLines()).containsSubsequence("750ms", "5s");
    }

    @Test
    void aBlockedAlterTableTimesOutOnLockTimeoutInsteadOfQueueing() throws Exception {
        RunnerInvocation base = exec(db.env(), "alembic", "-c", ALEMBIC_INI.toString(), "upgrade", "0001");
        assertThat(base.code()).as(base.all()).isZero();
        try (Connection app = db.app(); Statement s = app.createStatement()) {
            app.setAutoCommit(false);
            s.executeQuery("SELECT * FROM users").close(); // ACCESS SHARE held until rollback
            long start = System.nanoTime();
            RunnerInvocation blocked = run(db.env(), "exec", "--lock-timeout=1s", "--", "alembic", "-c",
                    ALEMBIC_INI.toString(), "upgrade", "head");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            app.rollback();
            assertThat(blocked.code()).as(blocked.all()).isEqualTo(ExitCode.MIGRATION_FAILED.code());
            assertThat(blocked.err()).contains("canceling statement due to lock timeout");
            assertThat(blocked.lastErrLine()).contains("failed with exit status 1");
            assertThat(took).isLessThan(Duration.ofSeconds(30));
        }
        assertThat(hasColumn("users", "profile_picture")).isFalse();
    }

    @Test
    void aSecondRunnerWaitsForTheLockThenFindsNothingToDo() throws Exception {
        CompletableFuture<RunnerInvocation> first = CompletableFuture.supplyAsync(() -> exec(db.env(), "sh", "-c",
                "sleep 5; " + alembic("upgrade", "head")));
        awaitAdvisoryLock();
        RunnerInvocation second = exec(db.env(), "alembic", "-c", ALEMBIC_INI.toString(), "upgrade", "head");
        RunnerInvocation one = first.get(60, TimeUnit.SECONDS);
        assertThat(one.code()).as(one.all()).isZero();
        assertThat(one.err()).contains("Running upgrade 0001 -> 0002");
        assertThat(second.code()).as(second.all()).isZero();
        assertThat(second.out()).contains("waiting for the runner lock");
        assertThat(second.err()).doesNotContain("Running upgrade");
    }

    private void awaitAdvisoryLock() throws Exception {
        try (Connection c = db.superuser()) {
            AdvisoryLocks.awaitGranted(c, Duration.ofSeconds(60));
        }
    }

    @Test
    void theToolsExitStatusIsMapped() {
        assertThat(exec(db.env(), "sh", "-c", "exit 0").code()).isEqualTo(0);
        RunnerInvocation failed = exec(db.env(), "sh", "-c", "exit 3");
        assertThat(failed.code()).isEqualTo(ExitCode.MIGRATION_FAILED.code());
        assertThat(failed.lastErrLine()).contains("failed with exit status 3");
        RunnerInvocation killed = exec(db.env(), "sh", "-c", "kill -KILL $$");
        assertThat(killed.code()).isEqualTo(ExitCode.INTERRUPTED.code());
        assertThat(killed.lastErrLine()).contains("by signal 9");
    }

    @Test
    void sigtermIsForwardedToTheToolAndItsExitAwaited() throws Exception {
        Path marker = Files.createTempFile("exec-term", ".txt");
        Interruption interruption = new Interruption();
        CompletableFuture<RunnerInvocation> running = CompletableFuture.supplyAsync(() -> run(db.env(), interruption,
                "exec", "--", "sh", "-c", "trap 'echo got-term > " + marker + "; exit 0' TERM; echo started > " + marker
                        + "; sleep 30 & wait"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.readString(marker).contains("started") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long start = System.nanoTime();
        interruption.request();
        RunnerInvocation r = running.get(20, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.INTERRUPTED.code());
        assertThat(Files.readString(marker)).contains("got-term");
        assertThat(r.lastErrLine()).contains("SIGTERM forwarded");
    }

    @Test
    void badInputIsAConfigurationError() {
        RunnerInvocation none = run(db.env(), "exec");
        assertThat(none.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(none.err()).contains("COMMAND");
        RunnerInvocation missing = exec(db.env(), "no-such-migration-tool", "up");
        assertThat(missing.code()).as(missing.all()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(missing.lastErrLine()).contains("cannot start 'no-such-migration-tool'");
        RunnerInvocation noDb = run(Map.of(), "exec", "--", "true");
        assertThat(noDb.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
    }
}
