package dev.migratefirst.runner.cli;

import static dev.migratefirst.runner.cli.RunnerTestSupport.run;
import static dev.migratefirst.testsupport.TestMigrations.migrations;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Interruption;
import dev.migratefirst.testsupport.RunnerInvocation;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGTERM (ECS stopping the task) or SIGINT cancels the running statement, rolls its transaction back
 * and exits 143.
 */
class InterruptTest {
    @RegisterExtension
    static final RunnerTestSupport db = new RunnerTestSupport();

    @TempDir
    Path tmp;

    private Path dir;

    @BeforeEach
    void slowSecondMigration() {
        dir = migrations(tmp.resolve("m"), "V1__users.sql", "CREATE TABLE users (id int);",
                "V2__slow.sql", "CREATE TABLE half (id int);\nSELECT pg_sleep(60);");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalCancelsTheStatementRollsBackAndExitsInterrupted(String signal) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "migrate",
                "--locations=filesystem:" + dir);
        pb.environment().putAll(db.env());
        Process p = pb.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(line);
                if (line.startsWith("applying V2")) {
                    Thread.sleep(500); // let pg_sleep start
                    // the signal as ECS (TERM) or a terminal (INT) sends it (Process.destroy() would also close our end of the pipes)
                    new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
                }
            }
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String stderr = err.get(5, TimeUnit.SECONDS);
        RunnerTestSupport.assertNoPassword(String.join("\n", out) + stderr);

        assertThat(p.exitValue()).as(out + stderr).isEqualTo(ExitCode.INTERRUPTED.code());
        assertThat(stderr).contains("interrupted (SIGTERM)");
        assertRolledBack();
    }

    @Test
    void aStopRequestInProcessDoesTheSame() throws Exception {
        Interruption interruption = new Interruption();
        CompletableFuture<RunnerInvocation> migrate = CompletableFuture.supplyAsync(
                () -> run(db.env(), interruption, "migrate", "--locations=filesystem:" + dir));
        waitForSleepingStatement();

        interruption.request();

        RunnerInvocation r = migrate.get(30, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.INTERRUPTED.code());
        assertThat(r.lastErrLine()).contains("interrupted (SIGTERM): migrate stopped", "rolled back");
        assertRolledBack();
    }

    private void waitForSleepingStatement() throws Exception {
        for (int i = 0; i < 300; i++) {
            if (sleepingBackends() > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the slow migration never started");
    }

    private int sleepingBackends() throws Exception {
        try (Connection c = db.superuser("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + db.database()
                     + "' AND state = 'active' AND query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void assertRolledBack() throws Exception {
        assertThat(db.exists("half")).as("V2's table rolled back").isFalse();
        assertThat(db.exists("users")).isTrue();
        assertThat(db.history()).containsExactly("1:true");
        for (int i = 0; i < 50 && sleepingBackends() > 0; i++) {
            Thread.sleep(100);
        }
        assertThat(sleepingBackends()).as("the statement was cancelled on the server").isZero();
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
