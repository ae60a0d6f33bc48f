package dev.migratefirst.runner.undo;

import dev.migratefirst.runner.ExitCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/**
 * Flyway's migration lock on a schema history table, held as a PostgreSQL session advisory lock by
 * the undo connection. It is the key Flyway's {@code migrate} locks (see
 * {@link SchemaHistoryTable#flywayLockKey()}), so an undo and a migrate of the same history table
 * never interleave, whichever of Flyway's lock modes the migrate uses. A session lock (not a
 * transaction lock) stays held across the undo's per-version transactions. Closing releases it.
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

    /**
     * Takes the lock, polling with {@code pg_try_advisory_lock} (so the session's
     * {@code lock_timeout} does not cut a wait for a long migration short) with backoff until
     * {@code maxWait} has passed.
     *
     * @throws UndoException {@link ExitCode#LOCK_RETRIES_EXHAUSTED} when another session still holds
     *                       it after {@code maxWait}
     */
    public static MigrationLock acquire(Connection connection, SchemaHistoryTable history, Duration maxWait,
                                        UndoEngine.Sleeper sleeper, Runnable onWait) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        long key = history.flywayLockKey();
        long deadline = System.nanoTime() + maxWait.toNanos();
        Duration pause = FIRST_PAUSE;
        boolean waited = false;
        while (true) {
            if (tryLock(connection, key)) {
                return new MigrationLock(connection, key);
            }
            if (System.nanoTime() >= deadline) {
                throw new UndoException(ExitCode.LOCK_RETRIES_EXHAUSTED, "another runner still holds the migration "
                        + "lock of " + history.qualified() + " (advisory lock " + key + ") after "
                        + maxWait.toSeconds() + " s; nothing was changed");
            }
            if (!waited) {
                onWait.run();
                waited = true;
            }
            sleeper.sleep(pause);
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
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

    /** The advisory lock key. */
    public long key() {
        return key;
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
