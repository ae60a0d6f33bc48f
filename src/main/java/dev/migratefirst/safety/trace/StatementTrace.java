package dev.migratefirst.safety.trace;

import java.util.List;
import java.util.Map;

/**
 * What PostgreSQL did while running one statement of a migration.
 *
 * @param statement     the statement
 * @param transactional true when it ran inside the migration's transaction (locks then stay held
 *                      until the end of the migration)
 * @param lockTimeout   the session's {@code lock_timeout} when the statement started ({@code 0} = none),
 *                      or the runner's (e.g. {@code 2s (runner)}) when the tracer assumes one
 * @param held          strongest lock held on each pre-existing relation once the statement ended
 *                      (transactional) or seen while it ran (non-transactional), by relation oid
 * @param acquired      the locks this statement took or strengthened, by relation oid
 * @param waits         what the statement waited for (non-transactional observation)
 * @param before        the catalog right before the statement, as the migration's session sees it
 * @param after         the catalog right after it
 * @param updateCount   rows reported changed, or -1 when the statement returned rows or nothing
 * @param plan          for a data-changing statement, what EXPLAIN says it modifies; null otherwise
 * @param error         the database's error message when it failed, else null
 * @param sqlState      the SQLSTATE of that error, else null
 * @param millis        wall time of the statement on the scratch server
 */
public record StatementTrace(SqlStatement statement, boolean transactional, String lockTimeout,
                             Map<Long, LockMode> held, Map<Long, LockMode> acquired, List<String> waits,
                             CatalogSnapshot before, CatalogSnapshot after, long updateCount, DmlPlan plan,
                             String error, String sqlState, long millis) {

    /** True when the session had no lock_timeout when the statement started. */
    public boolean withoutLockTimeout() {
        return lockTimeout == null || lockTimeout.equals("0") || lockTimeout.startsWith("0 ")
                || lockTimeout.equals("0ms");
    }

    public boolean failed() {
        return error != null;
    }

    /**
     * What EXPLAIN reported for a data-changing statement.
     *
     * @param operation   {@code Insert}, {@code Update}, {@code Delete} or {@code Merge}
     * @param schema      the target's schema
     * @param relation    the target table
     * @param readsTables true when rows come from a table scan (INSERT ... SELECT), not from VALUES
     */
    public record DmlPlan(String operation, String schema, String relation, boolean readsTables) {
    }
}
