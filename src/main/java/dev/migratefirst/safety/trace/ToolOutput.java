package dev.migratefirst.safety.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The SQL another migration tool prints in offline mode ({@code alembic upgrade head --sql}, Liquibase
 * {@code update-sql}, Django {@code sqlmigrate}), made fit for the check: the tool's own transaction
 * control ({@code BEGIN}/{@code COMMIT}, which would end the check's transaction in the middle of a trace)
 * and its bookkeeping statements on its version table ({@code alembic_version}, {@code databasechangelog},
 * {@code databasechangeloglock}, {@code django_migrations}) are turned into comments. Everything else
 * runs as printed, and line numbers stay those of the tool's output.
 *
 * @param text    the script with the skipped statements commented out
 * @param skipped the skipped statements, one line each (for the report)
 */
public record ToolOutput(String text, List<String> skipped) {
    private static final Pattern TRANSACTION_CONTROL = Pattern.compile(
            "(?is)(begin|start\\s+transaction|commit|end|begin\\s+transaction|commit\\s+transaction)(\\s+work)?");
    private static final Pattern BOOKKEEPING = Pattern.compile("(?is)(create\\s+table(\\s+if\\s+not\\s+exists)?"
            + "|insert\\s+into|update|delete\\s+from|drop\\s+table(\\s+if\\s+exists)?|lock\\s+table)\\s+"
            + "(\"?\\w+\"?\\.)?\"?(alembic_version|databasechangelog|databasechangeloglock|django_migrations)\"?\\b.*");

    public ToolOutput {
        skipped = List.copyOf(skipped);
    }

    /** {@code script} with the tool's transaction control and bookkeeping commented out. */
    public static ToolOutput of(String script) {
        String text = script.replace("\r\n", "\n");
        StringBuilder out = new StringBuilder();
        List<String> skipped = new ArrayList<>();
        int cursor = 0;
        for (SqlStatement s : SqlScript.split(text)) {
            String sql = s.sql();
            if (!(TRANSACTION_CONTROL.matcher(sql).matches() || BOOKKEEPING.matcher(sql).matches())) {
                continue;
            }
            int at = text.indexOf(sql, cursor);
            if (at < 0) {
                continue;
            }
            int end = at + sql.length();
            int semicolon = text.indexOf(';', end);
            if (semicolon >= 0 && text.substring(end, semicolon).isBlank()) {
                end = semicolon + 1;
            }
            out.append(text, cursor, at);
            String body = text.substring(at, end);
            if (!body.contains("*/") && !body.contains("/*")) {
                out.append("/* skipped (tool bookkeeping): ").append(body).append(" */");
            } else {
                out.append("-- skipped (tool bookkeeping): ").append(body.replace("\n", "\n-- ")).append('\n');
            }
            skipped.add(s.summary(120));
            cursor = end;
        }
        out.append(text.substring(cursor));
        return new ToolOutput(out.toString(), skipped);
    }
}
