package dev.migratefirst.runner.migrate;

import dev.migratefirst.runner.Backoff;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Guards;
import dev.migratefirst.runner.Interruption;
import dev.migratefirst.runner.Messages;
import dev.migratefirst.runner.Reporter;
import dev.migratefirst.runner.RunnerException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Retries an action that failed because a statement waited longer than {@code lock_timeout}
 * (SQLSTATE 55P03), with exponential backoff and jitter, at most {@link Guards#lockRetries()}
 * times; then fails with {@link ExitCode#LOCK_RETRIES_EXHAUSTED}. Any other failure is rethrown
 * at once. Used by {@code migrate} (and by any command that changes the schema).
 */
public final class LockRetry {
    /** SQLSTATE lock_not_available: {@code lock_timeout} expired. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";

    private final Guards guards;
    private final Interruption interruption;
    private final Reporter reporter;

    public LockRetry(Guards guards, Interruption interruption, Reporter reporter) {
        this.guards = guards;
        this.interruption = interruption;
        this.reporter = reporter;
    }

    /** Cleans up after a failed attempt, before the next one (e.g. drops an INVALID index). */
    @FunctionalInterface
    public interface Cleanup {
        /** Runs after attempt {@code attempt} (1-based) failed on a lock. */
        void afterLockFailure(Exception failure, int attempt) throws Exception;
    }

    /**
     * Runs {@code action}, retrying it on lock timeouts.
     *
     * @param what    what is attempted, for messages (e.g. "migrate")
     * @param action  one attempt; it must be safe to re-run from its start (a rolled-back transaction)
     * @param cleanup run after each lock failure, before the backoff
     * @throws RunnerException {@link ExitCode#LOCK_RETRIES_EXHAUSTED} when every attempt met a lock
     * @throws Exception       whatever the action threw for any other failure
     */
    public <T> T run(String what, Callable<T> action, Cleanup cleanup) throws Exception {
        Backoff backoff = new Backoff(guards.retryBackoff(), guards.retryBackoffMax());
        int attempts = guards.lockRetries() + 1;
        for (int attempt = 1; ; attempt++) {
            interruption.check();
            try {
                return action.call();
            } catch (Exception e) {
                if (interruption.isRequested() || !isLockTimeout(e)) {
                    throw e;
                }
                String db = FlywaySupport.databaseMessage(e);
                cleanup.afterLockFailure(e, attempt);
                if (attempt >= attempts) {
                    throw new RunnerException(ExitCode.LOCK_RETRIES_EXHAUSTED, what + " gave up after " + attempts
                            + (attempts == 1 ? " attempt" : " attempts") + ": each waited lock_timeout "
                            + Messages.seconds(guards.lockTimeout()) + " for a lock held by another session; "
                            + "last error: " + db + " (SQLSTATE 55P03). Find the blocker with pg_blocking_pids(), "
                            + "then run again.", e);
                }
                Duration wait = backoff.delay(attempt - 1);
                reporter.warn("lock_timeout", what + ": a lock held by another session was not granted within "
                        + Messages.seconds(guards.lockTimeout()) + " (attempt " + attempt + "/" + attempts
                        + "): " + db + "; the transaction rolled back, retrying in " + wait.toMillis() + " ms",
                        Map.of("attempt", attempt, "attempts", attempts, "retry_in_ms", wait.toMillis()));
                interruption.sleep(wait);
            }
        }
    }

    /** Whether a failure was a {@code lock_timeout} (SQLSTATE 55P03) anywhere in its cause chain. */
    public static boolean isLockTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.sql.SQLException s && LOCK_NOT_AVAILABLE.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
