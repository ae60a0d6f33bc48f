package dev.migratefirst.safety.rules;

import dev.migratefirst.safety.facts.MigrationFacts;
import dev.migratefirst.safety.facts.StatementFacts;
import dev.migratefirst.safety.facts.StatementFacts.ColumnChange;
import dev.migratefirst.safety.facts.StatementFacts.TableChange;
import java.util.ArrayList;
import java.util.List;

/** {@code dropped-table-or-column}: a pre-existing column or table is gone from the catalog. */
public final class DroppedTableOrColumn implements RuleCheck.PerStatement {
    @Override
    public List<String> observed(MigrationFacts facts, StatementFacts s) {
        List<String> out = new ArrayList<>();
        for (ColumnChange c : s.columnChanges()) {
            if (c.dropped()) {
                out.add("column " + c.where() + " is gone from the catalog");
            }
        }
        for (TableChange t : s.tableChanges()) {
            if (t.after() == null) {
                out.add("table " + t.before().qualified() + " is gone from the catalog");
            }
        }
        return out;
    }
}
