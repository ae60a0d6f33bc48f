package dev.migratefirst.safety.rules;

import dev.migratefirst.safety.facts.MigrationFacts;
import dev.migratefirst.safety.facts.StatementFacts;
import java.util.List;

/**
 * {@code migration-failed}: a statement PostgreSQL rejected (other than refusing to run it in a
 * transaction, which is {@link ConcurrentlyInTransaction}).
 */
public final class MigrationFailed implements RuleCheck.PerStatement {
    @Override
    public List<String> observed(MigrationFacts facts, StatementFacts s) {
        return s.failed() && !s.refusedInTransaction() ? List.of("PostgreSQL rejected it: " + s.trace().error())
                : List.of();
    }
}
