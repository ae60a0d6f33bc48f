package dev.migratefirst.safety.rules;

import dev.migratefirst.safety.facts.MigrationFacts;
import dev.migratefirst.safety.facts.StatementFacts;
import dev.migratefirst.safety.facts.StatementFacts.DroppedIndex;
import dev.migratefirst.safety.trace.LockMode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code drop-index-without-concurrently}: a pre-existing standalone index was dropped while a lock
 * that blocks the app was held on its table (plain DROP INDEX takes ACCESS EXCLUSIVE on it; DROP INDEX
 * CONCURRENTLY takes none that blocks reads or writes).
 */
public final class DropIndexWithoutConcurrently implements RuleCheck.PerStatement {
    @Override
    public List<String> observed(MigrationFacts facts, StatementFacts s) {
        List<String> out = new ArrayList<>();
        for (DroppedIndex d : s.indexesDropped()) {
            LockMode m = s.heldOn(d.table());
            if (m != null && m.blocksApp()) {
                out.add("index " + d.index().qualified() + " on " + facts.start().nameOf(d.table())
                        + " was dropped under " + m + ", which blocks " + m.blocks());
            }
        }
        return out;
    }
}
