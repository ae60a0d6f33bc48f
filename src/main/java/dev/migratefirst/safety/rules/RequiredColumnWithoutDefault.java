package dev.migratefirst.safety.rules;

import dev.migratefirst.safety.facts.MigrationFacts;
import dev.migratefirst.safety.facts.StatementFacts;
import java.util.List;

/**
 * {@code required-column-without-default}: a new column of a pre-existing table is NOT NULL and has
 * no default (nor identity or generation expression).
 */
public final class RequiredColumnWithoutDefault implements RuleCheck.PerStatement {
    @Override
    public List<String> observed(MigrationFacts facts, StatementFacts s) {
        return s.columnsAdded().stream()
                .filter(c -> c.notNull() && !c.hasDefault() && !c.identityOrGenerated())
                .map(c -> "new column " + s.trace().after().nameOf(c.table()) + "." + c.name()
                        + " is NOT NULL and has no default")
                .toList();
    }
}
