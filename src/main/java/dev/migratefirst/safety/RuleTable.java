package dev.migratefirst.safety;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders the rule table and the rule reference of docs/safety.md from {@link Rule}, so the
 * documentation cannot drift from the rules. {@code main} rewrites both parts of that file in place
 * between their markers; a test fails when they differ from what this class renders.
 */
public final class RuleTable {
    public static final String TABLE_START = "<!-- safety-rules:start -->";
    public static final String TABLE_END = "<!-- safety-rules:end -->";
    public static final String REFERENCE_START = "<!-- safety-rule-reference:start -->";
    public static final String REFERENCE_END = "<!-- safety-rule-reference:end -->";

    private RuleTable() {
    }

    /** The rule table: id, severity, what it flags, why it hurts, the safer way. */
    public static String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("| rule | severity | flags | why it hurts | safer way |\n");
        sb.append("|---|---|---|---|---|\n");
        for (Rule r : Rule.values()) {
            sb.append("| `").append(r.id()).append("` | ").append(r.severity().label()).append(" | ")
                    .append(cell(r.summary())).append(" | ").append(cell(r.why())).append(" | ")
                    .append(cell(r.saferWay())).append(" |\n");
        }
        return sb.toString();
    }

    /** The reference of docs/safety.md: per rule, its text and the bad/good pair the tests run. */
    public static String reference() {
        StringBuilder sb = new StringBuilder();
        sb.append("Every example runs on this schema (an earlier migration):\n\n```sql\n")
                .append(Rule.EXAMPLE_SCHEMA.strip()).append("\n```\n");
        for (Rule r : Rule.values()) {
            sb.append("\n### `").append(r.id()).append("` (").append(r.severity().label()).append(")\n\n")
                    .append(r.summary()).append(".\n\n")
                    .append("**Why it hurts.** ").append(r.why()).append("\n\n")
                    .append("**Safer way.** ").append(r.saferWay()).append("\n\n")
                    .append("Flagged:\n\n```sql\n").append(r.badSql().strip()).append("\n```\n\n")
                    .append("Not flagged:\n\n```sql\n").append(r.goodSql().strip()).append("\n```\n");
        }
        return sb.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    /** {@code text} with the part between {@code start} and {@code end} replaced by {@code body}. */
    public static String splice(String text, String start, String end, String body) {
        int a = text.indexOf(start);
        int b = text.indexOf(end);
        if (a < 0 || b < a) {
            throw new IllegalArgumentException("markers " + start + " ... " + end + " not found");
        }
        return text.substring(0, a + start.length()) + "\n" + body + text.substring(b);
    }

    /** The part between the markers, as {@link #splice} writes it. */
    public static String between(String text, String start, String end) {
        int a = text.indexOf(start);
        int b = text.indexOf(end);
        if (a < 0 || b < a) {
            throw new IllegalArgumentException("markers " + start + " ... " + end + " not found");
        }
        return text.substring(a + start.length() + 1, b);
    }

    /** Regenerates the table and the reference of docs/safety.md under the given project folder (default: current). */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        rewrite(root.resolve("docs/safety.md"), TABLE_START, TABLE_END, table());
        rewrite(root.resolve("docs/safety.md"), REFERENCE_START, REFERENCE_END, reference());
    }

    private static void rewrite(Path file, String start, String end, String body) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, splice(text, start, end, body), StandardCharsets.UTF_8);
    }
}
