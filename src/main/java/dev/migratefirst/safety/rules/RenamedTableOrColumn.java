package dev.migratefirst.safety.rules;

import dev.migratefirst.safety.facts.MigrationFacts;
import dev.migratefirst.safety.facts.StatementFacts;
import dev.migratefirst.safety.facts.StatementFacts.ColumnChange;
import dev.migratefirst.safety.facts.StatementFacts.TableChange;
import java.util.ArrayList;
import java.util.List;

/** {@code renamed-table-or-column}: a pre-existing column or table has a new name (or schema). */
public final class RenamedTableOrColumn implements RuleCheck.PerStatement {
    @Override
    public List<String> observed(MigrationFacts facts, StatementFacts s) {
        List<String> out = new ArrayList<>();
        for (ColumnChange c : s.columnChanges()) {
            if (!c.dropped() && !c.after().name().equals(c.before().name())) {
                out.add("column " + c.where() + " is now named " + c.after().name());
            }
        }
        for (TableChange t : s.tableChanges()) {
            if (t.after() != null) {
                out.add("table " + t.before().qualified() + " is now " + t.after().qualified());
            }
        }
        return out;
    }
}
