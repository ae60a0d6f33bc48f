package dev.migratefirst.runner.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the subset of TOML that Flyway configuration files use into flat dotted keys:
 * {@code [table]} and {@code [table.sub]} headers, {@code key = value} with basic ({@code "..."}) and
 * literal ({@code '...'}) strings, integers, booleans, arrays of those (joined with commas, as Flyway's
 * legacy keys take them, e.g. {@code schemas = ["app", "audit"]} gives {@code app,audit}) and inline
 * tables ({@code placeholders = { owner = "ops" }}), and {@code #} comments. Anything else (multi-line
 * strings, arrays of tables) is refused with the line number rather than misread.
 */
final class TomlReader {
    private TomlReader() {
    }

    /**
     * The flat keys of {@code text}.
     *
     * @throws IllegalArgumentException naming the line of something it does not read
     */
    static Map<String, String> read(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        String table = "";
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = stripComment(lines[n]).strip();
            if (line.isEmpty()) {
                continue;
            }
            int lineNo = n + 1;
            if (line.startsWith("[[")) {
                throw new IllegalArgumentException("line " + lineNo + ": arrays of tables are not read: " + line);
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new IllegalArgumentException("line " + lineNo + ": unterminated table header: " + line);
                }
                table = key(line.substring(1, line.length() - 1), lineNo);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("line " + lineNo + ": expected key = value: " + line);
            }
            String key = key(line.substring(0, eq), lineNo);
            String full = table.isEmpty() ? key : table + "." + key;
            value(line.substring(eq + 1).strip(), full, out, lineNo);
        }
        return out;
    }

    private static String key(String raw, int lineNo) {
        List<String> parts = new ArrayList<>();
        for (String p : raw.split("\\.")) {
            String s = p.strip();
            if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
                s = s.substring(1, s.length() - 1);
            }
            if (s.isEmpty()) {
                throw new IllegalArgumentException("line " + lineNo + ": empty key in '" + raw.strip() + "'");
            }
            parts.add(s);
        }
        return String.join(".", parts);
    }

    private static void value(String v, String key, Map<String, String> out, int lineNo) {
        if (v.startsWith("{")) {
            if (!v.endsWith("}")) {
                throw new IllegalArgumentException("line " + lineNo + ": inline table must end on its line: " + key);
            }
            for (String pair : splitTopLevel(v.substring(1, v.length() - 1), lineNo)) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("line " + lineNo + ": expected key = value in " + key);
                }
                value(pair.substring(eq + 1).strip(), key + "." + key(pair.substring(0, eq), lineNo), out, lineNo);
            }
            return;
        }
        if (v.startsWith("[")) {
            if (!v.endsWith("]")) {
                throw new IllegalArgumentException("line " + lineNo + ": array must end on its line: " + key);
            }
            List<String> items = new ArrayList<>();
            for (String item : splitTopLevel(v.substring(1, v.length() - 1), lineNo)) {
                items.add(scalar(item, key, lineNo));
            }
            out.put(key, String.join(",", items));
            return;
        }
        out.put(key, scalar(v, key, lineNo));
    }

    private static String scalar(String v, String key, int lineNo) {
        if (v.startsWith("\"\"\"") || v.startsWith("'''")) {
            throw new IllegalArgumentException("line " + lineNo + ": multi-line strings are not read: " + key);
        }
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
            return v.substring(1, v.length() - 1);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return unescape(v.substring(1, v.length() - 1));
        }
        if (v.equals("true") || v.equals("false") || v.matches("[+-]?[0-9][0-9_]*")) {
            return v.replace("_", "");
        }
        throw new IllegalArgumentException("line " + lineNo + ": not a TOML string, number or boolean: " + key + " = " + v);
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(++i);
                b.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> e;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Splits on commas outside quotes and brackets; a trailing comma is allowed. */
    private static List<String> splitTopLevel(String s, int lineNo) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i).strip());
                start = i + 1;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("line " + lineNo + ": unterminated string");
        }
        String last = s.substring(start).strip();
        if (!last.isEmpty()) {
            out.add(last);
        }
        out.removeIf(String::isEmpty);
        return out;
    }

    private static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
