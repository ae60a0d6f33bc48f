package dev.migratefirst.safety.rules;

import dev.migratefirst.safety.facts.EndState;
import dev.migratefirst.safety.facts.MigrationFacts;
import dev.migratefirst.safety.trace.CatalogSnapshot.Column;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code required-column-without-default}, judged on the end state: at the end of the migration a
 * pre-existing table has a column the running app version may leave out of its INSERTs that is NOT
 * NULL without a default (nor identity or generation expression): a new column (however it got
 * there: added NOT NULL, added nullable then SET NOT NULL, added with a default then DROP DEFAULT),
 * or a NOT NULL column whose default the migration removed.
 */
public final class RequiredColumnWithoutDefault implements RuleCheck {
    @Override
    public List<Hit> check(MigrationFacts facts) {
        List<Hit> out = new ArrayList<>();
        for (EndState.AddedColumn a : facts.endState().added()) {
            if (required(a.column())) {
                out.add(new Hit(a.by(), "new column " + a.where()
                        + " is NOT NULL and has no default at the end of the migration"));
            }
        }
        for (EndState.ColumnEnd c : facts.endState().columns()) {
            Column start = c.start();
            if (c.named() != null && required(c.named()) && (start.hasDefault() || start.identityOrGenerated())) {
                out.add(new Hit(c.by(), "column " + c.where() + " had a default before the migration and is NOT "
                        + "NULL without one after it: INSERTs that leave it out fail"));
            }
        }
        return out;
    }

    private static boolean required(Column c) {
        return c.notNull() && !c.hasDefault() && !c.identityOrGenerated();
    }
}
