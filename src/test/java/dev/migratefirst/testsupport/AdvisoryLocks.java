package dev.migratefirst.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Waiting, in a test, for a runner to hold its advisory lock. */
public final class AdvisoryLocks {
    private AdvisoryLocks() {
    }

    /**
     * Polls until some session holds a granted advisory lock in the database {@code connection} is on
     * (the first runner's lock), failing the test after {@code timeout}.
     */
    public static void awaitGranted(Connection connection, Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Statement s = connection.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                        + " AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the first runner never took its lock");
    }
}
