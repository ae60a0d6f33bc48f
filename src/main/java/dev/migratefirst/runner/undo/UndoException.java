package dev.migratefirst.runner.undo;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.RunnerException;





/**
 * Why an undo (or a round trip) stopped, with the exit code the runner returns for it and a one-line
 * message that names what is wrong. Never carries a password.
 */
public final class UndoException extends RunnerException {
    private static final long serialVersionUID = 1L;

    public UndoException(ExitCode exitCode, String message) {
        super(exitCode, message);
    }

    public UndoException(ExitCode exitCode, String message, Throwable cause) {
        super(exitCode, message, cause);
    }

    /** A refusal ({@link ExitCode#UNDO_REFUSED}): nothing was changed. */
    static UndoException refused(String message) {
        return new UndoException(ExitCode.UNDO_REFUSED, message);
    }
}
