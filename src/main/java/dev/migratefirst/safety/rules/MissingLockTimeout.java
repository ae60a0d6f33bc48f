package dev.migratefirst.safety.rules;

import dev.migratefirst.safety.facts.MigrationFacts;
import dev.migratefirst.safety.facts.StatementFacts;
import dev.migratefirst.safety.trace.LockMode;
import java.util.List;
import java.util.Map;

/**
 * {@code missing-lock-timeout}: a statement took a lock that blocks the app on a pre-existing table
 * while the session had no {@code lock_timeout} (reported once per statement, for its first such lock).
 */
public final class MissingLockTimeout implements RuleCheck.PerStatement {
    @Override
    public List<String> observed(MigrationFacts facts, StatementFacts s) {
        if (!s.trace().withoutLockTimeout() || s.blockingTableLocks().isEmpty()) {
            return List.of();
        }
        Map.Entry<Long, LockMode> first = s.blockingTableLocks().entrySet().iterator().next();
        return List.of("took " + first.getValue() + " on " + facts.start().nameOf(first.getKey()) + " (blocks "
                + first.getValue().blocks() + ") with lock_timeout = " + s.trace().lockTimeout());
    }
}
