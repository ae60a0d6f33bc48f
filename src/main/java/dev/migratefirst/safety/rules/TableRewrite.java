package dev.migratefirst.safety.rules;

import dev.migratefirst.safety.facts.MigrationFacts;
import dev.migratefirst.safety.facts.StatementFacts;
import dev.migratefirst.safety.facts.StatementFacts.IndexBuild;
import dev.migratefirst.safety.facts.StatementFacts.Rewrite;
import dev.migratefirst.safety.trace.LockMode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code table-rewrite}: a pre-existing table or index got new storage while a lock that blocks the
 * app was held; or an index was dropped and rebuilt under such a lock (ALTER COLUMN TYPE rebuilds the
 * column's indexes) without the table being rewritten, so the rebuild is the rewrite.
 */
public final class TableRewrite implements RuleCheck.PerStatement {
    @Override
    public List<String> observed(MigrationFacts facts, StatementFacts s) {
        List<String> out = new ArrayList<>();
        List<String> blocked = new ArrayList<>();
        LockMode strongest = null;
        for (Rewrite r : s.rewrites()) {
            if (r.lock() != null && r.lock().blocksApp()) {
                blocked.add((r.before().isIndex() ? "index " : "table ") + r.before().qualified() + " (relfilenode "
                        + r.before().filenode() + " -> " + r.after().filenode() + ")");
                strongest = strongest == null || r.lock().ordinal() > strongest.ordinal() ? r.lock() : strongest;
            }
        }
        if (!blocked.isEmpty()) {
            out.add("new storage for " + String.join(", ", blocked) + " while " + strongest
                    + " was held, which blocks " + strongest.blocks());
        }
        for (IndexBuild b : s.indexBuilds()) {
            LockMode m = s.heldOn(b.index().table());
            if (b.rebuilt() && !b.tableRewritten() && m != null && m.blocksApp()) {
                out.add("index " + b.name() + " on " + facts.start().nameOf(b.index().table())
                        + " was dropped and rebuilt while " + m + " was held, which blocks " + m.blocks());
            }
        }
        return out;
    }
}
