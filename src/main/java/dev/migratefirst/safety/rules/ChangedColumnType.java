package dev.migratefirst.safety.rules;

import dev.migratefirst.safety.facts.MigrationFacts;
import dev.migratefirst.safety.facts.StatementFacts;
import java.util.List;

/**
 * {@code changed-column-type}: a pre-existing column has a new type that PostgreSQL does not convert
 * byte for byte (varchar to text is fine).
 */
public final class ChangedColumnType implements RuleCheck.PerStatement {
    @Override
    public List<String> observed(MigrationFacts facts, StatementFacts s) {
        return s.columnChanges().stream()
                .filter(c -> !c.dropped() && c.after().typeOid() != c.before().typeOid()
                        && !facts.binaryCoercible(c.before().typeOid(), c.after().typeOid()))
                .map(c -> "column " + c.where() + " changed type from " + c.before().type() + " to " + c.after().type())
                .toList();
    }
}
