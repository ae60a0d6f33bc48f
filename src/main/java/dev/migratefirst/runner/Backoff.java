package dev.migratefirst.runner;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: retry n (0-based) waits a random time between half and all of
 * {@code min(max, base * 2^n)}, so runners that failed together do not retry together.
 */
public final class Backoff {
    private final Duration base;
    private final Duration max;

    public Backoff(Duration base, Duration max) {
        this.base = base;
        this.max = max;
    }

    /** The wait before retry number {@code attempt} (0 = the first retry). */
    public Duration delay(int attempt) {
        long cap = max.toMillis();
        long exp = base.toMillis() << Math.min(attempt, 20);
        long upper = Math.max(0, Math.min(cap, exp < 0 ? cap : exp));
        long lower = upper / 2;
        long ms = upper <= lower ? upper : ThreadLocalRandom.current().nextLong(lower, upper + 1);
        return Duration.ofMillis(ms);
    }
}
