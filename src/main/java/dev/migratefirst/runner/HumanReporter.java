package dev.migratefirst.runner;

import java.io.PrintStream;
import java.util.Map;

/** Human lines: progress on stdout, warnings and errors on stderr. */
final class HumanReporter implements Reporter {
    private final PrintStream out;
    private final PrintStream err;
    private final Redactor redactor;

    HumanReporter(PrintStream out, PrintStream err, Redactor redactor) {
        this.out = out;
        this.err = err;
        this.redactor = redactor;
    }

    @Override
    public void info(String event, String message, Map<String, ?> fields) {
        print(out, "", message);
    }

    @Override
    public void warn(String event, String message, Map<String, ?> fields) {
        print(err, "WARNING: ", message);
    }

    @Override
    public void error(String event, String message, Map<String, ?> fields) {
        print(err, "ERROR: ", message);
    }

    private void print(PrintStream stream, String prefix, String message) {
        synchronized (stream) {
            stream.println(prefix + redactor.redact(message));
            stream.flush();
        }
    }

    @Override
    public Redactor redactor() {
        return redactor;
    }
}
