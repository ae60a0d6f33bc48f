package dev.migratefirst.safety;

import java.util.Objects;

/**
 * One finding of {@code check}.
 *
 * @param rule       the rule
 * @param file       the migration's file name
 * @param statement  0-based statement index, or -1 for the whole file
 * @param line       1-based line of the statement (or of the comment for suppression findings)
 * @param sql        the statement, shortened to one line ("" for the whole file)
 * @param observed   what the database did, in a sentence
 * @param suppressed the reason given by a suppression comment, or null when it is not suppressed
 */
public record Finding(Rule rule, String file, int statement, int line, String sql, String observed,
                      String suppressed) {

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(observed, "observed");
    }

    public Severity severity() {
        return rule.severity();
    }

    public boolean isSuppressed() {
        return suppressed != null;
    }

    /** The same finding, silenced with {@code reason}. */
    public Finding suppressedBecause(String reason) {
        return new Finding(rule, file, statement, line, sql, observed, reason);
    }
}
