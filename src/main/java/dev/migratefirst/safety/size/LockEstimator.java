package dev.migratefirst.safety.size;

import dev.migratefirst.safety.facts.MigrationFacts;
import dev.migratefirst.safety.facts.StatementFacts;
import dev.migratefirst.safety.trace.CatalogSnapshot.Column;
import dev.migratefirst.safety.trace.CatalogSnapshot.Constraint;
import dev.migratefirst.safety.trace.CatalogSnapshot.Index;
import dev.migratefirst.safety.trace.CatalogSnapshot.Relation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How long a statement's lock would be held at production size: the work each statement did on a
 * pre-existing table (rewrite, index build, validation scan, data change: its facts), priced with the
 * {@link CostModel} at the table's production size from the {@link ProductionStats}. In a transactional
 * migration a lock is held until commit, so a statement's estimate is its own work plus the work of
 * every later statement; statement by statement (no transaction), it is its own work.
 */
public final class LockEstimator {
    private final ProductionStats stats;
    private final CostModel costs;

    public LockEstimator(ProductionStats stats, CostModel costs) {
        this.stats = Objects.requireNonNull(stats, "stats");
        this.costs = Objects.requireNonNull(costs, "costs");
    }

    /** The costs it prices with. */
    public CostModel costs() {
        return costs;
    }

    /** The statistics it scales to. */
    public ProductionStats stats() {
        return stats;
    }

    /** The lock that statement {@code statementIndex} takes (0-based), held at production size. */
    public LockEstimate held(MigrationFacts facts, int statementIndex) {
        Work work = new Work();
        boolean from = false;
        for (StatementFacts s : facts.statements()) {
            if (s.statement().index() == statementIndex) {
                from = true;
            } else if (!from || !facts.trace().transactional()) {
                continue;
            }
            add(facts, s, work);
            if (!facts.trace().transactional()) {
                break;
            }
        }
        if (!work.missing.isEmpty()) {
            return LockEstimate.unknown("no statistics for " + String.join(", ", work.missing)
                    + " in the statistics file (a table production does not have yet, or a stale file)");
        }
        long millis = Math.round(work.nanos / 1_000_000);
        String basis = work.parts.isEmpty() ? "catalog change only, no work under the lock"
                : String.join(" + ", work.parts) + (facts.trace().transactional() && work.parts.size() > 1
                ? ", held until the migration commits" : "");
        return new LockEstimate(millis, basis);
    }

    private static final class Work {
        double nanos;
        final List<String> parts = new ArrayList<>();
        final Set<String> missing = new LinkedHashSet<>();
    }

    private void add(MigrationFacts facts, StatementFacts s, Work w) {
        for (StatementFacts.Rewrite r : s.rewrites()) {
            if (r.before().isIndex()) {
                Index idx = facts.start().indexes().get(r.before().oid());
                table(facts, idx == null ? -1 : idx.table(), w, "rebuild of index " + r.before().name(),
                        t -> costs.indexBuild(rows(t), t.pages()));
            } else {
                table(facts, r.before().oid(), w, "rewrite", t -> costs.rewrite(t.pages() + t.toastPages()));
            }
        }
        for (StatementFacts.IndexBuild b : s.indexBuilds()) {
            table(facts, b.index().table(), w, "index build " + b.name(), t -> costs.indexBuild(rows(t), t.pages()));
        }
        Set<Long> scanned = new LinkedHashSet<>();
        s.constraintsAdded().stream().map(Constraint::table).forEach(scanned::add);
        s.constraintsValidated().stream().map(Constraint::table).forEach(scanned::add);
        s.notNullsSet().stream().filter(n -> !n.provenByCheck()).map(n -> n.column().table()).forEach(scanned::add);
        s.domainChecks().forEach(d -> d.columns().stream().map(Column::table).forEach(scanned::add));
        for (long oid : scanned) {
            table(facts, oid, w, "validation scan", t -> costs.scan(t.pages()));
        }
        if (s.dataChange() != null) {
            table(facts, s.dataChange().table().oid(), w, s.dataChange().operation() == null ? "data change"
                    : s.dataChange().operation().toLowerCase(Locale.ROOT) + " of every row",
                    t -> costs.update(t.pages()));
        }
    }

    private interface Price {
        double nanos(ProductionStats.TableStats t);
    }

    private void table(MigrationFacts facts, long oid, Work w, String what, Price price) {
        Relation r = facts.start().relations().get(oid);
        if (r == null) {
            return;
        }
        ProductionStats.TableStats t = stats.table(r.schema(), r.name()).orElse(null);
        if (t == null) {
            w.missing.add(r.qualified());
            return;
        }
        double nanos = price.nanos(t);
        w.nanos += nanos;
        w.parts.add(String.format(Locale.ROOT, "%s of %s (%,d rows%s, %,d pages): %s", what, t.qualified(), rows(t),
                t.rowsKnown() ? "" : " guessed from pages, never analyzed", t.pages(),
                LockEstimate.readable(Math.round(nanos / 1_000_000))));
    }

    /** Production rows; for a table never analyzed, guessed from its pages at the calibration table's density. */
    private long rows(ProductionStats.TableStats t) {
        return t.rowsKnown() ? t.rowCount() : Math.round(t.pages() * (double) costs.rows() / costs.pages());
    }
}
