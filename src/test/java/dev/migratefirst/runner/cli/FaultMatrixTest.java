package dev.migratefirst.runner.cli;

import static dev.migratefirst.runner.cli.RunnerTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.history.SchemaHistoryTable;
import dev.migratefirst.runner.migrate.FlywaySupport;
import dev.migratefirst.runner.repair.FlywayChecksum;
import dev.migratefirst.testsupport.RunnerInvocation;
import dev.migratefirst.testsupport.TestMigrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the operator is told in the cases a fault matrix found, each on real PostgreSQL with the line
 * asserted: a URL without a password, an empty migrations folder, a file that is not UTF-8, a wait
 * behind a stopped runner's still-running session, and the guarded {@code repair}.
 */
class FaultMatrixTest {
    @RegisterExtension
    static final RunnerTestSupport db = new RunnerTestSupport();

    @TempDir
    Path tmp;

    @Test
    void aUrlWithoutAPasswordConnectsWhenTheServerTrustsTheUser() {
        Path dir = TestMigrations.migrations(tmp.resolve("m"), "V1__t.sql", "CREATE TABLE t (id int);");

        RunnerInvocation r = run(Map.of("DATABASE_URL", "postgresql://postgres@127.0.0.1:" + db.port() + "/"
                + db.database()), "migrate", "--locations=filesystem:" + dir);

        assertThat(r.code()).as(r.all()).isEqualTo(0);
    }

    @Test
    void anEmptyMigrationsFolderSaysSoAndCreatesNothing() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("empty"));

        RunnerInvocation r = run(db.env(), "migrate", "--locations=filesystem:" + dir);

        assertThat(r.code()).as(r.all()).isEqualTo(0);
        assertThat(r.errLines()).contains("WARNING: migrate: no migrations found in filesystem:" + dir
                + " and none applied: nothing to apply, nothing created (no schema history table)");
        assertThat(db.exists("flyway_schema_history")).isFalse();
    }

    @Test
    void aFileThatIsNotUtf8IsAConfigurationErrorNamingFileAndOffset() throws Exception {
        Path dir = TestMigrations.migrations(tmp.resolve("latin1"), "V1__t.sql", "CREATE TABLE t (id int);");
        Path bad = dir.resolve("V2__caf.sql");
        Files.write(bad, "COMMENT ON TABLE t IS 'caf\u00e9';".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        RunnerInvocation r = run(db.env(), "migrate", "--locations=filesystem:" + dir);

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(r.lastErrLine()).isEqualTo("ERROR: migration " + bad + " is not valid UTF-8: byte 0xE9 at offset 26 "
                + "(save the file as UTF-8)");
        assertThat(db.history()).isEmpty();
    }

    @Test
    void aWaitBehindAStoppedRunnersStillRunningSessionSaysForWhom() throws Exception {
        Path dir = TestMigrations.migrations(tmp.resolve("wait"), "V1__t.sql", "CREATE TABLE t (id int);");
        long flywayKey = new SchemaHistoryTable("public", SchemaHistoryTable.DEFAULT_TABLE).flywayLockKey();
        try (Connection stopped = db.superuser(); Statement s = stopped.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + flywayKey + ")");
            CompletableFuture<RunnerInvocation> runner = CompletableFuture.supplyAsync(() -> run(db.env(), "migrate",
                    "--locations=filesystem:" + dir, "--advisory-lock-wait=30s"));
            Thread.sleep(2500);
            s.execute("SELECT pg_advisory_unlock(" + flywayKey + ")");
            RunnerInvocation r = runner.get();

            assertThat(r.code()).as(r.all()).isEqualTo(0);
            assertThat(r.out()).containsPattern("waiting for the runner lock of public.flyway_schema_history: "
                    + "session pid \\d+ \\(application_name PostgreSQL JDBC Driver\\) still holds Flyway's migration lock "
                    + "\\(a stopped runner's statement may still be running; it is released when that statement ends\\)");
        }
        assertThat(db.history()).containsExactly("1:true");
    }

    @Test
    void repairIsADryRunByDefaultAndAppliesOnlyAllowedChangesUnderTheLock() throws Exception {
        String v1 = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n";
        String v2 = "CREATE TABLE c (id int);\n";
        Path dir = TestMigrations.migrations(tmp.resolve("repair"), "V1__a.sql", v1, "V2__c.sql", v2);
        assertThat(run(db.env(), "migrate", "--locations=filesystem:" + dir).code()).isEqualTo(0);
        int v1Checksum = checksum(1);
        assertThat(v1Checksum).as("Flyway's own checksum").isEqualTo(FlywayChecksum.of(v1));
        try (Connection c = db.superuser(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                    + " installed_by, execution_time, success) VALUES (3, '3', 'idx', 'SQL', 'V3__idx.sql', 7, 'x', 0,"
                    + " false)");
        }
        String v1Blanks = "CREATE TABLE a (id int);  \r\nCREATE TABLE b (id int);\t\r\n\r\n";
        Files.writeString(dir.resolve("V1__a.sql"), v1Blanks);
        Files.writeString(dir.resolve("V2__c.sql"), "CREATE TABLE c (id bigint);\n");

        RunnerInvocation dry = run(db.env(), "repair", "--locations=filesystem:" + dir);

        assertThat(dry.code()).as(dry.all()).isEqualTo(0);
        assertThat(dry.outLines()).contains(
                "repair: would delete the failed row of V3__idx.sql (installed_rank 3)",
                "repair: would set the checksum of V1__a.sql (installed_rank 1) from " + v1Checksum + " to "
                        + FlywayChecksum.of(v1Blanks) + " (the file only gained spaces or tabs at line ends)",
                "repair (dry run): 2 changes to make; run 'runner repair --apply' to make them");
        assertThat(dry.errLines()).anyMatch(l -> l.startsWith("WARNING: left as is: V2__c.sql was edited after it "
                + "was applied"));
        assertThat(db.history()).containsExactly("1:true", "2:true", "3:false");
        assertThat(checksum(1)).isEqualTo(v1Checksum);

        RunnerInvocation applied = run(db.env(), "repair", "--apply", "--locations=filesystem:" + dir);

        assertThat(applied.code()).as(applied.all()).isEqualTo(0);
        assertThat(applied.outLines()).contains("repair: did delete the failed row of V3__idx.sql (installed_rank 3)",
                "repair: made 2 changes");
        assertThat(db.history()).containsExactly("1:true", "2:true");
        assertThat(checksum(1)).isEqualTo(FlywayChecksum.of(v1Blanks));
        Files.writeString(dir.resolve("V2__c.sql"), v2);
        RunnerInvocation validate = run(db.env(), "validate", "--locations=filesystem:" + dir);
        assertThat(validate.code()).as(validate.all()).isEqualTo(0);
    }

    @Test
    void flywaysForeignAdviceIsTakenOut() {
        assertThat(FlywaySupport.withoutForeignAdvice("Validate failed: Migrations have failed validation | Detected "
                + "failed migration to version 3 (idx). | Please remove any half-completed changes then run repair to "
                + "fix the schema history. | Need more flexibility with validation rules? Learn more: "
                + "https://rd.gt/3AbJUZE"))
                .isEqualTo("Validate failed: Migrations have failed validation | Detected failed migration to version 3 "
                        + "(idx). | Please remove any half-completed changes then run 'runner repair' (dry run first) "
                        + "to fix the schema history.");
    }

    private static int checksum(int rank) throws Exception {
        try (Connection c = db.superuser(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT checksum FROM flyway_schema_history WHERE installed_rank = " + rank)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
