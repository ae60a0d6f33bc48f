package dev.migratefirst.runner;

import java.time.Duration;
import java.util.Objects;

/**
 * The safety guards applied to every migration connection. Built from the common options; every
 * value is configurable on the command line or through its environment variable.
 *
 * @param lockTimeout      {@code lock_timeout} of every migration connection: how long a statement may
 *                         wait for a lock (and so how long the app's queries queue behind it)
 * @param lockRetries      attempts after the first when a statement hits {@code lock_timeout}
 *                         (SQLSTATE 55P03); 0 disables the retry
 * @param retryBackoff     first backoff between lock retries, doubled per attempt, with full jitter
 * @param retryBackoffMax  cap of one backoff
 * @param connectTimeout   how long to keep retrying while the database is unreachable
 * @param advisoryLockWait how long to wait for another runner's migration lock before giving up
 */
public record Guards(Duration lockTimeout, int lockRetries, Duration retryBackoff, Duration retryBackoffMax,
                     Duration connectTimeout, Duration advisoryLockWait) {

    /** The defaults: 2 s lock_timeout, 10 retries from 1 s up to 30 s, 60 s connect, 15 min advisory lock. */
    public static final Guards DEFAULTS = new Guards(Duration.ofSeconds(2), 10, Duration.ofSeconds(1),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(15));

    public Guards {
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(retryBackoffMax, "retryBackoffMax");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(advisoryLockWait, "advisoryLockWait");
        if (lockTimeout.isNegative() || lockRetries < 0 || retryBackoff.isNegative() || retryBackoffMax.isNegative()
                || connectTimeout.isNegative() || advisoryLockWait.isNegative()) {
            throw new IllegalArgumentException("guards must not be negative");
        }
    }
}
