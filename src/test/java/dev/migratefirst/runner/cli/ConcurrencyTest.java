package dev.migratefirst.runner.cli;

import static dev.migratefirst.runner.cli.RunnerTestSupport.run;
import static dev.migratefirst.testsupport.TestMigrations.migrations;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.testsupport.RunnerInvocation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Three runners started together (three tasks of a retried deploy) apply every migration exactly once. */
class ConcurrencyTest {
    @RegisterExtension
    static final RunnerTestSupport db = new RunnerTestSupport();

    @TempDir
    Path tmp;

    @Test
    void threeRunnersStartedTogetherApplyEachMigrationExactlyOnce() throws Exception {
        List<String> files = new ArrayList<>();
        for (int v = 1; v <= 5; v++) {
            files.add("V" + v + "__step_" + v + ".sql");
            // each migration counts its own runs: a second application would add a row
            files.add((v == 1 ? "CREATE TABLE applied (version int);\n" : "")
                    + "SELECT pg_sleep(0.2);\nINSERT INTO applied VALUES (" + v + ");");
        }
        Path dir = migrations(tmp.resolve("m"), files.toArray(String[]::new));
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<RunnerInvocation>> runners = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runners.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return run(db.env(), "migrate", "--locations=filesystem:" + dir);
            }));
        }
        go.countDown();

        int appliedLines = 0;
        for (CompletableFuture<RunnerInvocation> f : runners) {
            RunnerInvocation r = f.get(120, TimeUnit.SECONDS);
            assertThat(r.code()).as(r.all()).isEqualTo(0);
            appliedLines += (int) r.outLines().stream().filter(l -> l.startsWith("applied  V")).count();
        }

        assertThat(appliedLines).isEqualTo(5);
        assertThat(db.history()).containsExactly("1:true", "2:true", "3:true", "4:true", "5:true");
        try (Connection c = db.superuser(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT string_agg(version::text, ',' ORDER BY version) FROM applied")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("1,2,3,4,5");
        }
    }
}
