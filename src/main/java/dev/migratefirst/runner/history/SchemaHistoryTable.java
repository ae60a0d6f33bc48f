package dev.migratefirst.runner.history;

import dev.migratefirst.migrations.MigrationVersion;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.RunnerException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Flyway's schema history table ({@code flyway_schema_history} in the default schema unless
 * configured otherwise), and the key of the PostgreSQL advisory lock Flyway takes on it.
 *
 * @param schema the schema the table lives in (Flyway's default schema: the first of
 *               {@code schemas}, else the connection's {@code current_schema()})
 * @param table  the table name ({@code flyway_schema_history} unless configured)
 */
public record SchemaHistoryTable(String schema, String table) {
    /** Flyway's default history table name. */
    public static final String DEFAULT_TABLE = "flyway_schema_history";

    /**
     * Flyway's {@code PostgreSQLAdvisoryLockTemplate.LOCK_MAGIC_NUM}: "Flyway" in ASCII,
     * {@code 0x466C79776179}.
     */
    static final long FLYWAY_LOCK_MAGIC_NUM = 77431708279161L;

    /** The base of {@link #runnerLockKey()}: "MigFir" in ASCII. */
    static final long RUNNER_LOCK_MAGIC_NUM = 0x4D6967466972L;

    public SchemaHistoryTable {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        if (schema.isEmpty() || table.isEmpty()) {
            throw new IllegalArgumentException("schema history schema and table must not be empty");
        }
    }

    /**
     * The history table in {@code schema} (or, when empty, the connection's current schema, which is
     * where Flyway puts it when no schema is configured).
     */
    public static SchemaHistoryTable resolve(Connection connection, Optional<String> schema, Optional<String> table)
            throws SQLException {
        String s = schema.orElse(null);
        if (s == null) {
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT current_schema()")) {
                rs.next();
                s = rs.getString(1);
            }
            if (s == null) {
                throw new RunnerException(ExitCode.CONFIGURATION_ERROR,
                        "no current schema (search_path is empty): configure the schema history schema");
            }
        }
        return new SchemaHistoryTable(s, table.orElse(DEFAULT_TABLE));
    }

    /** {@code "schema"."table"}, quoted as PostgreSQL (and Flyway) quote identifiers. */
    public String quoted() {
        return quote(schema) + "." + quote(table);
    }

    /** {@code schema.table}, for messages and snapshot exclusions. */
    public String qualified() {
        return schema + "." + table;
    }

    /**
     * The advisory lock key Flyway 13's PostgreSQL support locks while it migrates:
     * {@code LOCK_MAGIC_NUM + table.toString().hashCode()}, where the table's string form is
     * {@code "schema"."table"} ({@code PostgreSQLConnection.lock} and
     * {@code PostgreSQLAdvisoryLockTemplate}). Flyway takes it with {@code pg_try_advisory_xact_lock}
     * (its default) or {@code pg_try_advisory_lock} (with {@code postgresql.transactional.lock=false});
     * either conflicts with a session lock on the same key.
     */
    public long flywayLockKey() {
        return FLYWAY_LOCK_MAGIC_NUM + (long) quoted().hashCode();
    }

    /**
     * The key of the runner's own lock on this history table, held for a whole {@code migrate} or
     * {@code undo} (see {@link MigrationLock}): {@code 0x4D6967466972} ("MigFir") plus the same hash,
     * so it never equals a Flyway key (those lie within 2^31 of {@code 0x466C79776179}).
     */
    public long runnerLockKey() {
        return RUNNER_LOCK_MAGIC_NUM + (long) quoted().hashCode();
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /**
     * Puts the history table's schema first on the {@code search_path} for the rest of the current
     * transaction, as Flyway does for its default schema while it migrates (it sets
     * {@code "schema",<original search_path>} unless the path already starts with it), so an undo
     * script resolves unqualified names like its migration did.
     */
    public void useAsDefaultSchema(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT set_config('search_path', ? || ',' || current_setting('search_path'), true)"
                        + " WHERE current_schema() IS DISTINCT FROM ?")) {
            ps.setString(1, quote(schema));
            ps.setString(2, schema);
            ps.execute();
        }
    }

    /** Whether the table exists. */
    public boolean exists(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, quoted());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Every row, in {@code installed_rank} order; empty when the table does not exist. */
    public List<AppliedMigration> rows(Connection connection) throws SQLException {
        List<AppliedMigration> rows = new ArrayList<>();
        if (!exists(connection)) {
            return rows;
        }
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT installed_rank, version, description, type, script, success FROM "
                     + quoted() + " ORDER BY installed_rank")) {
            while (rs.next()) {
                String v = rs.getString("version");
                rows.add(new AppliedMigration(rs.getInt("installed_rank"),
                        v == null || v.isEmpty() ? Optional.empty() : Optional.of(MigrationVersion.parse(v)),
                        Objects.toString(rs.getString("description"), ""), rs.getString("type"),
                        Objects.toString(rs.getString("script"), ""), rs.getBoolean("success")));
            }
        }
        return rows;
    }

    /**
     * Deletes the failed row(s) of {@code version} (Flyway's text of it), as {@code migrate} does after
     * a non-transactional migration failed, so it can run again; nothing when the table does not exist.
     *
     * @return the number of rows deleted
     */
    public int deleteFailed(Connection connection, String version) throws SQLException {
        if (!exists(connection)) {
            return 0;
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "DELETE FROM " + quoted() + " WHERE NOT success AND version = ?")) {
            ps.setString(1, version);
            return ps.executeUpdate();
        }
    }

    /**
     * Deletes one row (by {@code installed_rank}) in the connection's current transaction.
     *
     * @throws SQLException when the row is gone (another session changed the history)
     */
    public void delete(Connection connection, AppliedMigration row) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "DELETE FROM " + quoted() + " WHERE installed_rank = ? AND version = ?")) {
            ps.setInt(1, row.installedRank());
            ps.setString(2, row.version().map(MigrationVersion::toString).orElse(""));
            int n = ps.executeUpdate();
            if (n != 1) {
                throw new SQLException("schema history row " + row.installedRank() + " of " + row.label()
                        + " was not found in " + qualified() + " (changed concurrently?)");
            }
        }
    }

}
