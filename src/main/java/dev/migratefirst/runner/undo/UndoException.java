package dev.migratefirst.runner.undo;

import dev.migratefirst.runner.ExitCode;
import java.util.Objects;

/**
 * Why an undo (or a round trip) stopped, with the exit code the runner returns for it and a one-line
 * message that names what is wrong. Never carries a password.
 */
public final class UndoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ExitCode exitCode;

    public UndoException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
    }

    public UndoException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
    }

    /** A refusal: nothing was changed. */
    static UndoException refused(String message) {
        return new UndoException(ExitCode.UNDO_REFUSED, message);
    }

    /** The exit code the runner returns. */
    public ExitCode exitCode() {
        return exitCode;
    }
}
