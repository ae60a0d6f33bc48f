package dev.migratefirst.runner.backfill;

import dev.migratefirst.runner.history.SchemaHistoryTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The checkpoint table {@code migratefirst_backfill}, next to Flyway's schema history (same schema): one row
 * per backfill, keyed by its version, updated in the same transaction as each batch.
 */
public final class Checkpoints {
    /** The table's name. */
    public static final String TABLE = "migratefirst_backfill";

    private final String schema;

    /** The checkpoint table in the schema of {@code history}. */
    public Checkpoints(SchemaHistoryTable history) {
        this.schema = Objects.requireNonNull(history, "history").schema();
    }

    /** {@code "schema"."migratefirst_backfill"}. */
    public String quoted() {
        return "\"" + schema.replace("\"", "\"\"") + "\"." + TABLE;
    }

    /** {@code schema.migratefirst_backfill}, for messages. */
    public String qualified() {
        return schema + "." + TABLE;
    }

    /** Creates the table when it does not exist (its own statement, autocommit). */
    public void create(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + quoted() + " ("
                    + "version text PRIMARY KEY, script text NOT NULL, checksum text NOT NULL, "
                    + "range_min bigint NOT NULL, range_max bigint NOT NULL, next_from bigint NOT NULL, "
                    + "rows_done bigint NOT NULL DEFAULT 0, rows_estimated bigint NOT NULL, "
                    + "batches bigint NOT NULL DEFAULT 0, batch_size bigint NOT NULL, state text NOT NULL, "
                    + "started_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), "
                    + "finished_at timestamptz)");
        }
    }

    /** Whether the table exists. */
    public boolean exists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, quoted());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Every row, by version; empty when the table does not exist. */
    public Map<String, BackfillState> all(Connection c) throws SQLException {
        Map<String, BackfillState> out = new LinkedHashMap<>();
        if (!exists(c)) {
            return out;
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + quoted())) {
            while (rs.next()) {
                BackfillState s = state(rs);
                out.put(s.version(), s);
            }
        }
        return out;
    }

    /**
     * The row of {@code version}; with {@code forUpdate} it is locked until the transaction ends (each batch
     * reads its range this way, so two sessions can never run the same range).
     */
    public Optional<BackfillState> read(Connection c, String version, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + quoted() + " WHERE version = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(state(rs)) : Optional.empty();
            }
        }
    }

    /** Inserts the row of a backfill that starts now (no-op when another runner inserted it first). */
    void start(Connection c, BackfillScript script, long min, long max, long estimated, long batchSize)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + quoted() + " (version, script, checksum, "
                + "range_min, range_max, next_from, rows_estimated, batch_size, state) VALUES (?,?,?,?,?,?,?,?,?) "
                + "ON CONFLICT (version) DO NOTHING")) {
            ps.setString(1, script.version().toString());
            ps.setString(2, script.file().fileName());
            ps.setString(3, script.checksum());
            ps.setLong(4, min);
            ps.setLong(5, max);
            ps.setLong(6, min);
            ps.setLong(7, estimated);
            ps.setLong(8, batchSize);
            ps.setString(9, BackfillState.RUNNING);
            ps.executeUpdate();
        }
    }

    /** Records one batch: the next key, the rows it changed, its size (in the batch's transaction). */
    void advance(Connection c, String version, long nextFrom, long rows, long batchSize) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + quoted() + " SET next_from = ?, "
                + "rows_done = rows_done + ?, batches = batches + 1, batch_size = ?, updated_at = now() "
                + "WHERE version = ?")) {
            ps.setLong(1, nextFrom);
            ps.setLong(2, rows);
            ps.setLong(3, batchSize);
            ps.setString(4, version);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("the checkpoint row of backfill " + version + " disappeared");
            }
        }
    }

    /** Marks a backfill done. */
    void finish(Connection c, String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + quoted() + " SET state = ?, "
                + "finished_at = now(), updated_at = now() WHERE version = ?")) {
            ps.setString(1, BackfillState.DONE);
            ps.setString(2, version);
            ps.executeUpdate();
        }
    }

    private static BackfillState state(ResultSet rs) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new BackfillState(rs.getString("version"), rs.getString("script"), rs.getString("checksum"),
                rs.getLong("range_min"), rs.getLong("range_max"), rs.getLong("next_from"), rs.getLong("rows_done"),
                rs.getLong("rows_estimated"), rs.getLong("batches"), rs.getLong("batch_size"), rs.getString("state"),
                rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                Optional.ofNullable(finished).map(Timestamp::toInstant));
    }
}
