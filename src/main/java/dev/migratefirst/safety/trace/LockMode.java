package dev.migratefirst.safety.trace;

import java.util.Locale;

/**
 * PostgreSQL's table-level lock modes, weakest first, with what each one blocks of a running app:
 * plain reads take ACCESS SHARE, writes (INSERT/UPDATE/DELETE) take ROW EXCLUSIVE.
 */
public enum LockMode {
    ACCESS_SHARE("AccessShareLock"),
    ROW_SHARE("RowShareLock"),
    ROW_EXCLUSIVE("RowExclusiveLock"),
    SHARE_UPDATE_EXCLUSIVE("ShareUpdateExclusiveLock"),
    SHARE("ShareLock"),
    SHARE_ROW_EXCLUSIVE("ShareRowExclusiveLock"),
    EXCLUSIVE("ExclusiveLock"),
    ACCESS_EXCLUSIVE("AccessExclusiveLock");

    private final String pgName;

    LockMode(String pgName) {
        this.pgName = pgName;
    }

    /** The mode as {@code pg_locks.mode} spells it, or null when it is not a table lock mode. */
    public static LockMode fromPg(String mode) {
        for (LockMode m : values()) {
            if (m.pgName.equals(mode)) {
                return m;
            }
        }
        return null;
    }

    /** True when the app's plain SELECTs (ACCESS SHARE) wait behind this lock. */
    public boolean blocksReads() {
        return this == ACCESS_EXCLUSIVE;
    }

    /** True when the app's INSERT/UPDATE/DELETE (ROW EXCLUSIVE) wait behind this lock. */
    public boolean blocksWrites() {
        return ordinal() >= SHARE.ordinal();
    }

    /** True when it blocks reads or writes of the app. */
    public boolean blocksApp() {
        return blocksWrites();
    }

    /** What it blocks, for reports: "reads and writes", "writes" or "nothing the app does". */
    public String blocks() {
        if (blocksReads()) {
            return "reads and writes";
        }
        return blocksWrites() ? "writes" : "no reads or writes";
    }

    /** The SQL spelling, e.g. {@code ACCESS EXCLUSIVE}. */
    public String sql() {
        return name().replace('_', ' ');
    }

    @Override
    public String toString() {
        return sql().toUpperCase(Locale.ROOT);
    }
}
