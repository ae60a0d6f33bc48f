package dev.migratefirst.runner;

/**
 * The runner's exit codes. They are part of its contract (the migration workflow, CI scripts and
 * operators read them) and are listed in the README: never renumber one.
 */
public enum ExitCode {
    /** The command did what it was asked. */
    SUCCESS(0),
    /** A migration (or undo script) failed; its transaction rolled back. */
    MIGRATION_FAILED(1),
    /** A missing or malformed setting or argument; nothing was attempted. */
    CONFIGURATION_ERROR(2),
    /** The database could not be reached within the connect-retry bound. */
    DATABASE_UNREACHABLE(3),
    /** Every attempt met a lock held by another session (lock_timeout, SQLSTATE 55P03). */
    LOCK_RETRIES_EXHAUSTED(4),
    /** Validation failed: an applied migration was edited, or is missing locally. */
    VALIDATION_FAILED(5),
    /** {@code check} found an error-level safety finding that is not suppressed. */
    UNSAFE_MIGRATION(6),
    /** {@code undo} refused: no undo script, irreversible, not the latest applied, repeatable. */
    UNDO_REFUSED(7),
    /** A round trip (apply, undo, compare, re-apply) found a schema difference. */
    ROUND_TRIP_FAILED(8),
    /** An unexpected internal error (a bug): the message says what happened. */
    INTERNAL_ERROR(70),
    /** Stopped by SIGTERM or SIGINT (ECS stopping the task); the open transaction rolled back. */
    INTERRUPTED(143);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }
}
