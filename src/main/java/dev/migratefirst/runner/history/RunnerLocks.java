package dev.migratefirst.runner.history;

import dev.migratefirst.runner.Interruption;
import dev.migratefirst.runner.Reporter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * The runner lock that {@code migrate} and {@code undo} hold for their whole run (see
 * {@link MigrationLock}), on the schema history table Flyway is configured with.
 */
public final class RunnerLocks {
    private RunnerLocks() {
    }

    /**
     * Takes the runner lock for a {@code migrate} on {@code connection} (a connection of its own, kept
     * open until the lock is closed), waiting up to {@code maxWait} ({@code --advisory-lock-wait}), each wait
     * cut short by a stop request, and saying so on {@code reporter} when another runner holds it.
     */
    public static MigrationLock forMigrate(Flyway flyway, Connection connection, Duration maxWait,
                                           Interruption interruption, Reporter reporter) throws SQLException {
        Configuration conf = flyway.getConfiguration();
        connection.setAutoCommit(true);
        SchemaHistoryTable history = SchemaHistoryTable.resolve(connection, historySchema(conf),
                Optional.of(conf.getTable()));
        MigrationLock runner = MigrationLock.runner(connection, history, maxWait,
                interruption::sleep, () -> reporter.info("runner_lock_wait",
                        "waiting for the runner lock of " + history.qualified() + ": another runner is migrating or"
                                + " undoing", Map.of("lock_key", history.runnerLockKey())));
        // a runner that was stopped while its migration ran: its idle lock session ended (and the runner
        // lock with it), but the session running the statement holds Flyway's lock until the statement
        // ends; Flyway would wait for it silently, so wait here, and say for whom
        try {
            MigrationLock.flyway(connection, history, maxWait, interruption::sleep, () -> reporter.info(
                    "runner_lock_wait", "waiting for the runner lock of " + history.qualified() + ": "
                            + MigrationLock.holder(connection, history.flywayLockKey()) + " still holds Flyway's "
                            + "migration lock (a stopped runner's statement may still be running; it is released "
                            + "when that statement ends)", Map.of("lock_key", history.flywayLockKey()))).close();
        } catch (SQLException | RuntimeException e) {
            runner.close();
            throw e;
        }
        return runner;
    }

    /** The schema Flyway keeps its history in: the configured default schema, the first schema, or none. */
    public static Optional<String> historySchema(Configuration flyway) {
        if (flyway.getDefaultSchema() != null) {
            return Optional.of(flyway.getDefaultSchema());
        }
        String[] schemas = flyway.getSchemas();
        return schemas.length == 0 ? Optional.empty() : Optional.of(schemas[0]);
    }
}
