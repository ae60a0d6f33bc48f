package dev.migratefirst.safety;

import dev.migratefirst.safety.CatalogSnapshot.Column;
import dev.migratefirst.safety.CatalogSnapshot.Constraint;
import dev.migratefirst.safety.CatalogSnapshot.Index;
import dev.migratefirst.safety.CatalogSnapshot.Relation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns what PostgreSQL did ({@link MigrationTrace}) into findings. Every decision below reads the
 * trace (locks, storage identifiers, catalog before and after each statement, the planner's view
 * of a data change); none parses the SQL text. Objects the migration created itself are never
 * hazards: only relations present in {@link MigrationTrace#before()} count.
 */
final class TraceAnalyzer {
    private final MigrationTrace trace;
    private final CatalogSnapshot start;
    private final String file;
    private final List<Finding> out = new ArrayList<>();

    private TraceAnalyzer(MigrationTrace trace) {
        this.trace = trace;
        this.start = trace.before();
        this.file = trace.file().fileName();
    }

    static List<Finding> analyze(MigrationTrace trace) {
        TraceAnalyzer a = new TraceAnalyzer(trace);
        a.run();
        return List.copyOf(a.out);
    }

    private void run() {
        if (trace.mixed()) {
            List<SqlStatement> all = new ArrayList<>();
            trace.statements().forEach(s -> all.add(s.statement()));
            all.addAll(trace.skipped());
            for (int i : trace.nonTransactional()) {
                SqlStatement s = all.get(i);
                add(Rule.CONCURRENTLY_IN_TRANSACTION, s, "PostgreSQL refused to run it inside the migration's "
                        + "transaction (SQLSTATE 25001) and the script has " + (all.size() - 1)
                        + " other statement(s)");
            }
        }
        List<Integer> workAfterLock = new ArrayList<>();
        for (StatementTrace st : trace.statements()) {
            if (st.failed()) {
                boolean inTx = "25001".equals(st.sqlState());
                add(inTx ? Rule.CONCURRENTLY_IN_TRANSACTION : Rule.MIGRATION_FAILED, st.statement(),
                        "PostgreSQL rejected it: " + st.error());
                continue;
            }
            boolean work = rewrites(st) | indexes(st) | constraints(st) | columns(st) | data(st);
            tables(st);
            lockTimeout(st);
            if (work) {
                workAfterLock.add(st.statement().index());
            }
        }
        heldAcrossStatements(workAfterLock);
        foreignKeysWithoutIndex();
    }

    private void add(Rule rule, SqlStatement s, String observed) {
        out.add(new Finding(rule, file, s.index(), s.line(), s.summary(160), observed.replace("  ", " "), null));
    }

    private String lockOn(StatementTrace st, long relation) {
        LockMode m = st.held().get(relation);
        return m == null ? "no lock seen" : m + " (blocks " + m.blocks() + ")";
    }

    /** The strongest lock held on a relation or, for an index, on the index or its table. */
    private LockMode strongest(StatementTrace st, long relation) {
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

    /** Storage of a pre-existing table or index changed: PostgreSQL rewrote it. */
    private boolean rewrites(StatementTrace st) {
        boolean any = false;
        List<String> blocked = new ArrayList<>();
        LockMode strongest = null;
        for (Relation before : st.before().relations().values().stream()
                .sorted(Comparator.comparing(Relation::isIndex).thenComparing(Relation::name))
                .toList()) {
            Relation after = st.after().relations().get(before.oid());
            if (!start.has(before.oid()) || after == null || before.filenode() == 0
                    || after.filenode() == before.filenode()) {
                continue;
            }
            any = true;
            LockMode m = strongest(st, before.oid());
            if (m != null && m.blocksApp()) {
                blocked.add((before.isIndex() ? "index " : "table ") + before.qualified() + " (relfilenode "
                        + before.filenode() + " -> " + after.filenode() + ")");
                strongest = strongest == null || m.ordinal() > strongest.ordinal() ? m : strongest;
            }
        }
        if (!blocked.isEmpty()) {
            add(Rule.TABLE_REWRITE, st.statement(), "new storage for " + String.join(", ", blocked) + " while "
                    + strongest + " was held, which blocks " + strongest.blocks());
        }
        return any;
    }

    /** New indexes on pre-existing tables, and the lock their build held. */
    private boolean indexes(StatementTrace st) {
        boolean any = false;
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
            any = true;
            String name = st.after().relations().get(idx.oid()).name();
            boolean rebuilt = st.before().indexes().values().stream()
                    .filter(old -> old.table() == idx.table() && !st.after().has(old.oid()))
                    .anyMatch(old -> st.before().relations().get(old.oid()).name().equals(name));
            if (rebuilt) {
                rebuiltIndex(st, idx, name);
                continue; // not a new index or constraint: the statement dropped and rebuilt an existing one
            }
            LockMode m = st.held().get(idx.table());
            Constraint backs = st.after().constraints().values().stream()
                    .filter(c -> c.index() == idx.oid() && "upx".indexOf(c.type()) >= 0
                            && !st.before().constraints().containsKey(c.oid()))
                    .findFirst().orElse(null);
            if (m != null && m.blocksWrites()) {
                if (backs != null) {
                    add(Rule.CONSTRAINT_WITHOUT_NOT_VALID, st.statement(), kind(backs.type()) + " constraint "
                            + backs.name() + " built a new index on " + start.nameOf(idx.table()) + " under " + m
                            + ", which blocks " + m.blocks());
                } else {
                    add(Rule.INDEX_WITHOUT_CONCURRENTLY, st.statement(), "built index "
                            + st.after().nameOf(idx.oid()) + " on " + start.nameOf(idx.table()) + " under " + m
                            + ", which blocks " + m.blocks() + " for the whole build");
                }
            }
        }
        return any;
    }

    /**
     * An existing index the statement dropped and built again under the same name (ALTER COLUMN TYPE
     * rebuilds the indexes and constraints on the column). When the table itself got new storage,
     * {@link #rewrites} has already reported the statement; otherwise the rebuild is the rewrite.
     */
    private void rebuiltIndex(StatementTrace st, Index idx, String name) {
        Relation tableBefore = st.before().relations().get(idx.table());
        Relation tableAfter = st.after().relations().get(idx.table());
        boolean tableRewritten = tableBefore != null && tableAfter != null
                && tableBefore.filenode() != tableAfter.filenode();
        LockMode m = st.held().get(idx.table());
        if (!tableRewritten && m != null && m.blocksApp()) {
            add(Rule.TABLE_REWRITE, st.statement(), "index " + name + " on " + start.nameOf(idx.table())
                    + " was dropped and rebuilt while " + m + " was held, which blocks " + m.blocks());
        }
    }

    private static String kind(char type) {
        return switch (type) {
            case 'u' -> "UNIQUE";
            case 'p' -> "PRIMARY KEY";
            case 'x' -> "EXCLUDE";
            case 'c' -> "CHECK";
            case 'f' -> "FOREIGN KEY";
            case 'n' -> "NOT NULL";
            default -> String.valueOf(type);
        };
    }

    /** Constraints added as valid (so validated right away) on pre-existing tables. */
    private boolean constraints(StatementTrace st) {
        boolean any = false;
        for (Constraint c : st.after().constraints().values()) {
            if (!start.has(c.table()) || "cfn".indexOf(c.type()) < 0) {
                continue;
            }
            Constraint prior = st.before().constraints().get(c.oid());
            if (prior == null && c.validated()) {
                LockMode m = st.held().get(c.table());
                if (c.type() == 'n') {
                    continue; // NOT NULL constraints (PostgreSQL 18) are judged with the column below
                }
                any = true;
                add(Rule.CONSTRAINT_WITHOUT_NOT_VALID, st.statement(), kind(c.type()) + " constraint " + c.name()
                        + " was added validated on " + start.nameOf(c.table()) + ": PostgreSQL scanned the table "
                        + "under " + (m == null ? "its lock" : m + ", which blocks " + m.blocks()));
            } else if (prior != null && !prior.validated() && c.validated()) {
                any = true; // VALIDATE CONSTRAINT: the safe way, but it scans the table
            }
        }
        return any;
    }

    /** Column changes on pre-existing tables: drops, renames, type changes, SET NOT NULL, new required columns. */
    private boolean columns(StatementTrace st) {
        boolean any = false;
        for (Column before : st.before().columns().values()) {
            if (!start.has(before.table()) || !st.after().has(before.table())) {
                continue;
            }
            Column after = st.after().columns().get(before.table() + ":" + before.num());
            String where = st.after().nameOf(before.table()) + "." + before.name();
            if (after == null) {
                add(Rule.DROPPED_TABLE_OR_COLUMN, st.statement(), "column " + where + " is gone from the catalog");
                continue;
            }
            if (!after.name().equals(before.name())) {
                add(Rule.RENAMED_TABLE_OR_COLUMN, st.statement(), "column " + where + " is now named "
                        + after.name());
            }
            if (after.typeOid() != before.typeOid()
                    && !trace.binaryCasts().contains(before.typeOid() + ":" + after.typeOid())) {
                add(Rule.CHANGED_COLUMN_TYPE, st.statement(), "column " + where + " changed type from "
                        + before.type() + " to " + after.type());
            }
            if (!before.notNull() && after.notNull() && !notValidNotNull(st.after(), after)) {
                any = true;
                if (!provenNotNull(st.before(), before)) {
                    LockMode m = st.held().get(before.table());
                    add(Rule.CONSTRAINT_WITHOUT_NOT_VALID, st.statement(), "SET NOT NULL on " + where
                            + " scanned the table under " + (m == null ? "its lock" : m + ", which blocks "
                            + m.blocks()) + "; no validated CHECK (" + before.name() + " IS NOT NULL) let it "
                            + "skip the scan");
                }
            }
        }
        for (Column after : st.after().columns().values()) {
            if (!start.has(after.table()) || st.before().columns().containsKey(after.table() + ":" + after.num())) {
                continue;
            }
            if (after.notNull() && !after.hasDefault() && !after.identityOrGenerated()) {
                add(Rule.REQUIRED_COLUMN_WITHOUT_DEFAULT, st.statement(), "new column "
                        + st.after().nameOf(after.table()) + "." + after.name() + " is NOT NULL and has no default");
            }
        }
        return any;
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

    /** Pre-existing tables dropped or renamed (catalog changes, no work under the lock). */
    private void tables(StatementTrace st) {
        for (Relation before : st.before().relations().values()) {
            if (!start.has(before.oid()) || !before.isTable()) {
                continue;
            }
            Relation after = st.after().relations().get(before.oid());
            if (after == null) {
                add(Rule.DROPPED_TABLE_OR_COLUMN, st.statement(), "table " + before.qualified()
                        + " is gone from the catalog");
            } else if (!after.qualified().equals(before.qualified())) {
                add(Rule.RENAMED_TABLE_OR_COLUMN, st.statement(), "table " + before.qualified() + " is now "
                        + after.qualified());
            }
        }
    }

    /** UPDATE/DELETE/MERGE (or INSERT ... SELECT) on a pre-existing table, as the planner reports it. */
    private boolean data(StatementTrace st) {
        StatementTrace.DmlPlan p = st.plan();
        if (p == null) {
            return hiddenDataChange(st);
        }
        Relation target = start.relations().values().stream()
                .filter(r -> r.name().equals(p.relation()) && r.schema().equals(p.schema()))
                .findFirst().orElse(null);
        if (target == null) {
            return false;
        }
        boolean backfill = !p.operation().equals("Insert") || p.readsTables();
        if (backfill) {
            add(Rule.DATA_BACKFILL, st.statement(), "the planner reports " + p.operation().toUpperCase(
                    java.util.Locale.ROOT) + " on existing table " + target.qualified() + " ("
                    + (st.updateCount() < 0 ? "row count not reported" : st.updateCount() + " row(s) here")
                    + "; in production it touches every matching row in one transaction)");
        }
        return backfill; // a few seed rows (INSERT ... VALUES) are no work worth a held lock
    }

    /**
     * A statement the planner cannot show (a DO block, a function call) that took ROW EXCLUSIVE, the
     * lock of INSERT/UPDATE/DELETE, on a pre-existing table: it changed data there.
     */
    private boolean hiddenDataChange(StatementTrace st) {
        for (Map.Entry<Long, LockMode> e : st.acquired().entrySet()) {
            Relation r = start.relations().get(e.getKey());
            if (e.getValue() == LockMode.ROW_EXCLUSIVE && r != null && (r.kind() == 'r' || r.kind() == 'p')) {
                add(Rule.DATA_BACKFILL, st.statement(), "it took ROW EXCLUSIVE on existing table " + r.qualified()
                        + ", the lock of INSERT, UPDATE and DELETE, from code the planner cannot show (a DO block "
                        + "or a function): it changes rows of that table inside the migration");
                return true;
            }
        }
        return false;
    }

    private void lockTimeout(StatementTrace st) {
        if (!st.withoutLockTimeout()) {
            return;
        }
        for (Map.Entry<Long, LockMode> e : st.acquired().entrySet()) {
            if (e.getValue().blocksApp() && start.relations().get(e.getKey()).isTable()) {
                add(Rule.MISSING_LOCK_TIMEOUT, st.statement(), "took " + e.getValue() + " on "
                        + start.nameOf(e.getKey()) + " (blocks " + e.getValue().blocks() + ") with lock_timeout = "
                        + st.lockTimeout());
                return;
            }
        }
    }

    /** A blocking lock taken by statement i is still held while a later statement does real work. */
    private void heldAcrossStatements(List<Integer> workStatements) {
        if (!trace.transactional()) {
            return;
        }
        Set<Long> reported = new HashSet<>();
        List<StatementTrace> sts = trace.statements();
        for (int i = 0; i < sts.size(); i++) {
            StatementTrace first = sts.get(i);
            for (Map.Entry<Long, LockMode> e : first.acquired().entrySet()) {
                if (!e.getValue().blocksApp() || !start.relations().get(e.getKey()).isTable()
                        || reported.contains(e.getKey())) {
                    continue;
                }
                for (int j = i + 1; j < sts.size(); j++) {
                    if (workStatements.contains(sts.get(j).statement().index())) {
                        reported.add(e.getKey());
                        add(Rule.LOCK_HELD_ACROSS_STATEMENTS, sts.get(j).statement(), e.getValue() + " on "
                                + start.nameOf(e.getKey()) + " taken by statement " + (i + 1) + " (line "
                                + first.statement().line() + ") was still held while this statement scanned, "
                                + "rewrote, built or changed data; the app stays blocked for all of it");
                        break;
                    }
                }
            }
        }
    }

    /** Foreign keys added by the migration whose referencing columns lead no index at the end. */
    private void foreignKeysWithoutIndex() {
        if (trace.statements().isEmpty()) {
            return;
        }
        StatementTrace last = trace.statements().get(trace.statements().size() - 1);
        CatalogSnapshot end = last.after();
        for (Constraint c : end.constraints().values()) {
            if (c.type() != 'f' || start.constraints().containsKey(c.oid())) {
                continue;
            }
            Set<Integer> keys = new HashSet<>(c.columns());
            boolean covered = end.indexes().values().stream().anyMatch(i -> i.table() == c.table()
                    && i.columns().size() >= keys.size()
                    && new HashSet<>(i.columns().subList(0, keys.size())).equals(keys));
            if (!covered) {
                SqlStatement s = statementThatCreated(c.oid());
                List<String> names = c.columns().stream().map(n -> end.columnName(c.table(), n)).toList();
                add(Rule.FOREIGN_KEY_WITHOUT_INDEX, s, "foreign key " + c.name() + " on " + end.nameOf(c.table())
                        + " (" + String.join(", ", names) + ") has no index with those leading columns");
            }
        }
    }

    private SqlStatement statementThatCreated(long constraintOid) {
        for (StatementTrace st : trace.statements()) {
            if (!st.before().constraints().containsKey(constraintOid)
                    && st.after().constraints().containsKey(constraintOid)) {
                return st.statement();
            }
        }
        return trace.statements().get(0).statement();
    }
}
