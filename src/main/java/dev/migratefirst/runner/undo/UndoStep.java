package dev.migratefirst.runner.undo;

import dev.migratefirst.migrations.MigrationFile;
import dev.migratefirst.runner.history.AppliedMigration;
import java.util.Objects;

/**
 * One version to revert: its history row, its {@code V} file and the {@code U} script that reverts it.
 *
 * @param applied   the schema history row that the undo deletes
 * @param versioned the {@code V} file
 * @param undo      the {@code U} file
 * @param sql       the undo script's text with Flyway's built-in {@code ${flyway:...}} placeholders replaced
 */
public record UndoStep(AppliedMigration applied, MigrationFile versioned, MigrationFile undo, String sql) {
    public UndoStep {
        Objects.requireNonNull(applied, "applied");
        Objects.requireNonNull(versioned, "versioned");
        Objects.requireNonNull(undo, "undo");
        Objects.requireNonNull(sql, "sql");
    }

    /** {@code V3 (add index)}. */
    public String label() {
        return applied.label();
    }
}
