package dev.migratefirst.safety.rules;

import dev.migratefirst.safety.facts.MigrationFacts;
import dev.migratefirst.safety.facts.StatementFacts;
import dev.migratefirst.safety.trace.SqlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The detection of one rule: a small function over the facts of a migration. It reads the facts
 * only, never another rule; {@code dev.migratefirst.safety.Rule} pairs it with the rule's id, severity
 * and documentation.
 */
public interface RuleCheck {

    /** The statements of the migration this rule flags, in the order of the statements. */
    List<Hit> check(MigrationFacts facts);

    /** A rule that judges each statement on its own facts. */
    interface PerStatement extends RuleCheck {

        /** What the rule observed on one statement, a sentence per hit; empty when it flags nothing. */
        List<String> observed(MigrationFacts facts, StatementFacts statement);

        @Override
        default List<Hit> check(MigrationFacts facts) {
            List<Hit> out = new ArrayList<>();
            for (StatementFacts s : facts.statements()) {
                observed(facts, s).forEach(o -> out.add(new Hit(s.statement(), o)));
            }
            return out;
        }
    }

    /**
     * A flagged statement.
     *
     * @param statement the statement
     * @param observed  what the database did, in a sentence
     */
    record Hit(SqlStatement statement, String observed) {
        public Hit {
            Objects.requireNonNull(statement, "statement");
            Objects.requireNonNull(observed, "observed");
        }
    }
}
