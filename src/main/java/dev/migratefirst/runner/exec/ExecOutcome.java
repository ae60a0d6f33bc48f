package dev.migratefirst.runner.exec;

import dev.migratefirst.runner.ExitCode;
import java.time.Duration;

/**
 * How a tool run by {@code exec} ended.
 *
 * @param toolStatus the tool's own exit status (128 + N when signal N ended it)
 * @param exitCode   the runner's exit code for it: 0 stays {@link ExitCode#SUCCESS}; a non-zero status
 *                   becomes {@link ExitCode#MIGRATION_FAILED}; a tool ended by a signal (status above
 *                   128), or stopped because the runner got SIGTERM, becomes {@link ExitCode#INTERRUPTED}
 * @param elapsed    how long the tool ran
 */
public record ExecOutcome(int toolStatus, ExitCode exitCode, Duration elapsed) {

    /** The runner's exit code for a tool's exit status (see {@link ExecOutcome}). */
    public static ExitCode map(int toolStatus, boolean interrupted) {
        if (interrupted || toolStatus > 128) {
            return ExitCode.INTERRUPTED;
        }
        return toolStatus == 0 ? ExitCode.SUCCESS : ExitCode.MIGRATION_FAILED;
    }
}
