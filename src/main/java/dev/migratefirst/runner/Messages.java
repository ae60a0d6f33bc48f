package dev.migratefirst.runner;

import java.time.Duration;
import java.util.Locale;

/**
 * The one way the runner turns a message of any origin (the database, Flyway, the JDK) into the
 * single line its error contract promises: every line break, with the blanks around it, becomes
 * {@code " | "}, so nothing PostgreSQL adds ({@code Detail:}, {@code Position:}) is lost.
 */
public final class Messages {
    private Messages() {
    }

    /** {@code message} on one line; {@code ""} for null. */
    public static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " | ");
    }

    /** A duration for a message: {@code 2 s}, {@code 1.5 s}. */
    public static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
