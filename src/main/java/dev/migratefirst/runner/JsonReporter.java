package dev.migratefirst.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON lines on stdout, one object per event, for CloudWatch Logs. */
final class JsonReporter implements Reporter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final Redactor redactor;

    JsonReporter(PrintStream out, Redactor redactor) {
        this.out = out;
        this.redactor = redactor;
    }

    @Override
    public void info(String event, String message, Map<String, ?> fields) {
        print("info", event, message, fields);
    }

    @Override
    public void warn(String event, String message, Map<String, ?> fields) {
        print("warn", event, message, fields);
    }

    @Override
    public void error(String event, String message, Map<String, ?> fields) {
        print("error", event, message, fields);
    }

    private void print(String level, String event, String message, Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("level", level);
        line.put("event", event);
        line.put("message", redactor.redact(message));
        for (Map.Entry<String, ?> f : fields.entrySet()) {
            Object v = f.getValue();
            line.putIfAbsent(f.getKey(), v instanceof CharSequence s ? redactor.redact(s.toString()) : v);
        }
        String text;
        try {
            text = JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            text = "{\"level\":\"error\",\"event\":\"log_encoding_failed\",\"message\":\"cannot encode a log line\"}";
        }
        synchronized (out) {
            out.println(redactor.redact(text));
            out.flush();
        }
    }

    @Override
    public Redactor redactor() {
        return redactor;
    }
}
