package dev.migratefirst.safety;

import dev.migratefirst.migrations.MigrationVersion;
import dev.migratefirst.migrations.MigrationsFolder;
import dev.migratefirst.runner.connect.ScratchPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Test helper: checks a small history (a setup migration, then the migration under test). */
final class Scratch {
    private Scratch() {
    }

    /** Writes V1 (setup) and V2 (sql) to a temp folder and checks V2 only. */
    static MigrationResult checkOne(ScratchServer server, String setup, String sql) {
        CheckReport report = check(server, setup, List.of(sql));
        return report.results().get(report.results().size() - 1);
    }

    /**
     * Writes V1 (setup) and V2, V3, ... (migrations) to a temp folder, checks every migration after
     * V1 in one scratch database, and deletes the folder.
     */
    static CheckReport check(ScratchServer server, String setup, List<String> migrations) {
        return check(server, setup, migrations, Optional.empty());
    }

    /** Like {@link #check(ScratchServer, String, List)}, assuming the runner's lock_timeout when given. */
    static CheckReport check(ScratchServer server, String setup, List<String> migrations,
                             Optional<String> runnerLockTimeout) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("migratefirst-check");
            Files.writeString(dir.resolve("V1__setup.sql"), setup);
            for (int i = 0; i < migrations.size(); i++) {
                // a declared backfill is a D file, as the runner reads it
                String kind = dev.migratefirst.migrations.BackfillDeclaration.declares(migrations.get(i)) ? "D" : "V";
                Files.writeString(dir.resolve(kind + (i + 2) + "__under_test.sql"), migrations.get(i));
            }
            return new SafetyChecker(server, new CheckOptions(Optional.of(MigrationVersion.parse("1")), false,
                    runnerLockTimeout))
                    .check(MigrationsFolder.read(dir).files());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
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
