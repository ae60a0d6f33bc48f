package dev.migratefirst.safety;

import dev.migratefirst.migrations.MigrationVersion;
import dev.migratefirst.migrations.MigrationsFolder;
import dev.migratefirst.runner.ScratchPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Test helper: checks a small history (a setup migration, then the migration under test). */
final class Scratch {
    private Scratch() {
    }

    /** Writes V1 (setup) and V2 (sql) to a temp folder and checks V2 only. */
    static MigrationResult checkOne(ScratchServer server, String setup, String sql) {
        try {
            Path dir = Files.createTempDirectory("migratefirst-check");
            Files.writeString(dir.resolve("V1__setup.sql"), setup);
            Files.writeString(dir.resolve("V2__under_test.sql"), sql);
            CheckReport report = new SafetyChecker(server, new CheckOptions(Optional.of(MigrationVersion.parse("1")),
                    false)).check(MigrationsFolder.read(dir).files());
            return report.results().get(report.results().size() - 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unsuppressed findings of {@code rule}. */
    static List<Finding> of(MigrationResult r, Rule rule) {
        return r.findings().stream().filter(f -> f.rule() == rule && !f.isSuppressed()).toList();
    }

    static ScratchPostgres start(int major) {
        try {
            return ScratchPostgres.start(major, Optional.empty());
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot start PostgreSQL " + major, e);
        }
    }
}
