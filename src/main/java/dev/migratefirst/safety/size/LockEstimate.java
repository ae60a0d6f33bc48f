package dev.migratefirst.safety.size;

import java.util.Locale;
import java.util.Objects;

/**
 * How long a statement's lock would be held at production size.
 *
 * @param millis the estimate in milliseconds, or -1 when it cannot be made (a table without statistics)
 * @param basis  what it is made of, e.g. {@code rewrite of orders (50,000,000 rows, 416,667 pages)}, or
 *               why there is no estimate
 */
public record LockEstimate(long millis, String basis) {

    public LockEstimate {
        Objects.requireNonNull(basis, "basis");
    }

    /** No estimate, and why. */
    public static LockEstimate unknown(String why) {
        return new LockEstimate(-1, why);
    }

    /** True when there is an estimate. */
    public boolean known() {
        return millis >= 0;
    }

    /** The estimate as people read it: {@code 40 ms}, {@code 3.2 s}, {@code 4 min 10 s}, {@code 2 h 5 min}. */
    public String readable() {
        return known() ? readable(millis) : "unknown";
    }

    /** {@code millis} as people read it. */
    public static String readable(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long s = Math.round(millis / 1000.0);
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        long m = Math.round(s / 60.0);
        return (m / 60) + " h " + (m % 60) + " min";
    }
}
