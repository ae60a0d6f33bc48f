package dev.migratefirst.runner.repair;

import dev.migratefirst.migrations.MigrationFile;
import dev.migratefirst.migrations.MigrationsFolder;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Reporter;
import dev.migratefirst.runner.RunnerException;
import dev.migratefirst.runner.history.MigrationLock;
import dev.migratefirst.runner.history.SchemaHistoryTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The runner's guarded {@code repair}: what Flyway's repair does, limited to what cannot hide a real
 * change. It plans:
 * <ul>
 *   <li>deleting every row with {@code success = false} (on PostgreSQL only a migration that ran outside
 *       a transaction, e.g. {@code CREATE INDEX CONCURRENTLY}, leaves one; {@code migrate} deletes it
 *       itself unless it was stopped first), so that migration runs again;</li>
 *   <li>realigning the checksum of an applied versioned migration whose file changed in an allowed way
 *       only: the file's checksum with the spaces and tabs at every line end removed equals the
 *       checksum in the history (Flyway's checksum ignores line endings and blank lines already, see
 *       {@link FlywayChecksum}). Any other difference is reported and left: the runner cannot tell
 *       it from a real edit. Repeatable migrations are never realigned (a changed one is re-applied by
 *       {@code migrate}); a missing file is reported, its row kept.</li>
 * </ul>
 * A dry run only plans; {@link #apply} takes the runner lock and Flyway's migration lock (so no
 * migrate or undo runs meanwhile), re-plans and makes the changes in one transaction.
 */
public final class RepairEngine {
    private final SchemaHistoryTable history;
    private final List<MigrationsFolder> folders;
    private final Reporter reporter;

    /**
     * An engine for one history table.
     *
     * @param history the schema history table
     * @param folders the migrations folders (the files checksums are compared with)
     * @param reporter where skipped rows are reported
     */
    public RepairEngine(SchemaHistoryTable history, List<MigrationsFolder> folders, Reporter reporter) {
        this.history = Objects.requireNonNull(history, "history");
        this.folders = List.copyOf(folders);
        this.reporter = Objects.requireNonNull(reporter, "reporter");
    }

    /** What repair would change now; reports each row it leaves as it is (and why). */
    public List<RepairChange> plan(Connection c) throws SQLException {
        List<RepairChange> changes = new ArrayList<>();
        if (!history.exists(c)) {
            return changes;
        }
        Map<String, MigrationFile> files = new HashMap<>();
        for (MigrationsFolder f : folders) {
            for (MigrationFile file : f.files()) {
                files.putIfAbsent(file.fileName(), file);
            }
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT installed_rank, version, script, checksum, success, type FROM "
                     + history.quoted() + " ORDER BY installed_rank")) {
            while (rs.next()) {
                int rank = rs.getInt("installed_rank");
                String version = rs.getString("version");
                String script = rs.getString("script");
                Integer checksum = rs.getObject("checksum") == null ? null : rs.getInt("checksum");
                if (!rs.getBoolean("success")) {
                    changes.add(new RepairChange(RepairChange.Kind.DELETE_FAILED_ROW, rank, script, null, null));
                    continue;
                }
                if (version == null || checksum == null || !"SQL".equals(rs.getString("type"))) {
                    continue; // repeatable, baseline, schema marker: nothing to realign
                }
                MigrationFile file = files.get(script);
                if (file == null) {
                    reporter.warn("repair_missing_file", "left as is: " + script + " is applied but not in the "
                            + "migrations folder", Map.of("script", script));
                    continue;
                }
                String text = read(file);
                int now = FlywayChecksum.of(text);
                if (now == checksum) {
                    continue;
                }
                if (FlywayChecksum.withoutTrailingBlanks(text) == checksum) {
                    changes.add(new RepairChange(RepairChange.Kind.REALIGN_CHECKSUM, rank, script, checksum, now));
                } else {
                    reporter.warn("repair_edited_migration", "left as is: " + script + " was edited after it was "
                            + "applied (checksum " + checksum + " in the history, " + now + " now) beyond spaces or "
                            + "tabs added at line ends: revert the file and put the change in a new migration",
                            Map.of("script", script));
                }
            }
        }
        return changes;
    }

    /**
     * Makes the planned changes under the runner lock and Flyway's migration lock, in one transaction.
     *
     * @param lockConnection a connection of its own that holds the locks while {@code c} changes the history
     * @return the changes made (planned again under the locks)
     * @throws RunnerException {@link ExitCode#LOCK_RETRIES_EXHAUSTED} when another runner holds a lock
     *                         longer than {@code maxWait}
     */
    public List<RepairChange> apply(Connection lockConnection, Connection c, Duration maxWait,
                                    MigrationLock.Sleeper sleeper) throws SQLException {
        Runnable onWait = () -> reporter.info("runner_lock_wait", "waiting for the runner lock of "
                + history.qualified() + ": another runner is migrating or undoing",
                Map.of("lock_key", history.runnerLockKey()));
        lockConnection.setAutoCommit(true);
        try (MigrationLock runner = MigrationLock.runner(lockConnection, history, maxWait, sleeper, onWait);
             MigrationLock flyway = MigrationLock.flyway(lockConnection, history, maxWait, sleeper, onWait)) {
            c.setAutoCommit(false);
            try {
                List<RepairChange> changes = plan(c);
                for (RepairChange change : changes) {
                    String sql = change.kind() == RepairChange.Kind.DELETE_FAILED_ROW
                            ? "DELETE FROM " + history.quoted() + " WHERE installed_rank = ? AND NOT success"
                            : "UPDATE " + history.quoted() + " SET checksum = ? WHERE installed_rank = ? AND checksum = ?";
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        if (change.kind() == RepairChange.Kind.DELETE_FAILED_ROW) {
                            ps.setInt(1, change.installedRank());
                        } else {
                            ps.setInt(1, change.newChecksum());
                            ps.setInt(2, change.installedRank());
                            ps.setInt(3, change.oldChecksum());
                        }
                        if (ps.executeUpdate() != 1) {
                            throw new SQLException("the history row " + change.installedRank() + " changed meanwhile");
                        }
                    }
                }
                c.commit();
                return changes;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static String read(MigrationFile file) {
        try {
            return Files.readString(file.path(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw RunnerException.configuration("cannot read " + file.path() + ": " + e.getMessage());
        }
    }
}
