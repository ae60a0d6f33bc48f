package dev.migratefirst.safety;

import dev.migratefirst.migrations.MigrationFile;
import dev.migratefirst.safety.trace.MigrationTrace;
import java.util.List;

/**
 * The verdict on one migration.
 *
 * @param file     the migration
 * @param trace    what PostgreSQL did (null when it was not run because an earlier migration failed)
 * @param findings findings, suppressed ones included (flagged as such)
 */
public record MigrationResult(MigrationFile file, MigrationTrace trace, List<Finding> findings) {

    /** Unsuppressed findings of {@code severity}. */
    public long count(Severity severity) {
        return findings.stream().filter(f -> !f.isSuppressed() && f.severity() == severity).count();
    }
}
