package dev.migratefirst.runner.undo.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The schema of a PostgreSQL database as its catalog describes it: schemas, extensions, tables,
 * columns with types, defaults, identity and generation, constraints, indexes, sequences (their
 * parameters, not their current value), views and materialized views, functions and procedures,
 * triggers and event triggers, types (enum values in order, domains, composite and range types) and
 * row-level security policies. Objects that belong to an extension are left out (the extension
 * itself is compared). Column order is not compared: PostgreSQL cannot put a re-added column back
 * at its old position, so an undo of a {@code DROP COLUMN} could never match otherwise.
 *
 * <p>Two snapshots are compared with {@link #differencesFrom(SchemaSnapshot)}; equal snapshots
 * have no differences.
 */
public final class SchemaSnapshot {
    private static final String USER_SCHEMA =
            "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'";

    private final SortedMap<String, SchemaObject> objects;

    private SchemaSnapshot(SortedMap<String, SchemaObject> objects) {
        this.objects = Collections.unmodifiableSortedMap(objects);
    }

    /** A snapshot of exactly these objects (for tests and tools that build one). */
    public static SchemaSnapshot of(Collection<SchemaObject> objects) {
        SortedMap<String, SchemaObject> map = new TreeMap<>();
        for (SchemaObject o : objects) {
            if (map.put(o.key(), o) != null) {
                throw new IllegalArgumentException("duplicate schema object " + o.describe());
            }
        }
        return new SchemaSnapshot(map);
    }

    /**
     * Reads a snapshot of every user schema (all schemas but the system ones), leaving out the given
     * tables and everything on them.
     *
     * @param connection    an open connection; only read, never written
     * @param excludeTables tables to leave out, as {@code schema.table} (e.g. Flyway's
     *                      {@code public.flyway_schema_history})
     * @throws SQLException when the catalog cannot be read
     */
    public static SchemaSnapshot take(Connection connection, Set<String> excludeTables) throws SQLException {
        return take(connection, Set.of(), excludeTables);
    }

    /**
     * Reads a snapshot of the given schemas (every user schema when empty), leaving out the given
     * tables and everything on them.
     */
    public static SchemaSnapshot take(Connection connection, Set<String> schemas, Set<String> excludeTables)
            throws SQLException {
        Objects.requireNonNull(connection, "connection");
        Reader r = new Reader(connection, Set.copyOf(schemas));
        r.read();
        Set<String> excluded = new TreeSet<>();
        for (String t : excludeTables) {
            excluded.add(displayName(t));
        }
        List<SchemaObject> kept = new ArrayList<>();
        for (SchemaObject o : r.found) {
            boolean isExcludedTable = o.kind() == SchemaObject.Kind.TABLE && excluded.contains(o.name());
            boolean onExcludedTable = o.relation().map(excluded::contains).orElse(false);
            if (!isExcludedTable && !onExcludedTable) {
                kept.add(o);
            }
        }
        return of(kept);
    }

    /** The objects, by key. */
    public Map<String, SchemaObject> objects() {
        return objects;
    }

    /** The object with this display description (e.g. {@code index users_email_idx on users}), if present. */
    public Optional<SchemaObject> find(SchemaObject.Kind kind, String name) {
        return objects.values().stream().filter(o -> o.kind() == kind && o.name().equals(name)).findFirst();
    }

    /**
     * How {@code this} (the actual schema) differs from {@code expected}: objects only in one of
     * them, and objects whose definitions differ, in a stable order (by kind, then name).
     */
    public List<SchemaDifference> differencesFrom(SchemaSnapshot expected) {
        List<SchemaDifference> out = new ArrayList<>();
        Set<String> keys = new TreeSet<>(expected.objects.keySet());
        keys.addAll(objects.keySet());
        for (String k : keys) {
            SchemaObject want = expected.objects.get(k);
            SchemaObject got = objects.get(k);
            if (want == null || got == null || !want.definition().equals(got.definition())) {
                out.add(new SchemaDifference(Optional.ofNullable(want), Optional.ofNullable(got)));
            }
        }
        out.sort((a, b) -> {
            int c = a.object().kind().compareTo(b.object().kind());
            return c != 0 ? c : a.object().key().compareTo(b.object().key());
        });
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SchemaSnapshot s && s.objects.equals(objects);
    }

    @Override
    public int hashCode() {
        return objects.hashCode();
    }

    @Override
    public String toString() {
        return "SchemaSnapshot" + objects.keySet();
    }

    /** {@code public.users} shows as {@code users}; other schemas stay qualified. */
    static String displayName(String qualified) {
        return qualified.startsWith("public.") ? qualified.substring("public.".length()) : qualified;
    }

    static String qualify(String schema, String name) {
        return "public".equals(schema) ? name : schema + "." + name;
    }

    /** Runs the catalog queries; one per kind of object. */
    private static final class Reader {
        private final Connection connection;
        private final Set<String> schemas;
        private final List<SchemaObject> found = new ArrayList<>();

        Reader(Connection connection, Set<String> schemas) {
            this.connection = connection;
            this.schemas = schemas;
        }

        private boolean inScope(String schema) {
            return schemas.isEmpty() || schemas.contains(schema);
        }

        private static String notExtensionMember(String catalog, String oid) {
            return "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '" + catalog + "'::regclass"
                    + " AND d.objid = " + oid + " AND d.deptype = 'e')";
        }

        private interface Row {
            void read(ResultSet rs) throws SQLException;
        }

        private void query(String sql, Row row) throws SQLException {
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    if (inScope(rs.getString("nspname"))) {
                        row.read(rs);
                    }
                }
            }
        }

        private void add(SchemaObject.Kind kind, String name, String on, String relation, String definition) {
            found.add(new SchemaObject(kind, name, Optional.ofNullable(on), Optional.ofNullable(relation),
                    definition == null ? "" : definition));
        }

        void read() throws SQLException {
            schemas();
            extensions();
            tables();
            columns();
            constraints();
            indexes();
            sequences();
            views();
            functions();
            triggers();
            eventTriggers();
            types();
            policies();
        }

        private void schemas() throws SQLException {
            query("SELECT n.nspname FROM pg_namespace n WHERE " + USER_SCHEMA + " AND "
                    + notExtensionMember("pg_namespace", "n.oid"),
                    rs -> add(SchemaObject.Kind.SCHEMA, rs.getString("nspname"), null, null, "schema"));
        }

        private void extensions() throws SQLException {
            query("SELECT e.extname, n.nspname, e.extversion FROM pg_extension e"
                    + " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql'",
                    rs -> add(SchemaObject.Kind.EXTENSION, rs.getString("extname"), null, null,
                            "version " + rs.getString("extversion") + " in schema " + rs.getString("nspname")));
        }

        private void tables() throws SQLException {
            query("SELECT n.nspname, c.relname, c.relkind, c.relpersistence, c.relrowsecurity, c.relforcerowsecurity,"
                    + " pg_get_partkeydef(c.oid) AS partkey, pg_get_expr(c.relpartbound, c.oid) AS partbound,"
                    + " (SELECT string_agg(pn.nspname || '.' || pc.relname, ', ' ORDER BY i.inhseqno)"
                    + "    FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent"
                    + "    JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid) AS parents,"
                    + " array_to_string(c.reloptions, ', ') AS options"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.relkind IN ('r', 'p', 'f') AND " + USER_SCHEMA + " AND "
                    + notExtensionMember("pg_class", "c.oid"),
                    rs -> {
                        StringBuilder def = new StringBuilder();
                        def.append(switch (rs.getString("relkind")) {
                            case "p" -> "partitioned table";
                            case "f" -> "foreign table";
                            default -> "table";
                        });
                        if ("u".equals(rs.getString("relpersistence"))) {
                            def.append(" UNLOGGED");
                        }
                        appendIf(def, " PARTITION BY ", rs.getString("partkey"));
                        appendIf(def, " INHERITS ", rs.getString("parents"));
                        appendIf(def, " ", rs.getString("partbound"));
                        appendIf(def, " WITH ", rs.getString("options"));
                        if (rs.getBoolean("relrowsecurity")) {
                            def.append(" ROW LEVEL SECURITY");
                        }
                        if (rs.getBoolean("relforcerowsecurity")) {
                            def.append(" FORCE ROW LEVEL SECURITY");
                        }
                        String name = qualify(rs.getString("nspname"), rs.getString("relname"));
                        add(SchemaObject.Kind.TABLE, name, null, name, def.toString());
                    });
        }

        private void columns() throws SQLException {
            query("SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS type,"
                    + " a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid) AS dflt, a.attidentity, a.attgenerated,"
                    + " CASE WHEN a.attcollation <> t.typcollation THEN co.collname END AS collation"
                    + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid"
                    + " LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
                    + " LEFT JOIN pg_collation co ON co.oid = a.attcollation"
                    + " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f') AND "
                    + USER_SCHEMA + " AND " + notExtensionMember("pg_class", "c.oid"),
                    rs -> {
                        String table = qualify(rs.getString("nspname"), rs.getString("relname"));
                        StringBuilder def = new StringBuilder(rs.getString("type"));
                        appendIf(def, " COLLATE ", rs.getString("collation"));
                        if (rs.getBoolean("attnotnull")) {
                            def.append(" NOT NULL");
                        }
                        String identity = rs.getString("attidentity");
                        if ("a".equals(identity)) {
                            def.append(" GENERATED ALWAYS AS IDENTITY");
                        } else if ("d".equals(identity)) {
                            def.append(" GENERATED BY DEFAULT AS IDENTITY");
                        }
                        String dflt = rs.getString("dflt");
                        if (dflt != null) {
                            String generated = rs.getString("attgenerated");
                            def.append(generated != null && !generated.isEmpty()
                                    ? " GENERATED ALWAYS AS (" + dflt + ") STORED" : " DEFAULT " + dflt);
                        }
                        add(SchemaObject.Kind.COLUMN, table + "." + rs.getString("attname"), null, table,
                                def.toString());
                    });
        }

        private void constraints() throws SQLException {
            query("SELECT n.nspname, con.conname, pg_get_constraintdef(con.oid, true) AS def,"
                    + " cn.nspname AS relschema, c.relname, tn.nspname AS typschema, t.typname"
                    + " FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace"
                    + " LEFT JOIN pg_class c ON c.oid = con.conrelid"
                    + " LEFT JOIN pg_namespace cn ON cn.oid = c.relnamespace"
                    + " LEFT JOIN pg_type t ON t.oid = con.contypid"
                    + " LEFT JOIN pg_namespace tn ON tn.oid = t.typnamespace"
                    + " WHERE " + USER_SCHEMA + " AND (c.oid IS NULL OR " + notExtensionMember("pg_class", "c.oid")
                    + ") AND (t.oid IS NULL OR " + notExtensionMember("pg_type", "t.oid") + ")",
                    rs -> {
                        String table = rs.getString("relname") == null ? null
                                : qualify(rs.getString("relschema"), rs.getString("relname"));
                        String on = table != null ? table
                                : "domain " + qualify(rs.getString("typschema"), rs.getString("typname"));
                        add(SchemaObject.Kind.CONSTRAINT, rs.getString("conname"), on, table, rs.getString("def"));
                    });
        }

        private void indexes() throws SQLException {
            query("SELECT n.nspname, ic.relname AS index, tn.nspname AS tableschema, tc.relname AS table,"
                    + " pg_get_indexdef(i.indexrelid) AS def, i.indisvalid"
                    + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid"
                    + " JOIN pg_namespace n ON n.oid = ic.relnamespace JOIN pg_class tc ON tc.oid = i.indrelid"
                    + " JOIN pg_namespace tn ON tn.oid = tc.relnamespace"
                    + " WHERE tc.relkind IN ('r', 'p', 'm', 'f') AND " + USER_SCHEMA + " AND "
                    + notExtensionMember("pg_class", "tc.oid"),
                    rs -> {
                        String table = qualify(rs.getString("tableschema"), rs.getString("table"));
                        String def = rs.getString("def") + (rs.getBoolean("indisvalid") ? "" : " (INVALID)");
                        add(SchemaObject.Kind.INDEX, qualify(rs.getString("nspname"), rs.getString("index")), table,
                                table, def);
                    });
        }

        private void sequences() throws SQLException {
            query("SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL) AS type, s.seqstart, s.seqincrement,"
                    + " s.seqmin, s.seqmax, s.seqcache, s.seqcycle,"
                    + " (SELECT on2.nspname || '.' || oc.relname || '.' || oa.attname FROM pg_depend d"
                    + "    JOIN pg_class oc ON oc.oid = d.refobjid JOIN pg_namespace on2 ON on2.oid = oc.relnamespace"
                    + "    JOIN pg_attribute oa ON oa.attrelid = d.refobjid AND oa.attnum = d.refobjsubid"
                    + "   WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid"
                    + "     AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') LIMIT 1) AS owner,"
                    + " (SELECT on3.nspname || '.' || oc3.relname FROM pg_depend d3"
                    + "    JOIN pg_class oc3 ON oc3.oid = d3.refobjid JOIN pg_namespace on3 ON on3.oid = oc3.relnamespace"
                    + "   WHERE d3.classid = 'pg_class'::regclass AND d3.objid = c.oid"
                    + "     AND d3.refclassid = 'pg_class'::regclass AND d3.deptype IN ('a', 'i') LIMIT 1) AS ownertable"
                    + " FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + USER_SCHEMA + " AND "
                    + notExtensionMember("pg_class", "c.oid"),
                    rs -> {
                        String def = rs.getString("type") + " START " + rs.getLong("seqstart")
                                + " INCREMENT " + rs.getLong("seqincrement") + " MINVALUE " + rs.getLong("seqmin")
                                + " MAXVALUE " + rs.getLong("seqmax") + " CACHE " + rs.getLong("seqcache")
                                + (rs.getBoolean("seqcycle") ? " CYCLE" : " NO CYCLE");
                        String owner = rs.getString("owner");
                        String ownerTable = rs.getString("ownertable");
                        if (owner != null) {
                            def += " OWNED BY " + displayName(owner);
                        }
                        add(SchemaObject.Kind.SEQUENCE, qualify(rs.getString("nspname"), rs.getString("relname")),
                                null, ownerTable == null ? null : displayName(ownerTable), def);
                    });
        }

        private void views() throws SQLException {
            query("SELECT n.nspname, c.relname, c.relkind, pg_get_viewdef(c.oid, true) AS def,"
                    + " array_to_string(c.reloptions, ', ') AS options"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.relkind IN ('v', 'm') AND " + USER_SCHEMA + " AND "
                    + notExtensionMember("pg_class", "c.oid"),
                    rs -> {
                        String options = rs.getString("options");
                        String def = (options == null || options.isEmpty() ? "" : "WITH (" + options + ") ")
                                + rs.getString("def").strip();
                        boolean materialized = "m".equals(rs.getString("relkind"));
                        String name = qualify(rs.getString("nspname"), rs.getString("relname"));
                        add(materialized ? SchemaObject.Kind.MATERIALIZED_VIEW : SchemaObject.Kind.VIEW, name, null,
                                name, def);
                    });
        }

        private void functions() throws SQLException {
            query("SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid) AS args, p.prokind,"
                    + " CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid)"
                    + "      ELSE 'aggregate returning ' || format_type(p.prorettype, NULL) END AS def"
                    + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                    + " WHERE " + USER_SCHEMA + " AND " + notExtensionMember("pg_proc", "p.oid"),
                    rs -> add(SchemaObject.Kind.FUNCTION, qualify(rs.getString("nspname"), rs.getString("proname"))
                            + "(" + rs.getString("args") + ")", null, null, rs.getString("def").strip()));
        }

        private void triggers() throws SQLException {
            query("SELECT n.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid, true) AS def, t.tgenabled"
                    + " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE NOT t.tgisinternal AND " + USER_SCHEMA + " AND " + notExtensionMember("pg_class", "c.oid"),
                    rs -> {
                        String table = qualify(rs.getString("nspname"), rs.getString("relname"));
                        String enabled = switch (rs.getString("tgenabled")) {
                            case "D" -> " (DISABLED)";
                            case "R" -> " (ENABLE REPLICA)";
                            case "A" -> " (ENABLE ALWAYS)";
                            default -> "";
                        };
                        add(SchemaObject.Kind.TRIGGER, rs.getString("tgname"), table, table,
                                rs.getString("def") + enabled);
                    });
        }

        private void eventTriggers() throws SQLException {
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT e.evtname, e.evtevent, e.evtenabled,"
                         + " array_to_string(e.evttags, ', ') AS tags, e.evtfoid::regprocedure::text AS fn"
                         + " FROM pg_event_trigger e WHERE " + notExtensionMember("pg_event_trigger", "e.oid"))) {
                while (rs.next()) {
                    String tags = rs.getString("tags");
                    add(SchemaObject.Kind.EVENT_TRIGGER, rs.getString("evtname"), null, null,
                            "ON " + rs.getString("evtevent")
                                    + (tags == null || tags.isEmpty() ? "" : " WHEN TAG IN (" + tags + ")")
                                    + " EXECUTE " + rs.getString("fn")
                                    + ("D".equals(rs.getString("evtenabled")) ? " (DISABLED)" : ""));
                }
            }
        }

        private void types() throws SQLException {
            query("SELECT n.nspname, t.typname, t.typtype,"
                    + " (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)"
                    + "    FROM pg_enum e WHERE e.enumtypid = t.oid) AS labels,"
                    + " format_type(t.typbasetype, t.typtypmod) AS base, t.typnotnull, t.typdefault,"
                    + " (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod),"
                    + "    ', ' ORDER BY a.attnum) FROM pg_attribute a"
                    + "   WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) AS attributes,"
                    + " (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r WHERE r.rngtypid = t.oid) AS subtype"
                    + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                    + " WHERE t.typtype IN ('e', 'd', 'c', 'r')"
                    + " AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')"
                    + " AND " + USER_SCHEMA + " AND " + notExtensionMember("pg_type", "t.oid"),
                    rs -> {
                        String def = switch (rs.getString("typtype")) {
                            case "e" -> "enum (" + Objects.toString(rs.getString("labels"), "") + ")";
                            case "d" -> "domain over " + rs.getString("base")
                                    + (rs.getBoolean("typnotnull") ? " NOT NULL" : "")
                                    + (rs.getString("typdefault") == null ? "" : " DEFAULT " + rs.getString("typdefault"));
                            case "c" -> "composite (" + Objects.toString(rs.getString("attributes"), "") + ")";
                            default -> "range of " + rs.getString("subtype");
                        };
                        add(SchemaObject.Kind.TYPE, qualify(rs.getString("nspname"), rs.getString("typname")), null,
                                null, def);
                    });
        }

        private void policies() throws SQLException {
            query("SELECT n.nspname, c.relname, p.polname, p.polcmd, p.polpermissive,"
                    + " (SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE r::regrole::text END, ', ' ORDER BY r)"
                    + "    FROM unnest(p.polroles) r) AS roles,"
                    + " pg_get_expr(p.polqual, p.polrelid) AS qual, pg_get_expr(p.polwithcheck, p.polrelid) AS check"
                    + " FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + USER_SCHEMA,
                    rs -> {
                        StringBuilder def = new StringBuilder(rs.getBoolean("polpermissive") ? "PERMISSIVE" : "RESTRICTIVE");
                        def.append(" FOR ").append(switch (rs.getString("polcmd")) {
                            case "r" -> "SELECT";
                            case "a" -> "INSERT";
                            case "w" -> "UPDATE";
                            case "d" -> "DELETE";
                            default -> "ALL";
                        });
                        appendIf(def, " TO ", rs.getString("roles"));
                        appendIf(def, " USING ", rs.getString("qual"));
                        appendIf(def, " WITH CHECK ", rs.getString("check"));
                        String table = qualify(rs.getString("nspname"), rs.getString("relname"));
                        add(SchemaObject.Kind.POLICY, rs.getString("polname"), table, table, def.toString());
                    });
        }

        private static void appendIf(StringBuilder sb, String prefix, String value) {
            if (value != null && !value.isEmpty()) {
                sb.append(prefix).append(value);
            }
        }
    }
}
