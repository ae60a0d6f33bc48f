package dev.migratefirst.runner.history;

import dev.migratefirst.migrations.MigrationVersion;
import java.util.Optional;

/**
 * One row of Flyway's schema history table.
 *
 * @param installedRank Flyway's {@code installed_rank} (the row's identity)
 * @param version       the version; empty for a repeatable migration
 * @param description   the description
 * @param type          Flyway's type: {@code SQL}, {@code JDBC}, {@code BASELINE}, {@code SCHEMA},
 *                      {@code DELETE}, {@code UNDO_SQL}, ...
 * @param script        the script name, e.g. {@code V2__add_profile_picture.sql}
 * @param success       whether it succeeded
 */
public record AppliedMigration(int installedRank, Optional<MigrationVersion> version, String description,
                               String type, String script, boolean success) {

    /** How messages name it: {@code V2 (add profile picture)}. */
    public String label() {
        return version.map(v -> "V" + v).orElse(script) + " (" + description + ")";
    }
}
