package dev.migratefirst.testsupport;

import dev.migratefirst.runner.Redactor;
import dev.migratefirst.runner.Reporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link Reporter} that keeps every message, whatever its level, for a test to read. */
public final class CollectingReporter implements Reporter {
    private final Redactor redactor = new Redactor();
    private final List<String> lines = new ArrayList<>();

    /** The messages so far, in order (a live list: a test may clear it between runs). */
    public List<String> lines() {
        return lines;
    }

    @Override
    public void info(String event, String message, Map<String, ?> fields) {
        lines.add(message);
    }

    @Override
    public void warn(String event, String message, Map<String, ?> fields) {
        lines.add(message);
    }

    @Override
    public void error(String event, String message, Map<String, ?> fields) {
        lines.add(message);
    }

    @Override
    public Redactor redactor() {
        return redactor;
    }
}
