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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock guards: lock_timeout bounds each wait (and so the app's queries queued behind the
 * migration), lock timeouts are retried with backoff until the blocker ends, and give up with
 * {@link ExitCode#LOCK_RETRIES_EXHAUSTED} when it never does.
 */
class LockGuardTest {
    @RegisterExtension
    static final RunnerTestSupport db = new RunnerTestSupport();

    @TempDir
    Path tmp;

    private Path dir;

    @BeforeEach
    void usersTableThenAnAlter() {
        Path first = migrations(tmp.resolve("v1"), "V1__users.sql",
                "CREATE TABLE users (id int PRIMARY KEY, name text);\n"
                        + "INSERT INTO users SELECT g, 'user ' || g FROM generate_series(1, 100) g;");
        assertThat(run(db.env(), "migrate", "--locations=filesystem:" + first).code()).isEqualTo(0);
        dir = migrations(tmp.resolve("v2"), "V1__users.sql",
                "CREATE TABLE users (id int PRIMARY KEY, name text);\n"
                        + "INSERT INTO users SELECT g, 'user ' || g FROM generate_series(1, 100) g;",
                "V2__add_column.sql", "ALTER TABLE users ADD COLUMN email text;");
    }

    /** An open transaction that has read users: it holds ACCESS SHARE, so ALTER TABLE must wait for it. */
    private Connection blocker() throws Exception {
        Connection c = db.app();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM users")) {
            rs.next();
        }
        return c;
    }

    @Test
    void waitsAtMostLockTimeoutPerAttemptAndSucceedsOnceTheBlockerEnds() throws Exception {
        Connection blocker = blocker();
        AtomicBoolean appRunning = new AtomicBoolean(true);
        AtomicLong longestAppWaitMs = new AtomicLong();
        CountDownLatch appStarted = new CountDownLatch(1);
        CompletableFuture<Void> app = CompletableFuture.runAsync(() -> {
            try (Connection c = db.app(); Statement s = c.createStatement()) {
                appStarted.countDown();
                while (appRunning.get()) {
                    long t = System.nanoTime();
                    try (ResultSet rs = s.executeQuery("SELECT name FROM users WHERE id = 42")) {
                        rs.next();
                    }
                    longestAppWaitMs.accumulateAndGet((System.nanoTime() - t) / 1_000_000, Math::max);
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        appStarted.await();
        CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(3000);
                blocker.commit();
                blocker.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        RunnerInvocation r = run(db.env(), "migrate", "--locations=filesystem:" + dir, "--log-format=json",
                "--lock-timeout=500ms", "--lock-retries=10", "--lock-retry-backoff=200ms",
                "--lock-retry-backoff-max=400ms");
        release.get(10, TimeUnit.SECONDS);
        appRunning.set(false);
        app.get(10, TimeUnit.SECONDS);

        assertThat(r.code()).as(r.all()).isEqualTo(0);
        List<JsonNode> lines = json(r);
        List<Long> waits = new ArrayList<>();
        Instant attemptStart = null;
        for (JsonNode n : lines) {
            String event = n.get("event").asText();
            Instant at = Instant.parse(n.get("time").asText());
            if (event.equals("migration_start") && n.get("version").asText().equals("2")) {
                attemptStart = at;
            } else if (event.equals("lock_timeout")) {
                assertThat(attemptStart).isNotNull();
                waits.add(at.toEpochMilli() - attemptStart.toEpochMilli());
                attemptStart = null;
            }
        }
        assertThat(waits).as("lock timeouts before the blocker ended").hasSizeGreaterThanOrEqualTo(2);
        assertThat(waits).allSatisfy(ms -> assertThat(ms).isBetween(450L, 1200L));
        assertThat(lines.get(lines.size() - 1).get("event").asText()).isEqualTo("migrate_done");
        assertThat(db.history()).containsExactly("1:true", "2:true");
        // the app's point reads queued behind the ALTER for at most about lock_timeout, never the blocker's 3 s
        assertThat(longestAppWaitMs.get()).isLessThan(1500L);
    }

    @Test
    void givesUpWithTheLockCodeWhenAttemptsRunOut() throws Exception {
        try (Connection blocker = blocker()) {
            long t = System.nanoTime();
            RunnerInvocation r = run(db.env(), "migrate", "--locations=filesystem:" + dir, "--lock-timeout=300ms",
                    "--lock-retries=2", "--lock-retry-backoff=100ms", "--lock-retry-backoff-max=200ms");
            long elapsedMs = (System.nanoTime() - t) / 1_000_000;

            assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.LOCK_RETRIES_EXHAUSTED.code());
            assertThat(r.errLines()).filteredOn(l -> l.contains("retrying in")).hasSize(2);
            assertThat(r.err()).contains("V2 add column (V2__add_column.sql) did not get its lock",
                    "canceling statement due to lock timeout");
            assertThat(r.lastErrLine()).contains("gave up after 3 attempts", "lock_timeout 0.3 s", "55P03");
            assertThat(elapsedMs).isLessThan(5000L);
            assertThat(db.history()).containsExactly("1:true");
            blocker.rollback();
        }
    }

    @Test
    void lockTimeoutIsSetOnTheRunnersConnections() throws Exception {
        try (RunContext ctx = db.context(Duration.ofMillis(1500));
             Connection c = ctx.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW lock_timeout")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("1500ms");
        }
    }

    private static List<JsonNode> json(RunnerInvocation r) throws Exception {
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> nodes = new ArrayList<>();
        for (String l : r.outLines()) {
            nodes.add(m.readTree(l));
        }
        return nodes;
    }
}
