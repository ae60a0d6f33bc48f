package dev.migratefirst.safety.trace;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the catalog says about the user's schema at one moment, as seen by the session that runs the
 * migration (so it includes that session's uncommitted changes): relations with their storage
 * identifier (relfilenode), indexes, columns and constraints.
 */
public final class CatalogSnapshot {

    /** A table, partitioned table, view, materialized view, index or sequence. */
    public record Relation(long oid, String schema, String name, char kind, long filenode) {
        public String qualified() {
            return "public".equals(schema) ? name : schema + "." + name;
        }

        public boolean isIndex() {
            return kind == 'i' || kind == 'I';
        }

        public boolean isTable() {
            return kind == 'r' || kind == 'p' || kind == 'm';
        }
    }

    /** An index and the table it belongs to. */
    public record Index(long oid, long table, List<Integer> columns) {
    }

    /** A live column. */
    public record Column(long table, int num, String name, long typeOid, String type, boolean notNull,
                         boolean hasDefault, boolean identityOrGenerated) {
    }

    /** A constraint on a table. */
    public record Constraint(long oid, String name, char type, long table, boolean validated, List<Integer> columns,
                             long index, String definition) {
    }

    /** A constraint of a domain (a CHECK on every column of that type), and whether it is validated. */
    public record DomainConstraint(long oid, String name, long domain, String domainName, boolean validated) {
    }

    private static final String SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') "
            + "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

    private final Map<Long, Relation> relations;
    private final Map<Long, Index> indexes;
    private final Map<String, Column> columns;
    private final Map<Long, Constraint> constraints;
    private final Map<Long, DomainConstraint> domainConstraints;

    private CatalogSnapshot(Map<Long, Relation> relations, Map<Long, Index> indexes, Map<String, Column> columns,
                            Map<Long, Constraint> constraints, Map<Long, DomainConstraint> domainConstraints) {
        this.relations = relations;
        this.indexes = indexes;
        this.columns = columns;
        this.constraints = constraints;
        this.domainConstraints = domainConstraints;
    }

    /** Reads the catalog through {@code c} (inside its transaction, if one is open). */
    public static CatalogSnapshot capture(Connection c) throws SQLException {
        return capture(c, "", "");
    }

    private static final String RELATIONS = "SELECT c.oid, n.nspname, c.relname, c.relkind::text, c.relfilenode "
            + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + SCHEMAS
            + " AND c.relkind IN ('r', 'p', 'v', 'm', 'i', 'I', 'S')";
    private static final String INDEXES = "SELECT i.indexrelid, i.indrelid, i.indkey::text FROM pg_index i "
            + "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + SCHEMAS;
    private static final String COLUMNS = "SELECT a.attrelid, a.attnum, a.attname, a.atttypid, "
            + "format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef, "
            + "(a.attidentity <> '' OR a.attgenerated <> '') FROM pg_attribute a "
            + "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
            + SCHEMAS + " AND c.relkind IN ('r', 'p', 'm') AND a.attnum > 0 AND NOT a.attisdropped";
    private static final String CONSTRAINTS = "SELECT k.oid, k.conname, k.contype::text, k.conrelid, "
            + "k.convalidated, coalesce(array_to_string(k.conkey, ' '), ''), k.conindid, "
            + "pg_get_constraintdef(k.oid) FROM pg_constraint k "
            + "JOIN pg_namespace n ON n.oid = k.connamespace WHERE " + SCHEMAS + " AND k.conrelid <> 0";
    private static final String DOMAIN_CONSTRAINTS = "SELECT k.oid, k.conname, k.contypid, "
            + "format_type(k.contypid, NULL), k.convalidated FROM pg_constraint k JOIN pg_namespace n "
            + "ON n.oid = k.connamespace WHERE " + SCHEMAS + " AND k.contypid <> 0";

    /** Reads one row of a query sent along with the snapshot's own. */
    public interface Rows {
        void read(ResultSet rs) throws SQLException;
    }

    /**
     * Reads the catalog through {@code c} in one round trip: the five catalog queries sent together
     * (between {@code before} and {@code after}, statements without results such as a SAVEPOINT and its
     * rollback, each ending with {@code ;} or empty).
     */
    public static CatalogSnapshot capture(Connection c, String before, String after) throws SQLException {
        return capture(c, before, List.of(), List.of(), after);
    }

    /**
     * Like {@link #capture(Connection, String, String)}, with more queries in the same round trip, sent
     * before the catalog queries: {@code readers} read the rows of {@code queries}, in order.
     */
    public static CatalogSnapshot capture(Connection c, String before, List<String> queries, List<Rows> readers,
                                          String after) throws SQLException {
        Map<Long, Relation> relations = new HashMap<>();
        Map<Long, Index> indexes = new HashMap<>();
        Map<String, Column> columns = new HashMap<>();
        Map<Long, Constraint> constraints = new HashMap<>();
        Map<Long, DomainConstraint> domainConstraints = new HashMap<>();
        List<Rows> all = new java.util.ArrayList<>(readers);
        all.addAll(List.of(
                rs -> relations.put(rs.getLong(1), new Relation(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4).charAt(0), rs.getLong(5))),
                rs -> indexes.put(rs.getLong(1), new Index(rs.getLong(1), rs.getLong(2),
                        ints(rs.getString(3).trim().split(" ")))),
                rs -> {
                    Column col = new Column(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5), rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8));
                    columns.put(col.table() + ":" + col.num(), col);
                },
                rs -> {
                    String keys = rs.getString(6);
                    constraints.put(rs.getLong(1), new Constraint(rs.getLong(1), rs.getString(2),
                            rs.getString(3).charAt(0), rs.getLong(4), rs.getBoolean(5),
                            keys.isEmpty() ? List.of() : ints(keys.split(" ")), rs.getLong(7), rs.getString(8)));
                },
                rs -> domainConstraints.put(rs.getLong(1), new DomainConstraint(rs.getLong(1), rs.getString(2),
                        rs.getLong(3), rs.getString(4), rs.getBoolean(5)))));
        List<String> sent = new java.util.ArrayList<>(queries);
        sent.addAll(List.of(RELATIONS, INDEXES, COLUMNS, CONSTRAINTS, DOMAIN_CONSTRAINTS));
        String sql = before + String.join(";", sent) + ";" + after;
        try (Statement st = c.createStatement()) {
            boolean isResult = st.execute(sql);
            int next = 0;
            while (true) {
                if (isResult) {
                    try (ResultSet rs = st.getResultSet()) {
                        Rows reader = all.get(next++);
                        while (rs.next()) {
                            reader.read(rs);
                        }
                    }
                } else if (st.getUpdateCount() == -1) {
                    break;
                }
                isResult = st.getMoreResults();
            }
            if (next != all.size()) {
                throw new SQLException("catalog snapshot: expected " + all.size() + " results, got " + next);
            }
        }
        return new CatalogSnapshot(Map.copyOf(relations), Map.copyOf(indexes), Map.copyOf(columns),
                Map.copyOf(constraints), Map.copyOf(domainConstraints));
    }

    private static List<Integer> ints(String[] parts) {
        return Arrays.stream(parts).filter(p -> !p.isEmpty()).map(Integer::valueOf).toList();
    }

    public Map<Long, Relation> relations() {
        return relations;
    }

    public Map<Long, Index> indexes() {
        return indexes;
    }

    /** Columns keyed by {@code tableOid:attnum}. */
    public Map<String, Column> columns() {
        return columns;
    }

    public Map<Long, Constraint> constraints() {
        return constraints;
    }

    /** Constraints of domains, by constraint oid. */
    public Map<Long, DomainConstraint> domainConstraints() {
        return domainConstraints;
    }

    public boolean has(long oid) {
        return relations.containsKey(oid);
    }

    /** The relation's display name, or {@code oid <n>} when it is not (or no longer) there. */
    public String nameOf(long oid) {
        Relation r = relations.get(oid);
        return r == null ? "oid " + oid : r.qualified();
    }

    /** Name of column {@code num} of table {@code table}, or {@code #num}. */
    public String columnName(long table, int num) {
        Column c = columns.get(table + ":" + num);
        return c == null ? "#" + num : c.name();
    }
}
