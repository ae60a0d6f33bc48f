package dev.migratefirst.safety.rules;

import dev.migratefirst.safety.facts.MigrationFacts;
import dev.migratefirst.safety.facts.StatementFacts;
import dev.migratefirst.safety.trace.SqlStatement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code concurrently-in-transaction}: statements PostgreSQL refused inside the migration's
 * transaction (SQLSTATE 25001) in a script that has other statements, and statements that failed
 * with that SQLSTATE.
 */
public final class ConcurrentlyInTransaction implements RuleCheck {
    @Override
    public List<Hit> check(MigrationFacts facts) {
        List<Hit> out = new ArrayList<>();
        int others = facts.script().size() - 1;
        for (SqlStatement s : facts.refusedInMixedScript()) {
            out.add(new Hit(s, "PostgreSQL refused to run it inside the migration's transaction (SQLSTATE 25001) "
                    + "and the script has " + others + " other statement(s)"));
        }
        for (StatementFacts s : facts.statements()) {
            if (s.refusedInTransaction()) {
                out.add(new Hit(s.statement(), "PostgreSQL rejected it: " + s.trace().error()));
            }
        }
        return out;
    }
}
