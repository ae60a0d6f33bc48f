package dev.migratefirst.migrations;

/** The kinds of Flyway SQL migration files, told apart by their file-name prefix. */
public enum MigrationKind {
    /** {@code V<version>__<description>.sql}: applied once, in version order. */
    VERSIONED("V"),
    /** {@code U<version>__<description>.sql}: reverts the versioned migration of the same version. */
    UNDO("U"),
    /** {@code R__<description>.sql}: re-applied whenever its checksum changes. */
    REPEATABLE("R");

    private final String prefix;

    MigrationKind(String prefix) {
        this.prefix = prefix;
    }

    /** The file-name prefix, as Flyway's default configuration spells it. */
    public String prefix() {
        return prefix;
    }
}
