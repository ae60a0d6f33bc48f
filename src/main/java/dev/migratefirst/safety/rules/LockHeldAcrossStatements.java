package dev.migratefirst.safety.rules;

import dev.migratefirst.safety.facts.MigrationFacts;
import dev.migratefirst.safety.facts.StatementFacts;
import dev.migratefirst.safety.trace.LockMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code lock-held-across-statements}: in a transactional migration, a lock that blocks the app,
 * taken on a pre-existing table by one statement, is still held while a later statement does work
 * ({@link StatementFacts#didWork()}). Reported once per table, on the first such later statement.
 */
public final class LockHeldAcrossStatements implements RuleCheck {
    @Override
    public List<Hit> check(MigrationFacts facts) {
        List<Hit> out = new ArrayList<>();
        if (!facts.trace().transactional()) {
            return out;
        }
        Set<Long> reported = new HashSet<>();
        List<StatementFacts> sts = facts.statements();
        for (int i = 0; i < sts.size(); i++) {
            StatementFacts first = sts.get(i);
            for (Map.Entry<Long, LockMode> e : first.blockingTableLocks().entrySet()) {
                if (reported.contains(e.getKey())) {
                    continue;
                }
                for (int j = i + 1; j < sts.size(); j++) {
                    if (sts.get(j).didWork()) {
                        reported.add(e.getKey());
                        out.add(new Hit(sts.get(j).statement(), e.getValue() + " on "
                                + facts.start().nameOf(e.getKey()) + " taken by statement " + (i + 1) + " (line "
                                + first.statement().line() + ") was still held while this statement scanned, "
                                + "rewrote, built or changed data; the app stays blocked for all of it"));
                        break;
                    }
                }
            }
        }
        return out;
    }
}
