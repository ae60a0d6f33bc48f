package dev.migratefirst.safety.rules;

import dev.migratefirst.safety.facts.EndState;
import dev.migratefirst.safety.facts.MigrationFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code changed-column-type}, judged on the end state: the column that bears a pre-existing
 * column's name at the end of the migration has a type PostgreSQL does not convert byte for byte from
 * the old one (varchar to text is fine), whether it got there by ALTER COLUMN TYPE or by adding a new
 * column, copying, dropping the old one and renaming the new one.
 */
public final class ChangedColumnType implements RuleCheck {
    @Override
    public List<Hit> check(MigrationFacts facts) {
        List<Hit> out = new ArrayList<>();
        for (EndState.ColumnEnd c : facts.endState().columns()) {
            if (c.retyped()) {
                out.add(new Hit(c.by(), "column " + c.where() + " is " + c.named().type()
                        + " at the end of the migration, " + c.start().type() + " before it"));
            }
        }
        return out;
    }

}
