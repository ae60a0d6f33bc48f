package dev.migratefirst.runner.cli;

import dev.migratefirst.runner.Env;
import dev.migratefirst.runner.Guards;
import dev.migratefirst.runner.RunnerException;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The lock guards (a picocli mixin of the commands that connect to a database): lock_timeout, the
 * retries of a statement that hit it, and the wait for another runner's migration lock.
 */
public class GuardOptions {
    @Env("LOCK_TIMEOUT")
    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "lock_timeout of every migration connection: the longest a statement (and the app's "
                    + "queries queued behind it) waits for a lock. Env: LOCK_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    Duration lockTimeout;

    @Env("LOCK_RETRIES")
    @Option(names = "--lock-retries", paramLabel = "N", defaultValue = "10",
            description = "Retries of a migration that hit lock_timeout (SQLSTATE 55P03); 0 disables. "
                    + "Env: LOCK_RETRIES. Default: ${DEFAULT-VALUE}.")
    int lockRetries;

    @Env("LOCK_RETRY_BACKOFF")
    @Option(names = "--lock-retry-backoff", paramLabel = "DURATION", defaultValue = "1s",
            converter = DurationConverter.class,
            description = "First wait between lock retries, doubled per retry with jitter. "
                    + "Env: LOCK_RETRY_BACKOFF. Default: ${DEFAULT-VALUE}.")
    Duration lockRetryBackoff;

    @Env("LOCK_RETRY_BACKOFF_MAX")
    @Option(names = "--lock-retry-backoff-max", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Longest wait between lock retries. Env: LOCK_RETRY_BACKOFF_MAX. Default: ${DEFAULT-VALUE}.")
    Duration lockRetryBackoffMax;

    @Env("ADVISORY_LOCK_WAIT")
    @Option(names = "--advisory-lock-wait", paramLabel = "DURATION", defaultValue = "15m",
            converter = DurationConverter.class,
            description = "How long to wait while another runner holds the migration lock. "
                    + "Env: ADVISORY_LOCK_WAIT. Default: ${DEFAULT-VALUE}.")
    Duration advisoryLockWait;

    /**
     * The guards built from these options and the connect-retry bound.
     *
     * @throws RunnerException (configuration error) for a zero lock_timeout or negative retries
     */
    public Guards guards(Duration connectTimeout) {
        if (lockTimeout.isZero()) {
            throw RunnerException.configuration("--lock-timeout/LOCK_TIMEOUT must be greater than 0 "
                    + "(0 would let a migration wait for a lock forever while the app's queries queue behind it)");
        }
        if (lockRetries < 0) {
            throw RunnerException.configuration("--lock-retries/LOCK_RETRIES must be 0 or more, got " + lockRetries);
        }
        return new Guards(lockTimeout, lockRetries, lockRetryBackoff, lockRetryBackoffMax, connectTimeout,
                advisoryLockWait);
    }
}
