package dev.migratefirst.runner.undo;

import java.util.Map;

/**
 * Where the undo engine and the round trip report their steps: an event name (the {@code event} of a
 * JSON line), a human line, and structured fields. The runner's {@code Reporter::info} fits.
 */
@FunctionalInterface
public interface Progress {
    /** Reports one step. */
    void report(String event, String message, Map<String, ?> fields);

    /** Drops everything. */
    Progress NONE = (event, message, fields) -> { };
}
