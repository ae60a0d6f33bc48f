package dev.migratefirst.safety;

import dev.migratefirst.safety.size.LockEstimate;
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
 * @param severity   how bad it is: the rule's severity, unless production statistics decided otherwise
 * @param estimate   how long the lock would be held at production size (only with {@code --stats}), or null
 */
public record Finding(Rule rule, String file, int statement, int line, String sql, String observed,
                      String suppressed, Severity severity, LockEstimate estimate) {

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(severity, "severity");
    }

    /** A finding with its rule's severity and no size estimate. */
    public Finding(Rule rule, String file, int statement, int line, String sql, String observed, String suppressed) {
        this(rule, file, statement, line, sql, observed, suppressed, rule.severity(), null);
    }

    public boolean isSuppressed() {
        return suppressed != null;
    }

    /** The same finding, silenced with {@code reason}. */
    public Finding suppressedBecause(String reason) {
        return new Finding(rule, file, statement, line, sql, observed, reason, severity, estimate);
    }

    /** The same finding judged at production size: {@code severity} from {@code estimate}. */
    public Finding sized(Severity judged, LockEstimate lockEstimate) {
        return new Finding(rule, file, statement, line, sql, observed, suppressed, judged, lockEstimate);
    }
}
