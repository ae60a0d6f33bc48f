package dev.migratefirst.migrations;

/**
 * The kinds of migration files, told apart by their file-name prefix: Flyway's three, and the runner's
 * own batched backfill, whose prefix Flyway does not read (so plain Flyway skips the file).
 */
public enum MigrationKind {
    /** {@code V<version>__<description>.sql}: applied once, in version order. */
    VERSIONED("V"),
    /** {@code U<version>__<description>.sql}: reverts the versioned migration of the same version. */
    UNDO("U"),
    /** {@code R__<description>.sql}: re-applied whenever its checksum changes. */
    REPEATABLE("R"),
    /**
     * {@code D<version>__<description>.sql}: a batched, resumable data backfill the runner's {@code backfill}
     * command runs after the versioned migration of the same (or a lower) version; Flyway's default
     * configuration reads only V, U, R and B prefixes and skips it (see docs/backfill.md).
     */
    BACKFILL("D");

    private final String prefix;

    MigrationKind(String prefix) {
        this.prefix = prefix;
    }

    /** The file-name prefix, as Flyway's default configuration spells it ({@code D}: the runner's own). */
    public String prefix() {
        return prefix;
    }
}
