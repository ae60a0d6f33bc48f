package dev.migratefirst.runner;

import java.util.Objects;

/**
 * A failure the runner reports as one line and an exit code. Thrown by any part of a command; the
 * command base class turns it into a reporter error line and the process exit status. The message
 * must be a single line and must never contain a secret (it is still redacted before printing).
 */
public class RunnerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    public RunnerException(ExitCode exitCode, String message) {
        this(exitCode, message, null);
    }

    public RunnerException(ExitCode exitCode, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
    }

    /** A missing or malformed setting: exit {@link ExitCode#CONFIGURATION_ERROR}. */
    public static RunnerException configuration(String message) {
        return new RunnerException(ExitCode.CONFIGURATION_ERROR, message);
    }

    /** The exit code this failure ends the process with. */
    public ExitCode exitCode() {
        return exitCode;
    }
}
