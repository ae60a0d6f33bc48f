package dev.migratefirst.internal;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Token;
import software.constructs.IConstruct;

/**
 * The one way the MigrateFirst constructs check their props: at the top of the constructor, skipping
 * values that are unresolved tokens, failing with a {@link ValidationException} that names the construct
 * path and the prop.
 */
public final class Validation {
    private Validation() {
    }

    /** Fails with {@code <path>: <prop>: <problem>} unless {@code condition} holds. */
    public static void check(boolean condition, IConstruct scope, String prop, String problem) {
        if (!condition) {
            throw new ValidationException(scope, prop, problem);
        }
    }

    /** Returns {@code value}, or fails with {@code <path>: <prop>: is required} when it is null. */
    public static <T> T required(IConstruct scope, String prop, T value) {
        check(value != null, scope, prop, "is required");
        return value;
    }

    /** Whether {@code value} is set and known at synth (not a token). */
    public static boolean isKnown(Object value) {
        return value != null && !Token.isUnresolved(value);
    }

    /** Whether {@code value} is set and known at synth (not a token). */
    public static boolean isKnown(Duration value) {
        return value != null && !value.isUnresolved();
    }

    /**
     * Fails unless {@code value} lies in {@code [min, max]}; null and tokens pass.
     *
     * @param unit what follows the numbers in the message ({@code " GiB"}, or {@code ""})
     */
    public static void range(IConstruct scope, String prop, Number value, double min, double max, String unit) {
        if (isKnown(value)) {
            check(value.doubleValue() >= min && value.doubleValue() <= max, scope, prop,
                    "must be between " + number(min) + " and " + number(max) + unit + " (got " + value + ")");
        }
    }

    private static String number(double n) {
        return n == Math.rint(n) ? Long.toString((long) n) : Double.toString(n);
    }
}
