package dev.migratefirst.runner.migrate;

import static dev.migratefirst.testsupport.TestMigrations.migrations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Guards;
import dev.migratefirst.runner.Interruption;
import dev.migratefirst.runner.RunnerException;
import dev.migratefirst.testsupport.CollectingReporter;
import dev.migratefirst.testsupport.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrate}'s engine without the command line: settings in, outcome out, on a real PostgreSQL. */
class MigrateEngineTest {
    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();

    @TempDir
    Path dir;

    private final CollectingReporter reporter = new CollectingReporter();
    private final List<String> lines = reporter.lines();

    private MigrateOutcome migrate() throws Exception {
        MigrateSettings settings = new MigrateSettings("test database", List.of("filesystem:" + dir), Guards.DEFAULTS);
        return new MigrateEngine(settings, postgres.flyway().locations("filesystem:" + dir), this::connect,
                new Interruption(), reporter).run();
    }

    private Connection connect() {
        try {
            return postgres.connect();
        } catch (SQLException e) {
            throw new RunnerException(ExitCode.DATABASE_UNREACHABLE, "cannot connect: " + e.getMessage(), e);
        }
    }

    @Test
    void appliesThePendingMigrationsAndSaysWhatItDid() throws Exception {
        migrations(dir, "V1__a.sql", "CREATE TABLE a (id int);", "V2__b.sql", "CREATE TABLE b (id int);");

        MigrateOutcome first = migrate();

        assertThat(first.applied()).isEqualTo(2);
        assertThat(first.initialVersion()).isEmpty();
        assertThat(first.targetVersion()).contains("2");
        assertThat(lines).contains("applying V1 a (V1__a.sql)").anyMatch(l -> l.startsWith("migrate: applied 2 migrations"));

        lines.clear();
        MigrateOutcome again = migrate();

        assertThat(again.applied()).isZero();
        assertThat(again.initialVersion()).isEqualTo(Optional.of("2"));
        assertThat(lines).anyMatch(l -> l.startsWith("migrate: schema is up to date at version 2"));
    }

    @Test
    void aFailedMigrationIsNamedWithItsLineAndRolledBack() throws Exception {
        migrations(dir, "V1__a.sql", "CREATE TABLE a (id int);\nINSERT INTO nope VALUES (1);");

        assertThatThrownBy(this::migrate).isInstanceOfSatisfying(RunnerException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.MIGRATION_FAILED);
            assertThat(e.getMessage()).contains("migrate failed at V1 a (V1__a.sql)", "(SQLSTATE 42P01)",
                    "its transaction rolled back");
        });
        assertThat(lines).anyMatch(l -> l.startsWith("migration V1 a (V1__a.sql) failed at line 2: "));
        assertThat(postgres.query("SELECT count(*) FROM pg_tables WHERE tablename = 'a'")).containsExactly("0");
    }
}
