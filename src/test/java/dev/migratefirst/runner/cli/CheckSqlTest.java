package dev.migratefirst.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.migratefirst.runner.ExitCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --sql}: another tool's offline SQL, checked on the schema its earlier migrations built.
 * The SQL is alembic's own: the test runs Debian's {@code alembic upgrade ... --sql} on the small project
 * under src/test/resources/alembic (users, the lesson's {@code users.profile_picture}, then an index
 * built without CONCURRENTLY that must be flagged). Without alembic the test is skipped, except on CI
 * ({@code CI=true}), where .ci/run installs it and its absence fails the test.
 */
class CheckSqlTest {
    @TempDir
    static Path dir;
    static Path schema;
    static Path upgrade;

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeAll
    static void alembicOutput() throws Exception {
        Path alembic = Path.of("/usr/bin/alembic");
        assumeTrue(Files.isExecutable(alembic) || "true".equals(System.getenv("CI")),
                "alembic is not installed (apt-get install alembic python3-psycopg2)");
        Path project = dir.resolve("alembic");
        copy(Path.of("src/test/resources/alembic"), project);
        schema = dir.resolve("schema.sql");
        upgrade = dir.resolve("upgrade.sql");
        Files.writeString(schema, alembic(alembic, project, "base:0001"));
        Files.writeString(upgrade, alembic(alembic, project, "0001:head"));
        // alembic's real offline output: its own transaction and version table are in the script
        assertThat(Files.readString(upgrade)).contains("BEGIN;", "COMMIT;", "UPDATE alembic_version",
                "ALTER TABLE users ADD COLUMN profile_picture TEXT", "CREATE INDEX users_email_idx ON users (email)");
    }

    private static String alembic(Path alembic, Path project, String range) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(alembic.toString(), "-c", project.resolve("alembic.ini").toString(), "upgrade",
                range, "--sql").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(from)) {
            walk.forEach(all::add);
        }
        for (Path p : all) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target);
            }
        }
    }

    static Run check(InputStream in, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] full = new String[args.length + 1];
        full[0] = "check";
        System.arraycopy(args, 0, full, 1, args.length);
        int code = Main.run(full, Map.of(), in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void alembicsUpgradeIsTracedOnTheSchemaItsEarlierRevisionsBuiltAndTheIndexIsFlagged() throws IOException {
        Run r = check(InputStream.nullInputStream(), "--sql", upgrade.toString(), "--schema-from", schema.toString());

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.UNSAFE_MIGRATION.code());
        assertThat(r.out())
                .contains("upgrade.sql")
                .contains("skipped 4 statement(s) of the tool's own transaction control and version table")
                // line numbers are those of alembic's output
                .contains("line 11: CREATE INDEX users_email_idx ON users (email)")
                .contains("ERROR index-without-concurrently")
                // alembic runs the whole upgrade in one transaction: the column's ACCESS EXCLUSIVE is
                // still held while the index builds
                .contains("ERROR lock-held-across-statements")
                .contains("2 error(s)")
                .doesNotContain("alembic_version")
                .doesNotContain("migration-failed");
        // the lesson's column is not an error: it is a catalog-only change
        assertThat(r.out().lines().filter(l -> l.startsWith("ERROR") || l.contains(" ERROR "))
                .filter(l -> l.contains("profile_picture"))).isEmpty();
    }

    @Test
    void standardInputIsReadForADash() throws IOException {
        byte[] sql = Files.readAllBytes(upgrade);

        Run r = check(new ByteArrayInputStream(sql), "--sql", "-", "--schema-from", schema.toString());

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.UNSAFE_MIGRATION.code());
        assertThat(r.out()).contains("<stdin>", "ERROR index-without-concurrently");
    }

    @Test
    void withoutTheEarlierSchemaTheScriptFailsOnItsFirstStatementAndSaysSo() {
        Run r = check(InputStream.nullInputStream(), "--sql", upgrade.toString());

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.UNSAFE_MIGRATION.code());
        assertThat(r.out()).contains("relation \"users\" does not exist");
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        Run missing = check(InputStream.nullInputStream(), "--sql", dir.resolve("nope.sql").toString());
        assertThat(missing.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(missing.err().strip()).contains("--sql: SQL script not found").doesNotContain("\n");

        Run orphan = check(InputStream.nullInputStream(), "--schema-from", schema.toString());
        assertThat(orphan.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(orphan.err()).contains("--schema-from needs --sql");
    }
}
