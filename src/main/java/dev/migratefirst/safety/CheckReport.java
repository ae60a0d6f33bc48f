package dev.migratefirst.safety;

import java.util.List;

/**
 * The result of {@code check}.
 *
 * @param serverVersion the PostgreSQL version that ran the migrations, e.g. {@code 17.7}
 * @param results       one per checked migration, in the order they ran
 * @param notChecked    migrations not run because an earlier one failed
 * @param millis        wall time of the check (server start excluded)
 * @param sizing        the production statistics and measured costs the findings were sized with, or null
 */
public record CheckReport(String serverVersion, List<MigrationResult> results, List<String> notChecked, long millis,
                          Sizing sizing) {

    /** A report without size estimates. */
    public CheckReport(String serverVersion, List<MigrationResult> results, List<String> notChecked, long millis) {
        this(serverVersion, results, notChecked, millis, null);
    }

    /** Every finding, suppressed ones included. */
    public List<Finding> findings() {
        return results.stream().flatMap(r -> r.findings().stream()).toList();
    }

    /** Unsuppressed findings of {@code severity}. */
    public long count(Severity severity) {
        return results.stream().mapToLong(r -> r.count(severity)).sum();
    }

    public long suppressed() {
        return findings().stream().filter(Finding::isSuppressed).count();
    }

    /** True when an error-level finding remains: {@code check} then exits non-zero. */
    public boolean unsafe() {
        return count(Severity.ERROR) > 0;
    }
}
