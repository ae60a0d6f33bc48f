package dev.migratefirst.runner;

import java.io.PrintStream;
import java.util.Map;

/**
 * Where a command writes its progress: one line per step, human-readable or JSON lines
 * ({@code --log-format}). Every message and string field is redacted before it is printed.
 *
 * <p>Events are short snake_case names ({@code migrate_start}, {@code migration_applied},
 * {@code migrate_failed}); they become the {@code event} field of a JSON line, so log queries can
 * rely on them. Human format prints the message alone (errors prefixed {@code ERROR:} on stderr,
 * warnings {@code WARNING:}); JSON format prints every level to stdout as one object per line:
 * {@code {"time":..,"level":..,"event":..,"message":..,<fields>}}.
 */
public interface Reporter {

    /** A progress line. */
    void info(String event, String message, Map<String, ?> fields);

    /** Something the operator should look at; the command goes on. */
    void warn(String event, String message, Map<String, ?> fields);

    /** A failure: the last error lines name what failed and why. */
    void error(String event, String message, Map<String, ?> fields);

    default void info(String event, String message) {
        info(event, message, Map.of());
    }

    default void warn(String event, String message) {
        warn(event, message, Map.of());
    }

    default void error(String event, String message) {
        error(event, message, Map.of());
    }

    /** The redactor applied to every line (register secrets on it as soon as they are known). */
    Redactor redactor();

    /** A reporter in the given format. */
    static Reporter create(LogFormat format, PrintStream out, PrintStream err, Redactor redactor) {
        return format == LogFormat.json ? new JsonReporter(out, redactor) : new HumanReporter(out, err, redactor);
    }
}
