package dev.migratefirst.safety.rules;

import dev.migratefirst.safety.facts.EndState;
import dev.migratefirst.safety.facts.MigrationFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code renamed-table-or-column}, judged on the end state: a pre-existing table or column bears
 * another name (or schema) at the end of the migration. Not flagged: a table renamed behind a view
 * that keeps the old name, and a column whose old name now belongs to a column of another type (that
 * is {@code changed-column-type}).
 */
public final class RenamedTableOrColumn implements RuleCheck {
    @Override
    public List<Hit> check(MigrationFacts facts) {
        List<Hit> out = new ArrayList<>();
        for (EndState.TableEnd t : facts.endState().tables()) {
            if (t.end() != null && (t.takenBy() == null || t.takenBy().isTable())) {
                out.add(new Hit(t.by(), "table " + t.start().qualified() + " is " + t.end().qualified()
                        + " at the end of the migration"
                        + (t.takenBy() == null ? "" : "; the table now named " + t.start().qualified()
                        + " is a new one")));
            }
        }
        for (EndState.ColumnEnd c : facts.endState().columns()) {
            if (c.same() != null && !c.same().name().equals(c.start().name()) && !c.retyped()) {
                out.add(new Hit(c.by(), "column " + c.where() + " is named " + c.same().name()
                        + " at the end of the migration"
                        + (c.named() == null ? "" : "; the column now named " + c.start().name() + " is another one")));
            }
        }
        return out;
    }
}
