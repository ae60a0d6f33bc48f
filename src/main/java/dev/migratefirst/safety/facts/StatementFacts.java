package dev.migratefirst.safety.facts;

import dev.migratefirst.safety.trace.CatalogSnapshot;
import dev.migratefirst.safety.trace.CatalogSnapshot.Column;
import dev.migratefirst.safety.trace.CatalogSnapshot.Constraint;
import dev.migratefirst.safety.trace.CatalogSnapshot.DomainConstraint;
import dev.migratefirst.safety.trace.CatalogSnapshot.Index;
import dev.migratefirst.safety.trace.CatalogSnapshot.Relation;
import dev.migratefirst.safety.trace.LockMode;
import dev.migratefirst.safety.trace.MigrationTracer;
import dev.migratefirst.safety.trace.SqlStatement;
import dev.migratefirst.safety.trace.StatementTrace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one statement did to the objects that existed before the migration, read from its trace
 * (storage identifiers, catalog before and after, locks, the planner's view of a data change).
 * Objects the migration created itself never appear here. A statement that failed has no facts
 * besides its {@link #trace()}.
 *
 * @param trace                what PostgreSQL did while running the statement
 * @param rewrites             pre-existing tables and indexes that got new storage
 * @param indexBuilds          indexes built on pre-existing tables (new ones and rebuilt ones)
 * @param constraintsAdded     CHECK and FOREIGN KEY constraints added already validated to pre-existing
 *                             tables (so PostgreSQL scanned the table)
 * @param constraintsValidated constraints that were NOT VALID before and validated after
 *                             ({@code VALIDATE CONSTRAINT}: the safe way, but it scans the table)
 * @param columnChanges        pre-existing columns of surviving tables that were dropped, renamed or
 *                             otherwise changed
 * @param notNullsSet          pre-existing columns that became NOT NULL with a validated constraint
 * @param columnsAdded         new columns of pre-existing tables
 * @param tableChanges         pre-existing tables that were dropped or renamed
 * @param dataChange           rows of a pre-existing table the statement changed beyond seed rows, or null
 * @param blockingTableLocks   locks that block the app the statement took on pre-existing tables, in
 *                             the order the trace lists them
 * @param domainChecks         domain constraints added validated while columns of pre-existing tables
 *                             use the domain (PostgreSQL checked every value of those columns)
 * @param indexesDropped       pre-existing standalone indexes (backing no constraint) of tables that
 *                             survive the statement, gone after it and not built again under their name
 */
public record StatementFacts(StatementTrace trace, List<Rewrite> rewrites, List<IndexBuild> indexBuilds,
                             List<Constraint> constraintsAdded, List<Constraint> constraintsValidated,
                             List<ColumnChange> columnChanges, List<NotNullSet> notNullsSet,
                             List<Column> columnsAdded, List<TableChange> tableChanges, DataChange dataChange,
                             Map<Long, LockMode> blockingTableLocks, List<DomainCheck> domainChecks,
                             List<DroppedIndex> indexesDropped) {

    /** A domain constraint added validated, and the pre-existing columns of that domain it checked. */
    public record DomainCheck(DomainConstraint constraint, List<Column> columns) {
    }

    /** A pre-existing standalone index the statement dropped, and the table it was on. */
    public record DroppedIndex(Relation index, long table) {
    }

    /**
     * A table or index that got new storage (its relfilenode changed): PostgreSQL rewrote it.
     *
     * @param lock the strongest lock held on it or, for an index, on it or its table; null when none seen
     */
    public record Rewrite(Relation before, Relation after, LockMode lock) {
    }

    /**
     * An index built on a pre-existing table.
     *
     * @param index          the new index
     * @param name           its name (without schema)
     * @param rebuilt        true when the statement dropped an index of the same name on the same table
     *                       and built it again (ALTER COLUMN TYPE rebuilds the column's indexes)
     * @param tableRewritten true when the table itself got new storage in the same statement
     * @param backs          the new UNIQUE, PRIMARY KEY or EXCLUDE constraint the index backs, or null
     */
    public record IndexBuild(Index index, String name, boolean rebuilt, boolean tableRewritten, Constraint backs) {
    }

    /**
     * A pre-existing column that changed.
     *
     * @param before the column before the statement
     * @param after  the column after it, or null when it was dropped
     * @param where  {@code table.column}, with the table's name after the statement
     */
    public record ColumnChange(Column before, Column after, String where) {
        /** True when the column is gone. */
        public boolean dropped() {
            return after == null;
        }
    }

    /**
     * A pre-existing column made NOT NULL by a validated constraint.
     *
     * @param provenByCheck true when a validated CHECK (col IS NOT NULL) let PostgreSQL (12+) skip the scan
     */
    public record NotNullSet(Column column, String where, boolean provenByCheck) {
    }

    /** A pre-existing table, and the same table after the statement (null when it was dropped). */
    public record TableChange(Relation before, Relation after) {
    }

    /**
     * Rows of a pre-existing table that the statement changed.
     *
     * @param table     the table
     * @param operation what the planner reports ({@code Update}, {@code Delete}, {@code Merge}, or
     *                  {@code Insert} reading other tables); null when the planner cannot show the
     *                  statement (a DO block, a function call) and the ROW EXCLUSIVE it took tells
     */
    public record DataChange(Relation table, String operation) {
    }

    /**
     * True when the statement did work that takes time under the locks already held: rewrote, built
     * an index, scanned the table for a constraint or NOT NULL, or changed data.
     */
    public boolean didWork() {
        return !rewrites.isEmpty() || !indexBuilds.isEmpty() || !constraintsAdded.isEmpty()
                || !constraintsValidated.isEmpty() || !notNullsSet.isEmpty() || dataChange != null;
    }

    /** True when PostgreSQL rejected the statement. */
    public boolean failed() {
        return trace.failed();
    }

    /** True when PostgreSQL refused to run the statement inside a transaction (SQLSTATE 25001). */
    public boolean refusedInTransaction() {
        return trace.failed() && "25001".equals(trace.sqlState());
    }

    /** The statement. */
    public SqlStatement statement() {
        return trace.statement();
    }

    /** The lock held on {@code relation} once the statement ended, or null. */
    public LockMode heldOn(long relation) {
        return trace.held().get(relation);
    }

    /** Collects the facts of one statement; {@code start} is the catalog before the migration. */
    static StatementFacts of(StatementTrace st, CatalogSnapshot start, boolean failed) {
        if (failed) {
            return new StatementFacts(st, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                    List.of(), null, Map.of(), List.of(), List.of());
        }
        Collector c = new Collector(st, start);
        List<ColumnChange> columnChanges = new ArrayList<>();
        List<NotNullSet> notNulls = new ArrayList<>();
        c.columns(columnChanges, notNulls);
        List<Constraint> added = new ArrayList<>();
        List<Constraint> validated = new ArrayList<>();
        c.constraints(added, validated);
        return new StatementFacts(st, c.rewrites(), c.indexBuilds(), List.copyOf(added), List.copyOf(validated),
                List.copyOf(columnChanges), List.copyOf(notNulls), c.columnsAdded(), c.tableChanges(),
                c.dataChange(), c.blockingTableLocks(), c.domainChecks(), c.indexesDropped());
    }

    /** Reads the facts off one statement's trace. */
    private record Collector(StatementTrace st, CatalogSnapshot start) {

        List<Rewrite> rewrites() {
            List<Rewrite> out = new ArrayList<>();
            for (Relation before : st.before().relations().values().stream()
                    .sorted(Comparator.comparing(Relation::isIndex).thenComparing(Relation::name))
                    .toList()) {
                Relation after = st.after().relations().get(before.oid());
                if (start.has(before.oid()) && after != null && before.filenode() != 0
                        && after.filenode() != before.filenode()) {
                    out.add(new Rewrite(before, after, strongest(before.oid())));
                }
            }
            return List.copyOf(out);
        }

        /** The strongest lock held on a relation or, for an index, on the index or its table. */
        private LockMode strongest(long relation) {
            LockMode m = st.held().get(relation);
            Index idx = st.before().indexes().get(relation);
            if (idx != null) {
                LockMode t = st.held().get(idx.table());
                if (m == null || t != null && t.ordinal() > m.ordinal()) {
                    m = t;
                }
            }
            return m;
        }

        List<IndexBuild> indexBuilds() {
            List<IndexBuild> out = new ArrayList<>();
            for (Index idx : st.after().indexes().values()) {
                if (st.before().indexes().containsKey(idx.oid()) || !start.has(idx.table())) {
                    continue;
                }
                long filenode = st.after().relations().get(idx.oid()).filenode();
                boolean reused = st.before().indexes().keySet().stream().filter(old -> !st.after().has(old))
                        .anyMatch(old -> st.before().relations().get(old).filenode() == filenode);
                if (reused) {
                    continue; // ALTER TYPE kept the old index's storage: nothing was built
                }
                String name = st.after().relations().get(idx.oid()).name();
                boolean rebuilt = st.before().indexes().values().stream()
                        .filter(old -> old.table() == idx.table() && !st.after().has(old.oid()))
                        .anyMatch(old -> st.before().relations().get(old.oid()).name().equals(name));
                Relation tableBefore = st.before().relations().get(idx.table());
                Relation tableAfter = st.after().relations().get(idx.table());
                boolean tableRewritten = tableBefore != null && tableAfter != null
                        && tableBefore.filenode() != tableAfter.filenode();
                Constraint backs = st.after().constraints().values().stream()
                        .filter(k -> k.index() == idx.oid() && "upx".indexOf(k.type()) >= 0
                                && !st.before().constraints().containsKey(k.oid()))
                        .findFirst().orElse(null);
                out.add(new IndexBuild(idx, name, rebuilt, tableRewritten, backs));
            }
            return List.copyOf(out);
        }

        /** CHECK/FOREIGN KEY added validated, and constraints (CHECK, FOREIGN KEY, NOT NULL) validated later. */
        void constraints(List<Constraint> added, List<Constraint> validated) {
            for (Constraint k : st.after().constraints().values()) {
                if (!start.has(k.table()) || "cfn".indexOf(k.type()) < 0) {
                    continue;
                }
                Constraint prior = st.before().constraints().get(k.oid());
                if (prior == null && k.validated() && k.type() != 'n') {
                    added.add(k); // NOT NULL constraints (PostgreSQL 18) are facts of the column: notNullsSet
                } else if (prior != null && !prior.validated() && k.validated()) {
                    validated.add(k);
                }
            }
        }

        void columns(List<ColumnChange> changes, List<NotNullSet> notNulls) {
            for (Column before : st.before().columns().values()) {
                if (!start.has(before.table()) || !st.after().has(before.table())) {
                    continue;
                }
                Column after = st.after().columns().get(before.table() + ":" + before.num());
                String where = st.after().nameOf(before.table()) + "." + before.name();
                if (!before.equals(after)) {
                    changes.add(new ColumnChange(before, after, where));
                }
                if (after != null && !before.notNull() && after.notNull() && !notValidNotNull(st.after(), after)) {
                    notNulls.add(new NotNullSet(after, where, provenNotNull(st.before(), before)));
                }
            }
        }

        List<Column> columnsAdded() {
            return st.after().columns().values().stream()
                    .filter(c -> start.has(c.table()) && !st.before().columns().containsKey(c.table() + ":" + c.num()))
                    .toList();
        }

        /**
         * True when a validated CHECK constraint proves the column is never null, so PostgreSQL 12+
         * skips the table scan of SET NOT NULL.
         */
        private static boolean provenNotNull(CatalogSnapshot snap, Column col) {
            String name = col.name();
            String quoted = MigrationTracer.quote(name);
            for (Constraint c : snap.constraints().values()) {
                if (c.table() == col.table() && c.type() == 'c' && c.validated()) {
                    String def = c.definition().replace(" ", "");
                    if (def.equals("CHECK((" + name + "ISNOTNULL))") || def.equals("CHECK((" + quoted + "ISNOTNULL))")) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** PostgreSQL 18: the column's NOT NULL constraint was added NOT VALID, so nothing was scanned. */
        private static boolean notValidNotNull(CatalogSnapshot snap, Column col) {
            return snap.constraints().values().stream().anyMatch(c -> c.type() == 'n' && c.table() == col.table()
                    && c.columns().equals(List.of(col.num())) && !c.validated());
        }

        List<TableChange> tableChanges() {
            List<TableChange> out = new ArrayList<>();
            for (Relation before : st.before().relations().values()) {
                if (!start.has(before.oid()) || !before.isTable()) {
                    continue;
                }
                Relation after = st.after().relations().get(before.oid());
                if (after == null || !after.qualified().equals(before.qualified())) {
                    out.add(new TableChange(before, after));
                }
            }
            return List.copyOf(out);
        }

        /**
         * UPDATE/DELETE/MERGE (or INSERT ... SELECT) on a pre-existing table, as the planner reports it;
         * for a statement the planner cannot show, ROW EXCLUSIVE (the lock of INSERT/UPDATE/DELETE) taken
         * on a pre-existing table. A few seed rows (INSERT ... VALUES) are no data change worth a fact.
         */
        DataChange dataChange() {
            StatementTrace.DmlPlan p = st.plan();
            if (p == null) {
                for (Map.Entry<Long, LockMode> e : st.acquired().entrySet()) {
                    Relation r = start.relations().get(e.getKey());
                    if (e.getValue() == LockMode.ROW_EXCLUSIVE && r != null && (r.kind() == 'r' || r.kind() == 'p')) {
                        return new DataChange(r, null);
                    }
                }
                return null;
            }
            Relation target = start.relations().values().stream()
                    .filter(r -> r.name().equals(p.relation()) && r.schema().equals(p.schema()))
                    .findFirst().orElse(null);
            boolean backfill = !p.operation().equals("Insert") || p.readsTables();
            return target != null && backfill ? new DataChange(target, p.operation()) : null;
        }

        List<DomainCheck> domainChecks() {
            List<DomainCheck> out = new ArrayList<>();
            for (DomainConstraint k : st.after().domainConstraints().values()) {
                if (!k.validated() || st.before().domainConstraints().containsKey(k.oid())) {
                    continue;
                }
                List<Column> cols = st.after().columns().values().stream()
                        .filter(c -> c.typeOid() == k.domain() && start.has(c.table()))
                        .sorted(Comparator.comparing((Column c) -> c.table()).thenComparingInt(Column::num)).toList();
                if (!cols.isEmpty()) {
                    out.add(new DomainCheck(k, cols));
                }
            }
            return List.copyOf(out);
        }

        List<DroppedIndex> indexesDropped() {
            List<DroppedIndex> out = new ArrayList<>();
            for (Index idx : st.before().indexes().values()) {
                Relation rel = st.before().relations().get(idx.oid());
                if (!start.has(idx.oid()) || st.after().has(idx.oid()) || !st.after().has(idx.table())
                        || rel == null) {
                    continue;
                }
                boolean backsConstraint = st.before().constraints().values().stream()
                        .anyMatch(k -> k.index() == idx.oid() && k.table() == idx.table());
                boolean rebuilt = st.after().indexes().values().stream().anyMatch(n -> n.table() == idx.table()
                        && rel.name().equals(st.after().relations().get(n.oid()).name()));
                if (!backsConstraint && !rebuilt) {
                    out.add(new DroppedIndex(rel, idx.table()));
                }
            }
            out.sort(Comparator.comparing(d -> d.index().name()));
            return List.copyOf(out);
        }

        Map<Long, LockMode> blockingTableLocks() {
            Map<Long, LockMode> out = new LinkedHashMap<>();
            st.acquired().forEach((oid, mode) -> {
                Relation r = start.relations().get(oid);
                if (mode.blocksApp() && r != null && r.isTable()) {
                    out.put(oid, mode);
                }
            });
            return Collections.unmodifiableMap(out);
        }
    }
}
