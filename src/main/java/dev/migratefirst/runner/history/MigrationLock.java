package dev.migratefirst.runner.history;

import dev.migratefirst.runner.Backoff;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.RunnerException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/**
 * A PostgreSQL session advisory lock on a schema history table, held by one connection until
 * closed. Two keys exist per history table:
 * <ul>
 *   <li>{@link #flyway Flyway's own key} ({@link SchemaHistoryTable#flywayLockKey()}): the lock
 *       Flyway takes around each migration, in either of its lock modes. Holding it means no Flyway
 *       (the runner's or any other) applies a migration meanwhile.</li>
 *   <li>{@link #runner the runner's key} ({@link SchemaHistoryTable#runnerLockKey()}): held by
 *       {@code runner migrate} and {@code runner undo} for their whole run. Flyway's lock alone is not
 *       enough: Flyway reads the schema history before it takes its lock and only ever re-reads
 *       newer rows, so a migrate that started before an undo committed would not see the deleted row
 *       and could apply the next migration on top of the reverted one.</li>
 * </ul>
 * Undo takes the runner's key, then Flyway's; migrate takes the runner's key, then Flyway takes its
 * own: the same order, so they cannot deadlock. A session lock (not a transaction lock) stays held
 * across the undo's per-version transactions.
 */
public final class MigrationLock implements AutoCloseable {
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(2);

    private final Connection connection;
    private final long key;
    private boolean held;

    private MigrationLock(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
        this.held = true;
    }

    /** Waits between attempts to take the lock (the runner's wakes up on SIGTERM). */
    @FunctionalInterface
    public interface Sleeper {
        /** Waits {@code duration}, or less when the run is stopped. */
        void sleep(Duration duration);
    }

    /** Takes Flyway's own migration lock of the history table (see {@link #acquire}). */
    public static MigrationLock flyway(Connection connection, SchemaHistoryTable history, Duration maxWait,
                                       Sleeper sleeper, Runnable onWait) throws SQLException {
        return acquire(connection, history, history.flywayLockKey(), "migration lock", maxWait, sleeper, onWait);
    }

    /** Takes the runner's lock of the history table, held for a whole migrate or undo (see {@link #acquire}). */
    public static MigrationLock runner(Connection connection, SchemaHistoryTable history, Duration maxWait,
                                       Sleeper sleeper, Runnable onWait) throws SQLException {
        return acquire(connection, history, history.runnerLockKey(), "runner lock", maxWait, sleeper, onWait);
    }

    /**
     * Takes the lock of one backfill ({@code key}, see {@code runner.backfill}), held while a runner works
     * on it so two runners never run its batches at once (see {@link #acquire}).
     */
    public static MigrationLock backfill(Connection connection, SchemaHistoryTable history, long key, String what,
                                         Duration maxWait, Sleeper sleeper, Runnable onWait) throws SQLException {
        return acquire(connection, history, key, what, maxWait, sleeper, onWait);
    }

    /**
     * Takes a lock, polling with {@code pg_try_advisory_lock} (so the session's
     * {@code lock_timeout} does not cut a wait for a long migration short) with the runner's
     * {@link Backoff} (100 ms doubling to 2 s, with jitter) until
     * {@code maxWait} has passed.
     *
     * @throws RunnerException {@link ExitCode#LOCK_RETRIES_EXHAUSTED} when another session still holds
     *                       it after {@code maxWait}
     */
    static MigrationLock acquire(Connection connection, SchemaHistoryTable history, long key, String what,
                                 Duration maxWait, Sleeper sleeper, Runnable onWait) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        long deadline = System.nanoTime() + maxWait.toNanos();
        Backoff backoff = new Backoff(FIRST_PAUSE, MAX_PAUSE);
        for (int attempt = 0; ; attempt++) {
            if (tryLock(connection, key)) {
                return new MigrationLock(connection, key);
            }
            if (System.nanoTime() >= deadline) {
                throw new RunnerException(ExitCode.LOCK_RETRIES_EXHAUSTED, "another runner still holds the " + what
                        + " of " + history.qualified() + " (advisory lock " + key + ") after "
                        + maxWait.toSeconds() + " s (--advisory-lock-wait); nothing was changed");
            }
            if (attempt == 0) {
                onWait.run();
            }
            sleeper.sleep(backoff.delay(attempt));
        }
    }

    /**
     * Who holds the advisory lock {@code key}, for a wait message: {@code session pid 123
     * (application_name migratefirst-runner, active for 42 s)}; {@code another session} when that
     * cannot be read.
     */
    public static String holder(Connection connection, long key) {
        String sql = "SELECT a.pid, a.application_name, a.state, extract(epoch FROM now() - a.state_change)::bigint "
                + "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' "
                + "AND l.granted AND l.objsubid = 1 AND l.classid::bigint = ? AND l.objid::bigint = ? "
                + "AND l.pid <> pg_backend_pid() LIMIT 1";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xFFFFFFFFL);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    // state is null when the role may not see another role's session details
                    String state = rs.getString(3) == null ? "" : ", " + rs.getString(3) + " for " + rs.getLong(4) + " s";
                    String app = rs.getString(2) == null ? "" : "application_name " + rs.getString(2);
                    String details = app + state;
                    return "session pid " + rs.getInt(1) + (details.isEmpty() ? "" : " ("
                            + details.replaceFirst("^, ", "") + ")");
                }
            }
        } catch (SQLException e) {
            // not allowed to read pg_stat_activity, or the session just ended
        }
        return "another session";
    }

    private static boolean tryLock(Connection connection, long key) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        if (!held) {
            return;
        }
        held = false;
        if (connection.isClosed()) {
            return; // the session ended, and its advisory locks with it
        }
        if (!connection.getAutoCommit()) {
            connection.rollback();
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
        }
    }
}
