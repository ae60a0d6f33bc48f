package dev.migratefirst.runner.cli;

import static dev.migratefirst.runner.cli.RunnerTestSupport.run;
import static dev.migratefirst.testsupport.TestMigrations.migrations;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.testsupport.RunnerInvocation;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database that comes up while the runner is retrying (an RDS instance still starting) is waited for. */
class ConnectRetryTest {

    @TempDir
    Path tmp;

    @Test
    void aDatabaseThatComesUpWithinTheBoundIsWaitedFor() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = migrations(tmp.resolve("m"), "V1__a.sql", "CREATE TABLE a (id int);");
        Map<String, String> env = Map.of("DATABASE_URL", "postgresql://postgres:"
                + RunnerTestSupport.PASSWORD.replace("@", "%40").replace("/", "%2F").replace(":", "%3A")
                + "@localhost:" + port + "/postgres", "CONNECT_TIMEOUT", "60s");
        CompletableFuture<RunnerInvocation> migrate = CompletableFuture.supplyAsync(
                () -> run(env, "migrate", "--locations=filesystem:" + dir));
        Thread.sleep(1500);
        assertThat(migrate).isNotDone();

        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(port).start()) {
            RunnerInvocation r = migrate.get(60, TimeUnit.SECONDS);

            assertThat(r.code()).as(r.all()).isEqualTo(0);
            assertThat(r.err()).contains("cannot connect to localhost:" + port, "retrying in");
            assertThat(r.out()).contains("applied  V1 a");
        }
    }
}
