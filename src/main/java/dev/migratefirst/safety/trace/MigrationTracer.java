package dev.migratefirst.safety.trace;

import dev.migratefirst.migrations.MigrationFile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs one migration on the scratch database while watching what PostgreSQL does.
 *
 * <p>Transactional scripts (the usual case, and how Flyway runs them) run statement by statement in
 * one transaction on session A; after each statement a second session B reads {@code pg_locks} for
 * A's backend, which is exact because relation locks stay held until the transaction ends. Catalog
 * snapshots are read on A itself, so they include A's uncommitted changes.
 *
 * <p>Statements PostgreSQL refuses inside a transaction (SQLSTATE 25001, e.g. CREATE INDEX
 * CONCURRENTLY) make the script run the way Flyway runs it then: each statement on its own. Their
 * locks are released when they end, so for each one a third session C first takes SHARE UPDATE
 * EXCLUSIVE on every pre-existing table (C is opened once and kept); any lock A needs that could block the app (SHARE UPDATE
 * EXCLUSIVE or stronger) then has to wait for C, and B sees the waiting request with its mode in
 * {@code pg_locks} before C lets go. Locks A takes after that first wait are sampled by B while A
 * runs, so a very short second lock may be missed: a documented limit.
 */
public final class MigrationTracer implements AutoCloseable {
    private static final String NOT_IN_TRANSACTION = "25001";
    private static final Pattern DML_START = Pattern.compile("^(?is)\\s*(?:\\(\\s*)*(insert|update|delete|merge|with)\\b");
    private static final Pattern OPERATION = Pattern.compile("\"Operation\"\\s*:\\s*\"(\\w+)\"");
    private static final Pattern RELATION = Pattern.compile("\"Relation Name\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SCHEMA = Pattern.compile("\"Schema\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern NODE = Pattern.compile("\"Node Type\"\\s*:\\s*\"([^\"]+)\"");

