package dev.migratefirst.runner.undo;

import dev.migratefirst.migrations.MigrationVersion;
import dev.migratefirst.migrations.MigrationsFolder;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code runner undo} is asked to do.
 *
 * @param folder        the migrations folder (its {@code V} and {@code U} files)
 * @param historySchema the schema of Flyway's history table; empty: Flyway's default schema (the
 *                      connection's current schema)
 * @param historyTable  the history table; empty: {@code flyway_schema_history}
 * @param version       {@code --version}: the migration the caller means to revert, which must be the
 *                      latest applied one (a version, or a file name such as {@code R__views.sql});
 *                      empty: the latest applied
 * @param to            {@code --to}: revert every applied version above this one, newest first
 *                      ({@code 0} reverts all); empty: only the latest
 * @param dryRun        print the undo SQL in order and change nothing
 * @param lockWait      how long to wait for the migration lock another runner holds
 * @param placeholders  the team's Flyway placeholders ({@code ${owner}}), replaced in undo scripts as
 *                      Flyway replaces them in migrations; Flyway's built-in {@code ${flyway:...}} ones always are
 */
public record UndoSettings(MigrationsFolder folder, Optional<String> historySchema, Optional<String> historyTable,
                           Optional<String> version, Optional<MigrationVersion> to, boolean dryRun,
                           Duration lockWait, Map<String, String> placeholders) {
    /** How long an undo waits for a migration lock held by another runner unless told otherwise. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(5);

    public UndoSettings {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(historySchema, "historySchema");
        Objects.requireNonNull(historyTable, "historyTable");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(lockWait, "lockWait");
        if (version.isPresent() && to.isPresent()) {
            throw new IllegalArgumentException("--version and --to cannot be combined");
        }
        if (lockWait.isNegative()) {
            throw new IllegalArgumentException("the lock wait must not be negative");
        }
        placeholders = Map.copyOf(placeholders);
    }

    /** Settings without team placeholders. */
    public UndoSettings(MigrationsFolder folder, Optional<String> historySchema, Optional<String> historyTable,
                        Optional<String> version, Optional<MigrationVersion> to, boolean dryRun, Duration lockWait) {
        this(folder, historySchema, historyTable, version, to, dryRun, lockWait, Map.of());
    }

    /** Reverts the latest applied migration, with Flyway's default history table. */
    public static UndoSettings latest(MigrationsFolder folder) {
        return new UndoSettings(folder, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                false, DEFAULT_LOCK_WAIT);
    }

    /** A copy that reverts down to (not including) {@code version}. */
    public UndoSettings withTo(MigrationVersion version) {
        return new UndoSettings(folder, historySchema, historyTable, Optional.empty(), Optional.of(version), dryRun,
                lockWait, placeholders);
    }

    /** A copy that reverts {@code version}, which must be the latest applied. */
    public UndoSettings withVersion(String version) {
        return new UndoSettings(folder, historySchema, historyTable, Optional.of(version), Optional.empty(), dryRun,
                lockWait, placeholders);
    }

    /** A copy with the dry-run flag set. */
    public UndoSettings withDryRun(boolean dryRun) {
        return new UndoSettings(folder, historySchema, historyTable, version, to, dryRun, lockWait, placeholders);
    }

    /** A copy with another history table location. */
    public UndoSettings withHistory(Optional<String> schema, Optional<String> table) {
        return new UndoSettings(folder, schema, table, version, to, dryRun, lockWait, placeholders);
    }

    /** A copy with the team's Flyway placeholders. */
    public UndoSettings withPlaceholders(Map<String, String> placeholders) {
        return new UndoSettings(folder, historySchema, historyTable, version, to, dryRun, lockWait, placeholders);
    }
}
