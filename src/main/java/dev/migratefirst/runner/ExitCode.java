package dev.migratefirst.runner;

/**
 * The runner's exit codes. They are part of its contract (the migration workflow, CI scripts and
 * operators read them) and are listed in the README: never renumber one.
 */
public enum ExitCode {
    /** The command did what it was asked. */
    SUCCESS(0, "success (also when there was nothing to do)"),
    /** A migration (or undo script) failed; its transaction rolled back. */
    MIGRATION_FAILED(1, "a migration or undo script failed; its transaction rolled back"),
    /** A missing or malformed setting or argument; nothing was attempted. */
    CONFIGURATION_ERROR(2, "configuration error: a missing or malformed setting; nothing was attempted"),
    /** The database could not be reached within the connect-retry bound. */
    DATABASE_UNREACHABLE(3, "database unreachable within the connect-retry bound"),
    /** Every attempt met a lock held by another session (lock_timeout, SQLSTATE 55P03). */
    LOCK_RETRIES_EXHAUSTED(4, "lock retries exhausted, or another runner held the migration lock too long"),
    /** Validation failed: an applied migration was edited, or is missing locally. */
    VALIDATION_FAILED(5, "validation failed: an applied migration was edited or is missing"),
    /** {@code check} found an error-level safety finding that is not suppressed. */
    UNSAFE_MIGRATION(6, "check found an error-level safety finding"),
    /** {@code undo} refused: no undo script, irreversible, not the latest applied, repeatable. */
    UNDO_REFUSED(7, "undo refused (no undo script, irreversible, not the latest applied); nothing was changed"),
    /** A round trip (apply, undo, compare, re-apply) found a schema difference. */
    ROUND_TRIP_FAILED(8, "round trip failed: a schema difference after an undo, or a V with neither U nor marker"),
    /**
     * A backfill stands in the way: a pending migration comes after a backfill ({@code D<n>__}) that has not
     * finished, or {@code backfill} found its backfill's schema migration not applied yet; nothing was changed.
     */
    BACKFILL_PENDING(9, "a backfill is not finished (a later migration needs it) or its schema migration is not applied; nothing was changed"),
    /** An unexpected internal error (a bug): the message says what happened. */
    INTERNAL_ERROR(70, "internal error (a bug)"),
    /** Stopped by SIGTERM or SIGINT (ECS stopping the task); the open transaction rolled back. */
    INTERRUPTED(143, "interrupted by SIGTERM/SIGINT: the running statement was cancelled and rolled back");

    private final int code;
    private final String description;

    ExitCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** What the code means, in one line (the help of every command lists it). */
    public String description() {
        return description;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }
}
