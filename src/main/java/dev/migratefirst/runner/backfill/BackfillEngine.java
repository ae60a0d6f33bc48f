package dev.migratefirst.runner.backfill;

import dev.migratefirst.migrations.MigrationVersion;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Interruption;
import dev.migratefirst.runner.Messages;
import dev.migratefirst.runner.Reporter;
import dev.migratefirst.runner.RunnerException;
import dev.migratefirst.runner.history.AppliedMigration;
import dev.migratefirst.runner.history.MigrationLock;
import dev.migratefirst.runner.history.SchemaHistoryTable;
import dev.migratefirst.runner.migrate.LockRetry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs backfills batch by batch: settings in, engine, outcome out. For each backfill, in version order:
 * <ol>
 *   <li>refuses bad input before any row changes: its schema migration not applied (exit 9), no table, a key
 *       that is not an integer column with a unique index on it alone, a statement PostgreSQL cannot plan
 *       (exit 2), a resumed backfill whose file changed (exit 5);</li>
 *   <li>takes the backfill's session advisory lock, so a second runner waits instead of running batches too;</li>
 *   <li>runs batches, each its own transaction under the connection's lock_timeout (lock timeouts retried as
 *       {@code migrate} does): lock the checkpoint row, run the statement on {@code [next_from, next_from +
 *       size - 1]}, move the checkpoint, commit. A runner killed anywhere resumes from the last commit, and no
 *       key range is run twice;</li>
 *   <li>adapts the size toward the target batch duration, pauses between batches, waits while a ceiling
 *       (replication lag, lock waiters) is exceeded, and prints progress lines.</li>
 * </ol>
 */
public final class BackfillEngine {

    /** Where the engine gets its (guarded) connections. */
    @FunctionalInterface
    public interface Connections {
        /** A new connection with the run's guards applied; the caller closes it. */
        Connection connect() throws SQLException;
    }

    /** What a run did. */
    public record Outcome(int completed, int alreadyDone, long rows) {
    }

    private final BackfillSettings settings;
    private final SchemaHistoryTable history;
    private final Checkpoints checkpoints;
    private final Connections connections;
    private final Interruption interruption;
    private final Reporter reporter;

