package dev.migratefirst.runner.migrate;

import dev.migratefirst.runner.Interruption;
import dev.migratefirst.runner.Reporter;
import dev.migratefirst.runner.history.MigrationLock;
import dev.migratefirst.runner.history.RunnerLocks;
import dev.migratefirst.runner.history.SchemaHistoryTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreMigrationType;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.executor.Context;
import org.flywaydb.core.api.executor.MigrationExecutor;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.info.MigrationInfoImpl;

/**
 * The runner's own apply loop for plain versioned SQL migrations: Flyway still parses each script and
 * runs its statements (its own {@link MigrationExecutor}, so statement splitting, placeholders, line
 * numbers and error messages are Flyway's), but the runner does the bookkeeping around them in two
 * round trips per migration instead of Flyway's eighteen: the statements, then the schema history row
 * inserted in the same transaction, then the COMMIT. Each migration stays its own transaction, so a
 * failure rolls back that migration and nothing before it, as with Flyway.
 *
 * <p>What Flyway does around each migration and this loop does too: it holds Flyway's migration lock
 * (the same advisory lock key, as a session lock, for the whole loop), runs every migration with the
 * schema history's schema first on the {@code search_path}, restores the session's role and
 * {@code search_path} after a migration that changed them (and the runner's {@code lock_timeout}),
 * and writes the row Flyway writes ({@code installed_rank} = max + 1, version, description, type
 * {@code SQL}, script, Flyway's checksum, installed_by, execution_time in ms, success).
 *
 * <p>What it leaves to Flyway (the caller's next {@code flyway.migrate()} applies it): anything that is
 * not a versioned SQL migration that can run in a transaction (repeatable, Java, a script with a
 * statement that cannot run in a transaction such as {@code CREATE INDEX CONCURRENTLY}, a
 * {@code shouldExecute} script), and everything after it.
 *
 * <p>This class and {@link MigrateFailure} are where the runner touches Flyway internals
 * ({@code MigrationInfoImpl#getResolvedMigration()} for the executor, {@code FlywayMigrateException} to
 * report a failure exactly as Flyway's own migrate does). Should a Flyway upgrade move them,
 * {@link #supports(Configuration)} returns false and Flyway applies everything, as before.
 */
final class DirectApply {
    /** Flyway's column widths: longer values go to Flyway, which abbreviates them its own way. */
    private static final int MAX_DESCRIPTION = 200;
    private static final int MAX_SCRIPT = 1000;

    private final Flyway flyway;
    private final Duration advisoryLockWait;
    private final Interruption interruption;
    private final Reporter reporter;
    private final ProgressCallback progress;

    DirectApply(Flyway flyway, Duration advisoryLockWait, Interruption interruption, Reporter reporter,
                ProgressCallback progress) {
        this.flyway = Objects.requireNonNull(flyway, "flyway");
        this.advisoryLockWait = advisoryLockWait;
        this.interruption = interruption;
        this.reporter = reporter;
        this.progress = progress;
    }

    /**
     * Whether the configuration leaves the order and the set of pending migrations to Flyway's plain
     * rules: no {@code target} or {@code cherryPick}, no out-of-order, only filesystem locations (a
     * classpath location may hold SQL callbacks, which only Flyway runs), no callback but the runner's.
     */
    static boolean supports(Configuration conf) {
        try {
            Class.forName("org.flywaydb.core.internal.info.MigrationInfoImpl");
            Class.forName("org.flywaydb.core.internal.exception.FlywayMigrateException");
        } catch (ClassNotFoundException e) {
            return false;
        }
        if (conf.getTarget() != null && !MigrationVersion.LATEST.equals(conf.getTarget())) {
            return false;
        }
        if (conf.getCherryPick() != null && conf.getCherryPick().length > 0) {
            return false;
        }
        if (conf.isOutOfOrder() || conf.isSkipExecutingMigrations() || conf.isBatch()) {
            return false;
        }
        for (Location l : conf.getLocations()) {
            if (!l.isFileSystem()) {
                return false;
            }
        }
        for (var callback : conf.getCallbacks()) {
            if (!(callback instanceof ProgressCallback)) {
                return false;
            }
        }
        return true;
    }

    /** Whether this loop can apply {@code m}: a pending versioned SQL migration that runs in a transaction. */
    static boolean canApply(MigrationInfo m) {
        if (!(m instanceof MigrationInfoImpl impl) || m.getState() != MigrationState.PENDING || !m.isVersioned()
                || !CoreMigrationType.SQL.equals(m.getType()) || m.getChecksum() == null) {
            return false;
        }
        if (m.getDescription() == null || m.getDescription().length() > MAX_DESCRIPTION
                || m.getScript() == null || m.getScript().length() > MAX_SCRIPT) {
            return false;
        }
        if (impl.getResolvedMigration() == null) {
            return false;
        }
        MigrationExecutor executor = impl.getResolvedMigration().getExecutor();
        return executor != null && executor.canExecuteInTransaction() && executor.shouldExecute();
    }