    private final Connection a;
    private final Connection b;
    private Connection c;
    private final ConnectionFactory connections;
    private final int pidA;
    private final Set<String> binaryCasts;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "migratefirst-check-statement");
        t.setDaemon(true);
        return t;
    });

    private final String runnerLockTimeout;

    /** Opens new sessions on the scratch database. */
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    /** Opens the two sessions it works with on the scratch database and reads its binary casts. */
    public MigrationTracer(ConnectionFactory connections) throws SQLException {
        this(connections, null);
    }

    /**
     * Like {@link #MigrationTracer(ConnectionFactory)}, for migrations that will run on a connection whose
     * {@code lock_timeout} the runner sets: a statement run while the migration itself has not SET
     * lock_timeout is recorded with {@code runnerLockTimeout} (e.g. {@code "2s (runner)"}). The scratch
     * session itself keeps no lock_timeout, so the tracing never times out.
     *
     * @param runnerLockTimeout the lock_timeout the runner's connection has, or null for none (plain
     *                          Flyway, a tool under {@code exec})
     */
    public MigrationTracer(ConnectionFactory connections, String runnerLockTimeout) throws SQLException {
        this.connections = connections;
        this.runnerLockTimeout = runnerLockTimeout;
        this.a = connections.open();
        this.b = connections.open();
        b.setAutoCommit(true);
        try (Statement st = a.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pidA = rs.getInt(1);
        }
        Set<String> casts = new java.util.HashSet<>();
        try (Statement st = a.createStatement();
             ResultSet rs = st.executeQuery("SELECT castsource::bigint, casttarget::bigint FROM pg_cast "
                     + "WHERE castmethod = 'b'")) {
            while (rs.next()) {
                casts.add(rs.getLong(1) + ":" + rs.getLong(2));
            }
        }
        binaryCasts = Set.copyOf(casts);
    }

    /** Runs {@code file} (already split into {@code statements}) and returns what happened. */
    public MigrationTrace trace(MigrationFile file, List<SqlStatement> statements) throws SQLException {
        resetSession();
        a.setAutoCommit(false);
        CatalogSnapshot start = snapshotInTransaction();
        List<StatementTrace> traces = new ArrayList<>();
        boolean needsAutocommit = false;
        Map<Long, LockMode> held = Map.of();
        CatalogSnapshot current = start;
        String lockTimeout = lockTimeout();
        for (SqlStatement s : statements) {
            StatementTrace.DmlPlan plan = explain(s, true);
            long t0 = System.nanoTime();
            long count;
            try (Statement st = a.createStatement()) {
                count = st.execute(s.sql()) ? -1 : st.getUpdateCount();
            } catch (SQLException e) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (NOT_IN_TRANSACTION.equals(e.getSQLState())) {
                    needsAutocommit = true;
                    break;
                }
                a.rollback();
                traces.add(new StatementTrace(s, true, lockTimeout, held, Map.of(), List.of(), current, current, -1,
                        plan, oneLine(e), e.getSQLState(), ms));
                return new MigrationTrace(file, true, List.of(), start, traces,
                        statements.subList(s.index() + 1, statements.size()), binaryCasts);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            AfterStatement seen = afterStatement(start);
            traces.add(new StatementTrace(s, true, lockTimeout, seen.locks, stronger(held, seen.locks), List.of(),
                    current, seen.snapshot, count, plan, null, null, ms));
            held = seen.locks;
            current = seen.snapshot;
            lockTimeout = seen.lockTimeout;
        }
        if (!needsAutocommit) {
            a.commit();
            return new MigrationTrace(file, true, List.of(), start, traces, List.of(), binaryCasts);
        }
        a.rollback();
        List<Integer> nonTransactional = probeNonTransactional(statements);
        return traceAutocommit(file, statements, nonTransactional);
    }

    /** What one round trip after a transactional statement reads on A. */
    private record AfterStatement(Map<Long, LockMode> locks, String lockTimeout, CatalogSnapshot snapshot) {
    }

    /**
     * After a statement of a transactional migration, in one round trip on A itself: the relation locks A
     * holds on pre-existing relations (they stay held until the transaction ends, so reading them on A
     * equals reading them from another session), the lock_timeout the next statement starts with, and
     * the catalog. All under a savepoint rolled back afterwards, read before the catalog queries, so the
     * locks are the migration's own.
     */
    private AfterStatement afterStatement(CatalogSnapshot start) throws SQLException {
        Map<Long, LockMode> locks = new HashMap<>();
        String[] setting = new String[2];
        CatalogSnapshot snapshot = CatalogSnapshot.capture(a, "SAVEPOINT migratefirst_snapshot;", List.of(
                        "SELECT relation::bigint, mode FROM pg_locks WHERE pid = pg_backend_pid() AND granted "
                                + "AND locktype = 'relation'",
                        "SELECT source, current_setting('lock_timeout') FROM pg_settings WHERE name = 'lock_timeout'"),
                List.of(rs -> {
                    long oid = rs.getLong(1);
                    LockMode mode = LockMode.fromPg(rs.getString(2));
                    if (mode != null && start.has(oid)) {
                        merge(locks, Map.of(oid, mode));
                    }
                }, rs -> {
                    setting[0] = rs.getString(1);
                    setting[1] = rs.getString(2);
                }),
                "ROLLBACK TO SAVEPOINT migratefirst_snapshot; RELEASE SAVEPOINT migratefirst_snapshot");
        String lockTimeout = runnerLockTimeout != null && !"session".equals(setting[0])
                ? runnerLockTimeout + " (runner)" : setting[1];
        return new AfterStatement(Map.copyOf(locks), lockTimeout, snapshot);
    }

    /**
     * The catalog as the migration's transaction sees it. Reading it may take locks of its own
     * (catalog functions can open the relations they describe); the savepoint rolled back afterwards
     * releases any, so pg_locks shows only what the migration itself took.
     */
    private CatalogSnapshot snapshotInTransaction() throws SQLException {
        return CatalogSnapshot.capture(a, "SAVEPOINT migratefirst_snapshot;",
                "ROLLBACK TO SAVEPOINT migratefirst_snapshot; RELEASE SAVEPOINT migratefirst_snapshot");
    }

    /** Which statements PostgreSQL refuses inside a transaction: tried one by one under savepoints. */
    private List<Integer> probeNonTransactional(List<SqlStatement> statements) throws SQLException {
        List<Integer> out = new ArrayList<>();
        a.setAutoCommit(false);
        try (Statement st = a.createStatement()) {
            for (SqlStatement s : statements) {
                try {
                    st.execute("SAVEPOINT migratefirst_probe");
                    st.execute(s.sql());
                    st.execute("RELEASE SAVEPOINT migratefirst_probe");
                } catch (SQLException e) {
                    if (NOT_IN_TRANSACTION.equals(e.getSQLState())) {
                        out.add(s.index());
                    }
                    try {
                        st.execute("ROLLBACK TO SAVEPOINT migratefirst_probe");
                    } catch (SQLException gone) {
                        a.rollback(); // the script ended the transaction itself (COMMIT/ROLLBACK)
                    }
                }
            }
        } finally {
            a.rollback();
        }
        return List.copyOf(out);
    }

    private MigrationTrace traceAutocommit(MigrationFile file, List<SqlStatement> statements,
                                           List<Integer> nonTransactional) throws SQLException {
        resetSession();
        a.setAutoCommit(true);
        CatalogSnapshot start = CatalogSnapshot.capture(a);
        CatalogSnapshot current = start;
        List<StatementTrace> traces = new ArrayList<>();
        for (SqlStatement s : statements) {
            String lockTimeout = lockTimeout();
            StatementTrace.DmlPlan plan = explain(s, false);
            Observation seen = runObserved(s, start, current);
            if (seen.error != null) {
                try (Statement st = a.createStatement()) {
                    st.execute("ROLLBACK"); // leave a transaction block the script opened with BEGIN
                }
            }
            CatalogSnapshot after = CatalogSnapshot.capture(a);
            traces.add(new StatementTrace(s, false, lockTimeout, seen.locks, seen.locks, List.copyOf(seen.waits),
                    current, after, seen.count, plan, seen.error, seen.sqlState, seen.millis));
            current = after;
            if (seen.error != null) {
                return new MigrationTrace(file, false, nonTransactional, start, traces,
                        statements.subList(s.index() + 1, statements.size()), binaryCasts);
            }
        }
        return new MigrationTrace(file, false, nonTransactional, start, traces, List.of(), binaryCasts);
    }

    private static final class Observation {
        final Map<Long, LockMode> locks = new HashMap<>();
        final Set<String> waits = new LinkedHashSet<>();
        long count = -1;
        String error;
        String sqlState;
        long millis;
    }

    /** Runs one statement in autocommit mode on A while C holds a tripwire lock and B watches. */
    private Observation runObserved(SqlStatement s, CatalogSnapshot start, CatalogSnapshot current)
            throws SQLException {
        Observation o = new Observation();
        List<String> tables = current.relations().values().stream()
                .filter(r -> start.has(r.oid()) && (r.kind() == 'r' || r.kind() == 'p'))
                .map(r -> quote(r.schema()) + "." + quote(r.name()))
                .sorted().toList();
        Connection c = tables.isEmpty() ? null : tripwire();
        try {
            if (c != null) {
                try (Statement st = c.createStatement()) {
                    st.execute("LOCK TABLE " + String.join(", ", tables) + " IN SHARE UPDATE EXCLUSIVE MODE");
                }
            }
            long t0 = System.nanoTime();
            Future<Long> run = executor.submit(() -> {
                try (Statement st = a.createStatement()) {
                    return st.execute(s.sql()) ? -1L : (long) st.getUpdateCount();
                }
            });
            boolean tripwireOpen = c != null;
            while (true) {
                Locks l = relationLocks(start, false);
                merge(o.locks, l.granted);
                merge(o.locks, l.waiting);
                l.waiting.forEach((oid, mode) -> o.waits.add("requested " + mode + " on " + start.nameOf(oid)
                        + (mode.blocksApp() ? ", which blocks " + mode.blocks() + " of the app"
                        : ", which blocks no reads or writes (only other schema changes and VACUUM)")
                        + " (seen while a probe session held the table)"));
                if (l.waitsForTransactions) {
                    o.waits.add("waited for the transactions that were open when it started to finish");
                }
                if (tripwireOpen && (l.waitsForTransactions || !l.waiting.isEmpty() || run.isDone())) {
                    c.commit();
                    tripwireOpen = false;
                }
                if (run.isDone()) {
                    break;
                }
                sleep();
            }
            o.millis = (System.nanoTime() - t0) / 1_000_000;
            try {
                o.count = run.get();
            } catch (ExecutionException e) {
                SQLException cause = e.getCause() instanceof SQLException se ? se : new SQLException(e.getCause());
                o.error = oneLine(cause);
                o.sqlState = cause.getSQLState();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while running " + s.summary(60), e);
            }
        } finally {
            if (c != null) {
                c.rollback(); // releases the tripwire if it is still held (a failure above); a no-op otherwise
            }
        }
        return o;
    }

    /** Session C, opened on first use and kept: each non-transactional statement takes its tripwire on it. */
    private Connection tripwire() throws SQLException {
        if (c == null) {
            c = connections.open();
            c.setAutoCommit(false);
        }
        return c;
    }

    private static void sleep() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Locks(Map<Long, LockMode> granted, Map<Long, LockMode> waiting, boolean waitsForTransactions) {
    }

    /** Relation locks of session A on relations that existed before the migration, read on B. */
    private Locks relationLocks(CatalogSnapshot start, boolean grantedOnly) throws SQLException {
        Map<Long, LockMode> granted = new HashMap<>();
        Map<Long, LockMode> waiting = new HashMap<>();
        boolean waitsForTransactions = false;
        try (PreparedStatement ps = b.prepareStatement("SELECT locktype, relation::bigint, mode, granted "
                + "FROM pg_locks WHERE pid = ?" + (grantedOnly ? " AND granted" : ""))) {
            ps.setInt(1, pidA);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(1);
                    boolean isGranted = rs.getBoolean(4);
                    if ("relation".equals(type)) {
                        long oid = rs.getLong(2);
                        LockMode mode = LockMode.fromPg(rs.getString(3));
                        if (mode != null && start.has(oid)) {
                            merge(isGranted ? granted : waiting, Map.of(oid, mode));
                        }
                    } else if (!isGranted && ("virtualxid".equals(type) || "transactionid".equals(type))) {
                        waitsForTransactions = true;
                    }
                }
            }
        }
        return new Locks(granted, waiting, waitsForTransactions);
    }

    private static void merge(Map<Long, LockMode> into, Map<Long, LockMode> from) {
        from.forEach((oid, mode) -> into.merge(oid, mode, (x, y) -> x.ordinal() >= y.ordinal() ? x : y));
    }

    /** Locks in {@code now} that are new or stronger than in {@code before}. */
    private static Map<Long, LockMode> stronger(Map<Long, LockMode> before, Map<Long, LockMode> now) {
        return now.entrySet().stream()
                .filter(e -> !before.containsKey(e.getKey()) || before.get(e.getKey()).ordinal() < e.getValue().ordinal())
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * For statements that may change rows, asks the planner what they modify (EXPLAIN does not
     * execute them). Inside a transaction the EXPLAIN runs under a savepoint that is rolled back, so
     * any lock the planner took is released again.
     */
    private StatementTrace.DmlPlan explain(SqlStatement s, boolean inTransaction) throws SQLException {
        if (!DML_START.matcher(s.sql()).find()) {
            return null;
        }
        String json;
        try (Statement st = a.createStatement()) {
            if (inTransaction) {
                st.execute("SAVEPOINT migratefirst_explain");
            }
            try (ResultSet rs = st.executeQuery("EXPLAIN (FORMAT JSON, VERBOSE) " + s.sql())) {
                rs.next();
                json = rs.getString(1);
            } catch (SQLException e) {
                json = null;
            }
            if (inTransaction) {
                st.execute("ROLLBACK TO SAVEPOINT migratefirst_explain");
            }
        }
        if (json == null) {
            return null;
        }
        Matcher op = OPERATION.matcher(json);
        if (!op.find()) {
            return null;
        }
        int after = op.end();
        Matcher rel = RELATION.matcher(json);
        Matcher schema = SCHEMA.matcher(json);
        String relation = rel.find(after) ? rel.group(1) : "?";
        String schemaName = schema.find(after) ? schema.group(1) : "public";
        boolean readsTables = false;
        Matcher node = NODE.matcher(json);
        while (node.find()) {
            String type = node.group(1);
            if (type.endsWith("Scan") && !type.equals("Values Scan") && !type.equals("Function Scan")
                    && !type.equals("Result") || type.contains("Join")) {
                readsTables = true;
            }
        }
        return new StatementTrace.DmlPlan(op.group(1), schemaName, relation, readsTables);
    }

    /**
     * The session's lock_timeout; the runner's when the migration has not SET one itself (the setting
     * then still comes from the server's defaults) and a runner lock_timeout is assumed.
     */
    private String lockTimeout() throws SQLException {
        if (runnerLockTimeout != null) {
            try (Statement st = a.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT source FROM pg_settings WHERE name = 'lock_timeout'")) {
                rs.next();
                if (!"session".equals(rs.getString(1))) {
                    return runnerLockTimeout + " (runner)";
                }
            }
        }
        return show("lock_timeout");
    }

    private String show(String setting) throws SQLException {
        try (Statement st = a.createStatement(); ResultSet rs = st.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Each migration starts from the server's defaults, whatever the previous one SET. */
    private void resetSession() throws SQLException {
        a.setAutoCommit(true);
        try (Statement st = a.createStatement()) {
            st.execute("RESET ALL");
        }
    }

    /** Runs a migration without observing it (replaying history before the checked range). */
    public void apply(List<SqlStatement> statements) throws SQLException {
        resetSession();
        a.setAutoCommit(false);
        boolean autocommit = false;
        try (Statement st = a.createStatement()) {
            for (SqlStatement s : statements) {
                try {
                    st.execute(s.sql());
                } catch (SQLException e) {
                    if (!NOT_IN_TRANSACTION.equals(e.getSQLState())) {
                        throw e;
                    }
                    autocommit = true;
                    break;
                }
            }
        } catch (SQLException e) {
            a.rollback();
            throw e;
        }
        if (!autocommit) {
            a.commit();
            return;
        }
        a.rollback();
        a.setAutoCommit(true);
        try (Statement st = a.createStatement()) {
            for (SqlStatement s : statements) {
                st.execute(s.sql());
            }
        }
    }

    /** {@code identifier} as a quoted SQL identifier. */
    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String oneLine(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }

    @Override
    public void close() throws SQLException {
        executor.shutdownNow();
        try {
            a.close();
        } finally {
            try {
                b.close();
            } finally {
                if (c != null) {
                    c.close();
                }
            }
        }
    }
}
