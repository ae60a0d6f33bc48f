package dev.migratefirst.safety.rules;

import dev.migratefirst.safety.facts.EndState;
import dev.migratefirst.safety.facts.MigrationFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code json-column}, judged on the end state: a pre-existing table has a new column of type
 * {@code json}, which has no equality operator.
 */
public final class JsonColumn implements RuleCheck {
    @Override
    public List<Hit> check(MigrationFacts facts) {
        List<Hit> out = new ArrayList<>();
        for (EndState.AddedColumn a : facts.endState().added()) {
            if (a.column().type().equals("json") || a.column().type().equals("json[]")) {
                out.add(new Hit(a.by(), "new column " + a.where() + " is " + a.column().type()
                        + ", which has no equality operator"));
            }
        }
        return out;
    }
}