    public BackfillEngine(BackfillSettings settings, SchemaHistoryTable history, Connections connections,
                          Interruption interruption, Reporter reporter) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.history = Objects.requireNonNull(history, "history");
        this.checkpoints = new Checkpoints(history);
        this.connections = Objects.requireNonNull(connections, "connections");
        this.interruption = Objects.requireNonNull(interruption, "interruption");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
    }

    /** The checkpoint table this engine writes. */
    public Checkpoints checkpoints() {
        return checkpoints;
    }

    /**
     * Runs every backfill of {@code scripts} that is not done, in version order. All of them are checked
     * first, so bad input in a later file stops the run before the first batch.
     *
     * @param versioned the versions of the versioned migrations of the same folders: a backfill {@code D<n>}
     *                  needs the highest of them up to {@code n} applied (its expand migration)
     */
    public Outcome run(List<BackfillScript> scripts, List<MigrationVersion> versioned) throws Exception {
        List<BackfillScript> ordered = scripts.stream()
                .sorted((a, b) -> a.version().compareTo(b.version())).toList();
        Map<String, BackfillState> states;
        try (Connection c = connections.connect()) {
            c.setAutoCommit(true);
            Optional<MigrationVersion> applied = appliedVersion(c);
            states = checkpoints.all(c);
            for (BackfillScript s : ordered) {
                BackfillState st = states.get(s.version().toString());
                if (st != null && st.done()) {
                    continue;
                }
                Optional<MigrationVersion> needed = versioned.stream().filter(v -> v.compareTo(s.version()) <= 0)
                        .max(MigrationVersion::compareTo);
                if (needed.isPresent() && (applied.isEmpty() || applied.get().compareTo(needed.get()) < 0)) {
                    throw new RunnerException(ExitCode.BACKFILL_PENDING, "backfill " + s.label() + " needs schema "
                            + "version " + needed.get() + " applied, and the database is at " + applied.map(v -> "version "
                            + v).orElse("no version") + ": run migrate first; nothing was changed");
                }
                if (st != null && !st.checksum().equals(s.checksum())) {
                    throw new RunnerException(ExitCode.VALIDATION_FAILED, s.file().fileName() + " was edited after "
                            + "its backfill started (" + st.batches() + " batches done): revert the file, or put the "
                            + "change into a new backfill with a new version; nothing was changed");
                }
                inspect(c, s);
            }
        }
        int completed = 0;
        int alreadyDone = 0;
        long rows = 0;
        for (BackfillScript s : ordered) {
            BackfillState st = states.get(s.version().toString());
            if (st != null && st.done()) {
                alreadyDone++;
                reporter.info("backfill_done_before", "backfill " + s.label() + ": already done ("
                        + st.rowsDone() + " rows in " + st.batches() + " batches); nothing to do",
                        Map.of("version", s.version().toString(), "rows_done", st.rowsDone()));
                continue;
            }
            long r = runOne(s);
            if (r >= 0) {
                completed++;
                rows += r;
            } else {
                alreadyDone++;
            }
        }
        return new Outcome(completed, alreadyDone, rows);
    }

    private Optional<MigrationVersion> appliedVersion(Connection c) throws SQLException {
        return appliedVersion(history, c);
    }

    /** The highest successfully applied version in {@code history}, if any (empty when the table does not exist). */
    public static Optional<MigrationVersion> appliedVersion(SchemaHistoryTable history, Connection c)
            throws SQLException {
        return history.rows(c).stream().filter(AppliedMigration::success)
                .map(AppliedMigration::version).flatMap(Optional::stream).max(MigrationVersion::compareTo);
    }

    /**
     * Checks a backfill against the database without changing a row: the table exists, the key is an integer
     * column with a unique index on it alone, and PostgreSQL can plan the statement. Warns when the plan
     * scans the whole table (each batch would).
     *
     * @throws RunnerException (configuration error) naming what is wrong
     */
    public void inspect(Connection c, BackfillScript s) throws SQLException {
        String name = s.file().fileName();
        String relation;
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?)::text")) {
            ps.setString(1, s.table());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                relation = rs.getString(1);
            }
        }
        if (relation == null) {
            throw RunnerException.configuration(name + ": table " + s.table() + " does not exist (is the migration "
                    + "that creates it applied?); nothing was changed");
        }
        String type;
        boolean unique;
        try (PreparedStatement ps = c.prepareStatement("SELECT format_type(a.atttypid, NULL), EXISTS (SELECT 1 FROM "
                + "pg_index i WHERE i.indrelid = a.attrelid AND i.indisunique AND i.indisvalid AND i.indpred IS NULL "
                + "AND i.indexprs IS NULL AND i.indnkeyatts = 1 AND i.indkey[0] = a.attnum) FROM pg_attribute a "
                + "WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped")) {
            ps.setString(1, s.table());
            ps.setString(2, s.key());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw RunnerException.configuration(name + ": table " + relation + " has no column " + s.key()
                            + " (the header's key); nothing was changed");
                }
                type = rs.getString(1);
                unique = rs.getBoolean(2);
            }
        }
        if (!List.of("smallint", "integer", "bigint").contains(type)) {
            throw RunnerException.configuration(name + ": key " + s.key() + " of " + relation + " is " + type
                    + "; batches are ranges of an integer key (smallint, integer, bigint): use the primary key or an "
                    + "identity column; nothing was changed");
        }
        if (!unique) {
            throw RunnerException.configuration(name + ": key " + s.key() + " of " + relation + " is not unique (no "
                    + "primary key or unique index on it alone), so a batch of keys could hold any number of rows: use "
                    + "a unique key; nothing was changed");
        }
        String plan = explain(c, s);
        if (plan.contains("\"Seq Scan\"")) {
            reporter.warn("backfill_full_scan", "backfill " + s.label() + ": PostgreSQL plans a sequential scan of "
                    + relation + " for a batch (no usable index on " + s.key() + " in the statement's WHERE clause): "
                    + "every batch would read the whole table", Map.of("version", s.version().toString()));
        }
    }

    /** The plan of one batch (EXPLAIN, not run), in a transaction that is rolled back. */
    private String explain(Connection c, BackfillScript s) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN (FORMAT JSON) " + s.jdbcStatement())) {
            bind(ps, s, 1, 1);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1));
                }
            }
            return plan.toString();
        } catch (SQLException e) {
            throw RunnerException.configuration(s.file().fileName() + ": PostgreSQL cannot plan the statement: "
                    + Messages.oneLine(e.getMessage()) + "; nothing was changed");
        } finally {
            c.rollback();
            c.setAutoCommit(auto);
        }
    }

    private static void bind(PreparedStatement ps, BackfillScript s, long from, long to) throws SQLException {
        int i = 1;
        for (String p : s.parameters()) {
            ps.setLong(i++, "from".equals(p) ? from : to);
        }
    }

    /** One backfill under its advisory lock; the rows changed, or -1 when another runner finished it meanwhile. */
    private long runOne(BackfillScript s) throws Exception {
        String version = s.version().toString();
        try (Connection lockConnection = connections.connect();
             MigrationLock lock = MigrationLock.backfill(lockConnection, history, lockKey(version),
                     "lock of backfill " + s.label(), settings.guards().advisoryLockWait(), interruption::sleep,
                     () -> reporter.info("backfill_lock_wait", "backfill " + s.label() + ": waiting, another runner "
                             + "is running it (" + MigrationLock.holder(lockConnection, lockKey(version)) + ")",
                             Map.of("version", version)));
             Connection c = connections.connect()) {
            c.setAutoCommit(true);
            checkpoints.create(c);
            Optional<BackfillState> existing = checkpoints.read(c, version, false);
            if (existing.isPresent() && existing.get().done()) {
                reporter.info("backfill_done_before", "backfill " + s.label() + ": another runner finished it ("
                        + existing.get().rowsDone() + " rows); nothing to do", Map.of("version", version));
                return -1;
            }
            if (existing.isEmpty()) {
                start(c, s);
            }
            BackfillState st = checkpoints.read(c, version, false).orElseThrow();
            reporter.info("backfill_start", "backfill " + s.label() + ": " + (st.batches() == 0 ? "starting" : "resuming "
                    + "after " + st.batches() + " batches at " + s.key() + " " + st.nextFrom()) + ", keys " + st.rangeMin()
                    + ".." + st.rangeMax() + ", about " + st.rowsEstimated() + " rows in " + s.table(),
                    fields(s, st, 0, 0, 0, 0));
            return batches(c, s, st);
        }
    }

    private void start(Connection c, BackfillScript s) throws SQLException {
        long min;
        long max;
        try (Statement q = c.createStatement();
             ResultSet rs = q.executeQuery("SELECT min(" + quote(s.key()) + "), max(" + quote(s.key()) + ") FROM "
                     + s.table())) {
            rs.next();
            min = rs.getLong(1);
            boolean empty = rs.wasNull();
            max = rs.getLong(2);
            if (empty) {
                min = 1;
                max = 0;
            }
        }
        long estimated;
        try (PreparedStatement ps = c.prepareStatement("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
            ps.setString(1, s.table());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                estimated = rs.getLong(1);
            }
        }
        if (estimated < 0 || estimated == 0 && max >= min) {
            try (Statement q = c.createStatement(); ResultSet rs = q.executeQuery("SELECT count(*) FROM " + s.table())) {
                rs.next();
                estimated = rs.getLong(1);
            }
        }
        checkpoints.start(c, s, min, max, estimated, s.initialBatchSize().orElse(settings.initialBatchSize()));
    }

    private long batches(Connection c, BackfillScript s, BackfillState first) throws Exception {
        String version = s.version().toString();
        LockRetry retry = new LockRetry(settings.guards(), interruption, reporter);
        long size = Math.min(settings.maxBatchSize(), Math.max(1, first.batchSize()));
        long runRows = 0;
        long runKeys = 0;
        long started = System.nanoTime();
        long lastProgress = started;
        long lastBatchMillis = 0;
        BackfillState current = first;
        while (true) {
            interruption.check();
            waitForCeilings(c, s);
            long batchSize = size;
            long t0 = System.nanoTime();
            Batch b = retry.run("backfill " + s.label(), () -> batch(c, s, version, batchSize), (failure, attempt) -> { });
            if (b == null) {
                break;
            }
            long nanos = System.nanoTime() - t0;
            lastBatchMillis = nanos / 1_000_000;
            runRows += b.rows();
            runKeys += b.to() - b.from() + 1;
            current = b.state();
            size = adapt(size, nanos);
            long now = System.nanoTime();
            if (now - lastProgress >= settings.progressInterval().toNanos()) {
                lastProgress = now;
                progress(s, current, runRows, runKeys, now - started, lastBatchMillis);
            }
            if (!settings.pause().isZero()) {
                interruption.sleep(settings.pause());
            }
        }
        c.setAutoCommit(true);
        checkpoints.finish(c, version);
        BackfillState done = checkpoints.read(c, version, false).orElseThrow();
        long elapsed = System.nanoTime() - started;
        Map<String, Object> f = fields(s, done, runRows, rate(runRows, elapsed), 0, lastBatchMillis);
        f.put("elapsed_ms", elapsed / 1_000_000);
        reporter.info("backfill_done", "backfill " + s.label() + ": done, " + done.rowsDone() + " rows changed in "
                + done.batches() + " batches (" + runRows + " rows in " + elapsed / 1_000_000 + " ms by this run, "
                + rate(runRows, elapsed) + " rows/s)", f);
        return runRows;
    }

    /** One committed batch. */
    private record Batch(long from, long to, long rows, BackfillState state) {
    }

    /** One batch in its own transaction; null when every key is done. */
    private Batch batch(Connection c, BackfillScript s, String version, long size) throws SQLException {
        c.setAutoCommit(false);
        try {
            BackfillState st = checkpoints.read(c, version, true).orElseThrow(
                    () -> new SQLException("the checkpoint row of backfill " + version + " disappeared"));
            if (st.nextFrom() > st.rangeMax()) {
                c.commit();
                return null;
            }
            long from = st.nextFrom();
            long to = from > st.rangeMax() - (size - 1) ? st.rangeMax() : from + size - 1;
            long rows;
            try (PreparedStatement ps = c.prepareStatement(s.jdbcStatement())) {
                bind(ps, s, from, to);
                boolean result = ps.execute();
                rows = result ? 0 : Math.max(0, ps.getUpdateCount());
            }
            checkpoints.advance(c, version, to + 1, rows, size);
            c.commit();
            return new Batch(from, to, rows, new BackfillState(st.version(), st.script(), st.checksum(), st.rangeMin(),
                    st.rangeMax(), to + 1, st.rowsDone() + rows, st.rowsEstimated(), st.batches() + 1, size,
                    st.state(), st.startedAt(), st.updatedAt(), st.finishedAt()));
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                e.addSuppressed(ignored);
            }
            throw e;
        }
    }

    /** The next batch size: scaled toward the target duration, at most halved or doubled, within bounds. */
    long adapt(long size, long nanos) {
        double target = settings.targetBatchDuration().toNanos();
        double factor = Math.max(0.5, Math.min(2.0, target / Math.max(1, nanos)));
        return Math.max(1, Math.min(settings.maxBatchSize(), Math.round(size * factor)));
    }

    /** Waits (reporting once per wait) while the replication lag or the lock waiters exceed their ceiling. */
    private void waitForCeilings(Connection c, BackfillScript s) throws SQLException {
        if (settings.maxReplicationLag().isEmpty() && settings.maxLockWaiters().isEmpty()) {
            return;
        }
        boolean reported = false;
        while (true) {
            String reason = ceilingExceeded(c);
            if (reason == null) {
                return;
            }
            if (!reported) {
                reporter.warn("backfill_throttled", "backfill " + s.label() + ": paused, " + reason,
                        Map.of("version", s.version().toString(), "reason", reason));
                reported = true;
            }
            interruption.sleep(Duration.ofSeconds(1));
            interruption.check();
        }
    }

    private String ceilingExceeded(Connection c) throws SQLException {
        c.setAutoCommit(true);
        if (settings.maxReplicationLag().isPresent()) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT coalesce(extract(epoch FROM max(replay_lag)), 0) FROM pg_stat_replication")) {
                rs.next();
                double lag = rs.getDouble(1);
                Duration max = settings.maxReplicationLag().get();
                if (lag * 1000 > max.toMillis()) {
                    return String.format(Locale.ROOT, "replication lag %.1f s is above --max-replication-lag %s", lag,
                            Messages.seconds(max));
                }
            }
        }
        if (settings.maxLockWaiters().isPresent()) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM "
                    + "pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
                    + "AND pid <> pg_backend_pid()")) {
                rs.next();
                int waiters = rs.getInt(1);
                if (waiters > settings.maxLockWaiters().getAsInt()) {
                    return waiters + " sessions wait for a lock, above --max-lock-waiters "
                            + settings.maxLockWaiters().getAsInt();
                }
            }
        }
        return null;
    }

    private void progress(BackfillScript s, BackfillState st, long runRows, long runKeys, long elapsedNanos,
                          long batchMillis) {
        long rate = rate(runRows, elapsedNanos);
        long remainingKeys = Math.max(0, st.rangeMax() - st.nextFrom() + 1);
        long eta = runKeys == 0 ? -1 : Math.round(elapsedNanos / 1e9 * remainingKeys / runKeys);
        reporter.info("backfill_progress", String.format(Locale.ROOT, "backfill %s: %d/%d rows (%.0f%% of keys), "
                        + "%d rows/s, ETA %s, batch %d keys in %d ms", s.label(), st.rowsDone(), st.rowsEstimated(),
                st.percent(), rate, eta < 0 ? "unknown" : eta + " s", st.batchSize(), batchMillis),
                fields(s, st, runRows, rate, eta, batchMillis));
    }

    private static long rate(long rows, long nanos) {
        return nanos <= 0 ? 0 : Math.round(rows / (nanos / 1e9));
    }

    private static Map<String, Object> fields(BackfillScript s, BackfillState st, long runRows, long rate, long eta,
                                              long batchMillis) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("version", s.version().toString());
        f.put("script", s.file().fileName());
        f.put("rows_done", st.rowsDone());
        f.put("rows_estimated", st.rowsEstimated());
        f.put("keys_done_pct", Math.round(st.percent() * 10) / 10.0);
        f.put("next_key", st.nextFrom());
        f.put("batches", st.batches());
        f.put("batch_size", st.batchSize());
        f.put("batch_ms", batchMillis);
        f.put("rows_this_run", runRows);
        f.put("rows_per_s", rate);
        f.put("eta_s", eta);
        return f;
    }

    /** The advisory lock key of one backfill: "MFbkfl" in ASCII plus a hash of the checkpoint table and version. */
    long lockKey(String version) {
        return 0x4D46626B666CL + (long) (checkpoints.quoted() + ":" + version).hashCode();
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
