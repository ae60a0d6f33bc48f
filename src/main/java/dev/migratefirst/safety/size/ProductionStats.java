package dev.migratefirst.safety.size;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The production statistics file of {@code check --stats}: per table, the planner's row and page counts
 * (pg_class {@code reltuples}, {@code relpages}), its TOAST pages and its indexes' pages. Made by
 * {@code runner stats}, or by {@link #query()} in psql (the same query, so the same file). Format
 * {@value #FORMAT} version {@value #VERSION}; a newer version is refused.
 *
 * @param serverVersion the production server's version
 * @param database      the database it was read from
 * @param blockSize     bytes per page ({@code block_size}, 8192 unless PostgreSQL was built otherwise)
 * @param tables        tables, partitioned tables and materialized views, by {@code schema.name}
 */
public record ProductionStats(String serverVersion, String database, int blockSize, Map<String, TableStats> tables) {
    /** The file's {@code format} field. */
    public static final String FORMAT = "migratefirst-stats";
    /** The file's {@code version}: the one this runner writes and the newest it reads. */
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public ProductionStats {
        Objects.requireNonNull(serverVersion, "serverVersion");
        Objects.requireNonNull(database, "database");
        tables = Map.copyOf(tables);
    }

    /**
     * One table's statistics.
     *
     * @param rows       {@code reltuples}: rows at the last VACUUM/ANALYZE; -1 when never analyzed
     * @param pages      {@code relpages}: heap pages at the last VACUUM/ANALYZE
     * @param toastPages pages of its TOAST table (long values stored out of line)
     * @param indexes    its indexes
     */
    public record TableStats(String schema, String name, String kind, long rows, long pages, long toastPages,
                             List<IndexStats> indexes) {
        public TableStats {
            indexes = List.copyOf(indexes);
        }

        /** {@code schema.name} (just the name in {@code public}). */
        public String qualified() {
            return "public".equals(schema) ? name : schema + "." + name;
        }

        /** True when the row count is known (analyzed, or no pages at all). */
        public boolean rowsKnown() {
            return rows >= 0 || pages == 0;
        }

        /** The row count, 0 for a table that has no pages and was never analyzed. */
        public long rowCount() {
            return Math.max(rows, 0);
        }
    }

    /** One index's size in pages. */
    public record IndexStats(String name, long pages) {
    }

    /** The statistics of {@code schema.name}, if production has that table. */
    public Optional<TableStats> table(String schema, String name) {
        return Optional.ofNullable(tables.get(schema + "." + name));
    }

    /**
     * The query that reads the statistics (one row, one column: the file's text). It reads pg_class
     * only, so it takes no lock on any table and runs in a read-only transaction on a replica.
     */
    public static String query() {
        try (InputStream in = ProductionStats.class.getResourceAsStream("stats.sql")) {
            if (in == null) {
                throw new IllegalStateException("stats.sql is missing from the runner jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stats.sql", e);
        }
    }

    /**
     * Runs {@link #query()} on {@code c} in a read-only transaction (rolled back) and returns the file's
     * text, ending with a newline as psql prints it.
     */
    public static String read(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET TRANSACTION READ ONLY");
            try (ResultSet rs = st.executeQuery(query())) {
                rs.next();
                return rs.getString(1) + "\n";
            }
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * Parses a statistics file.
     *
     * @throws IllegalArgumentException in one line, naming what is wrong (not JSON, another format, a
     *                                  newer version, a table without its counts)
     */
    public static ProductionStats parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage().replaceAll("\\s+", " ") + ")");
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException("not a statistics file: \"format\" is not \"" + FORMAT
                    + "\" (make it with runner stats, or the query in docs/safety.md)");
        }
        int version = root.path("version").asInt(-1);
        if (version < 1 || version > VERSION) {
            throw new IllegalArgumentException("statistics file version " + root.path("version")
                    + " is not supported (this runner reads version 1 to " + VERSION + ")");
        }
        int blockSize = root.path("blockSize").asInt(8192);
        Map<String, TableStats> tables = new LinkedHashMap<>();
        JsonNode list = root.path("tables");
        if (!list.isArray()) {
            throw new IllegalArgumentException("statistics file has no \"tables\" array");
        }
        for (JsonNode t : list) {
            String schema = t.path("schema").asText(null);
            String name = t.path("name").asText(null);
            if (schema == null || name == null || !t.path("rows").isNumber() || !t.path("pages").isNumber()) {
                throw new IllegalArgumentException("statistics file: table entry " + t
                        + " needs schema, name, rows and pages");
            }
            List<IndexStats> indexes = new ArrayList<>();
            for (JsonNode i : t.path("indexes")) {
                indexes.add(new IndexStats(i.path("name").asText(), i.path("pages").asLong()));
            }
            tables.put(schema + "." + name, new TableStats(schema, name, t.path("kind").asText("r"),
                    t.path("rows").asLong(), t.path("pages").asLong(), t.path("toastPages").asLong(0), indexes));
        }
        return new ProductionStats(root.path("serverVersion").asText(""), root.path("database").asText(""),
                blockSize, tables);
    }
}
