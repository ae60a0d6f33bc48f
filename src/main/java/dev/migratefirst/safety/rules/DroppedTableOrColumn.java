package dev.migratefirst.safety.rules;

import dev.migratefirst.safety.facts.EndState;
import dev.migratefirst.safety.facts.MigrationFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dropped-table-or-column}, judged on the end state: a pre-existing table or column is gone at
 * the end of the migration. A column replaced by a new one of the same name and another type is a type
 * change ({@code changed-column-type}), not a drop.
 */
public final class DroppedTableOrColumn implements RuleCheck {
    @Override
    public List<Hit> check(MigrationFacts facts) {
        List<Hit> out = new ArrayList<>();
        for (EndState.TableEnd t : facts.endState().tables()) {
            if (t.end() == null) {
                out.add(new Hit(t.by(), "table " + t.start().qualified() + " is gone at the end of the migration"
                        + (t.takenBy() == null ? "" : "; the relation now of that name is a new one without its rows")));
            }
        }
        for (EndState.ColumnEnd c : facts.endState().columns()) {
            if (c.same() == null && !c.retyped()) {
                out.add(new Hit(c.by(), "column " + c.where() + " is gone at the end of the migration"
                        + (c.named() == null ? "" : "; the column now of that name is a new one")));
            }
        }
        return out;
    }
}
