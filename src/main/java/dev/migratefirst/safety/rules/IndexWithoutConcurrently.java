package dev.migratefirst.safety.rules;

import dev.migratefirst.safety.facts.MigrationFacts;
import dev.migratefirst.safety.facts.StatementFacts;
import dev.migratefirst.safety.facts.StatementFacts.IndexBuild;
import dev.migratefirst.safety.trace.LockMode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code index-without-concurrently}: a new index (not one backing a new constraint, not a rebuild)
 * was built on a pre-existing table under a lock that blocks writes.
 */
public final class IndexWithoutConcurrently implements RuleCheck.PerStatement {
    @Override
    public List<String> observed(MigrationFacts facts, StatementFacts s) {
        List<String> out = new ArrayList<>();
        for (IndexBuild b : s.indexBuilds()) {
            LockMode m = s.heldOn(b.index().table());
            if (!b.rebuilt() && b.backs() == null && m != null && m.blocksWrites()) {
                out.add("built index " + s.trace().after().nameOf(b.index().oid()) + " on "
                        + facts.start().nameOf(b.index().table()) + " under " + m + ", which blocks " + m.blocks()
                        + " for the whole build");
            }
        }
        return out;
    }
}
