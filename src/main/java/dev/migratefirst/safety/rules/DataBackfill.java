package dev.migratefirst.safety.rules;

import dev.migratefirst.safety.facts.MigrationFacts;
import dev.migratefirst.safety.facts.StatementFacts;
import dev.migratefirst.safety.facts.StatementFacts.DataChange;
import java.util.List;
import java.util.Locale;

/** {@code data-backfill}: a statement changed rows of a pre-existing table inside the migration. */
public final class DataBackfill implements RuleCheck.PerStatement {
    @Override
    public List<String> observed(MigrationFacts facts, StatementFacts s) {
        DataChange d = s.dataChange();
        if (d == null) {
            return List.of();
        }
        if (d.operation() == null) {
            return List.of("it took ROW EXCLUSIVE on existing table " + d.table().qualified()
                    + ", the lock of INSERT, UPDATE and DELETE, from code the planner cannot show (a DO block "
                    + "or a function): it changes rows of that table inside the migration");
        }
        long rows = s.trace().updateCount();
        return List.of("the planner reports " + d.operation().toUpperCase(Locale.ROOT) + " on existing table "
                + d.table().qualified() + " (" + (rows < 0 ? "row count not reported" : rows + " row(s) here")
                + "; in production it touches every matching row in one transaction)");
    }
}