    /**
     * Applies {@code migrations} in order (each one {@link #canApply applicable}) on {@code c}, each in
     * its own transaction, holding Flyway's migration lock. It starts only when the schema history's
     * latest row is the successful {@code after} (the migration Flyway has just applied): otherwise
     * something else changed the history meanwhile, and nothing is applied here (Flyway then decides).
     *
     * @param onApplied called after each commit (with the number applied so far)
     * @return the migrations applied (a prefix of {@code migrations})
     * @throws FlywayMigrateException a migration failed: its transaction rolled back (the same exception
     *                                Flyway's migrate throws, with the line of the failing statement)
     */
    List<MigrationInfo> apply(Connection c, MigrationVersion after, List<MigrationInfo> migrations,
                              java.util.function.IntConsumer onApplied) throws SQLException {
        if (migrations.isEmpty()) {
            return List.of();
        }
        Configuration conf = flyway.getConfiguration();
        c.setAutoCommit(true);
        Optional<String> historySchema = RunnerLocks.historySchema(conf);
        SchemaHistoryTable history = SchemaHistoryTable.resolve(c, historySchema, Optional.of(conf.getTable()));
        try (MigrationLock lock = MigrationLock.flyway(c, history, advisoryLockWait, interruption::sleep,
                () -> reporter.info("runner_lock_wait", "waiting for Flyway's migration lock of " + history.qualified()
                        + ": " + MigrationLock.holder(c, history.flywayLockKey()) + " holds it",
                        Map.of("lock_key", history.flywayLockKey())))) {
            if (!latestIs(c, history, after)) {
                return List.of();
            }
            Session session = Session.open(c, historySchema);
            String insert = "INSERT INTO " + history.quoted() + " (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success) SELECT coalesce(max(installed_rank), 0) + 1,"
                    + " ?, ?, 'SQL', ?, ?, ?, ?, true FROM " + history.quoted()
                    + " RETURNING current_setting('search_path'), current_user::text, current_setting('lock_timeout')";
            String installedBy = conf.getInstalledBy() != null && !conf.getInstalledBy().isBlank()
                    ? conf.getInstalledBy() : session.user;
            Context context = new Context() {
                @Override
                public Configuration getConfiguration() {
                    return conf;
                }

                @Override
                public Connection getConnection() {
                    return c;
                }
            };
            List<MigrationInfo> applied = new java.util.ArrayList<>();
            c.setAutoCommit(false);
            try (PreparedStatement row = c.prepareStatement(insert)) {
                for (MigrationInfo m : migrations) {
                    interruption.check();
                    progress.before(m);
                    long started = System.nanoTime();
                    boolean dirty;
                    try {
                        ((MigrationInfoImpl) m).getResolvedMigration().getExecutor().execute(context);
                        int ms = (int) ((System.nanoTime() - started) / 1_000_000);
                        row.setString(1, m.getVersion().getVersion());
                        row.setString(2, m.getDescription());
                        row.setString(3, m.getScript());
                        row.setInt(4, m.getChecksum());
                        row.setString(5, installedBy);
                        row.setInt(6, ms);
                        try (ResultSet rs = row.executeQuery()) {
                            rs.next();
                            dirty = !session.matches(rs.getString(1), rs.getString(2), rs.getString(3));
                        }
                        c.commit();
                        progress.after(m, ms);
                    } catch (FlywayException | SQLException e) {
                        rollbackQuietly(c);
                        progress.failed(m);
                        MigrateResult result = new MigrateResult();
                        throw e instanceof FlywayException fe ? new FlywayMigrateException(m, false, fe, true, result)
                                : new FlywayMigrateException(m, false, (SQLException) e, true, result);
                    }
                    applied.add(m);
                    onApplied.accept(applied.size());
                    if (dirty) {
                        session.restore(c);
                    }
                }
            } finally {
                if (!c.isClosed()) {
                    rollbackQuietly(c);
                    c.setAutoCommit(true);
                }
            }
            return applied;
        }
    }


    /** Whether the history's latest row is the successful migration {@code version}. */
    private static boolean latestIs(Connection c, SchemaHistoryTable history, MigrationVersion version)
            throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, success FROM " + history.quoted()
                     + " ORDER BY installed_rank DESC LIMIT 1")) {
            return rs.next() && version.getVersion().equals(rs.getString(1)) && rs.getBoolean(2);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            if (!c.isClosed() && !c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            // the connection is gone: the server rolled the transaction back
        }
    }

    /**
     * The session state every migration starts from (Flyway's: the history schema first on the
     * {@code search_path}, the login's role; the runner's {@code lock_timeout}), and its restore.
     */
    private record Session(String searchPath, String user, String lockTimeout) {
        static Session open(Connection c, Optional<String> schema) throws SQLException {
            if (schema.isPresent()) {
                // as Flyway does for its default schema: "schema",<original search_path> unless already first
                try (PreparedStatement ps = c.prepareStatement("SELECT set_config('search_path', ? || ',' "
                        + "|| current_setting('search_path'), false) WHERE current_schema() IS DISTINCT FROM ?")) {
                    ps.setString(1, "\"" + schema.get().replace("\"", "\"\"") + "\"");
                    ps.setString(2, schema.get());
                    ps.execute();
                }
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_setting('search_path'), current_user::text, "
                         + "current_setting('lock_timeout')")) {
                rs.next();
                return new Session(rs.getString(1), rs.getString(2), rs.getString(3));
            }
        }

        boolean matches(String path, String role, String timeout) {
            return searchPath.equals(path) && user.equals(role) && lockTimeout.equals(timeout);
        }

        /** After a migration that ran SET ROLE, SET search_path or SET lock_timeout: back to the start. */
        void restore(Connection c) throws SQLException {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("RESET ROLE");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT set_config('search_path', ?, false), set_config('lock_timeout', ?, false)")) {
                ps.setString(1, searchPath);
                ps.setString(2, lockTimeout);
                ps.execute();
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }
}
