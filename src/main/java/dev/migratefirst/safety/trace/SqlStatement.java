package dev.migratefirst.safety.trace;

import java.util.Objects;

/**
 * One statement of a migration script, as PostgreSQL will receive it.
 *
 * @param index   0-based position in the script
 * @param line    1-based line of the statement's first character that is not a comment or blank
 * @param sql     the statement text without the terminating semicolon (comments inside kept)
 * @param leading the comments and blank text right before the statement (where suppressions live)
 */
public record SqlStatement(int index, int line, String sql, String leading) {

    public SqlStatement {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(leading, "leading");
    }

    /** The statement on one line, shortened to {@code max} characters, for reports. */
    public String summary(int max) {
        String oneLine = sql.replaceAll("--[^\n]*", " ").replaceAll("\\s+", " ").trim();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 3) + "...";
    }
}
