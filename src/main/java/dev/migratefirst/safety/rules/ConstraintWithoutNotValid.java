package dev.migratefirst.safety.rules;

import dev.migratefirst.safety.facts.EndState;
import dev.migratefirst.safety.facts.MigrationFacts;
import dev.migratefirst.safety.facts.StatementFacts;
import dev.migratefirst.safety.facts.StatementFacts.IndexBuild;
import dev.migratefirst.safety.facts.StatementFacts.NotNullSet;
import dev.migratefirst.safety.trace.CatalogSnapshot.Constraint;
import dev.migratefirst.safety.trace.LockMode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code constraint-without-not-valid}: a constraint added to a pre-existing table was validated
 * (or its index built) right away under a lock that blocks the app: a UNIQUE, PRIMARY KEY or EXCLUDE
 * constraint that built a new index under a lock that blocks writes, a CHECK or FOREIGN KEY added
 * validated, or SET NOT NULL that scanned the table because no validated CHECK proved it. Judged on
 * the end state too: in a transactional migration, a CHECK or FOREIGN KEY absent before it and validated
 * after it (added NOT VALID, then validated in a later statement), or a column nullable before it and
 * NOT NULL after it with no validated CHECK from before it proving so, had its scan under the lock its
 * first statement took, held until commit.
 */
public final class ConstraintWithoutNotValid implements RuleCheck {
    @Override
    public List<Hit> check(MigrationFacts facts) {
        List<Hit> out = new ArrayList<>();
        for (StatementFacts s : facts.statements()) {
            observed(facts, s).forEach(o -> out.add(new Hit(s.statement(), o)));
        }
        if (!facts.trace().transactional()) {
            return out;
        }
        for (EndState.ValidatedConstraint v : facts.endState().validated()) {
            if (facts.statements().stream().noneMatch(s -> s.constraintsAdded().stream()
                    .anyMatch(k -> k.oid() == v.constraint().oid()))) {
                out.add(new Hit(v.by(), kind(v.constraint().type()) + " constraint " + v.constraint().name() + " on "
                        + v.table() + " was added NOT VALID and validated in the same migration: the scan ran "
                        + "under the lock its ADD took, held until commit"));
            }
        }
        for (EndState.NotNullEnd n : facts.endState().notNulls()) {
            boolean reported = facts.statements().stream().anyMatch(s -> s.notNullsSet().stream()
                    .anyMatch(x -> !x.provenByCheck() && x.column().table() == n.start().table()
                            && x.column().num() == n.start().num()));
            if (!reported) {
                out.add(new Hit(n.by(), n.where() + " was nullable before the migration and is NOT NULL after it, "
                        + "proven by a CHECK validated inside the migration: that scan ran under a lock held "
                        + "until commit"));
            }
        }
        return out;
    }

    private List<String> observed(MigrationFacts facts, StatementFacts s) {
        List<String> out = new ArrayList<>();
        for (IndexBuild b : s.indexBuilds()) {
            LockMode m = s.heldOn(b.index().table());
            if (!b.rebuilt() && b.backs() != null && m != null && m.blocksWrites()) {
                out.add(kind(b.backs().type()) + " constraint " + b.backs().name() + " built a new index on "
                        + facts.start().nameOf(b.index().table()) + " under " + m + ", which blocks " + m.blocks());
            }
        }
        for (Constraint c : s.constraintsAdded()) {
            out.add(kind(c.type()) + " constraint " + c.name() + " was added validated on "
                    + facts.start().nameOf(c.table()) + ": PostgreSQL scanned the table under "
                    + underLock(s.heldOn(c.table())));
        }
        for (StatementFacts.DomainCheck d : s.domainChecks()) {
            long table = d.columns().get(0).table();
            out.add("CHECK constraint " + d.constraint().name() + " was added validated on domain "
                    + d.constraint().domainName() + ": PostgreSQL checked every value of " + d.columns().stream()
                    .map(c -> facts.start().nameOf(c.table()) + "." + c.name()).toList() + " under "
                    + underLock(s.heldOn(table)));
        }
        for (NotNullSet n : s.notNullsSet()) {
            if (!n.provenByCheck()) {
                out.add("SET NOT NULL on " + n.where() + " scanned the table under "
                        + underLock(s.heldOn(n.column().table())) + "; no validated CHECK (" + n.column().name()
                        + " IS NOT NULL) let it skip the scan");
            }
        }
        return out;
    }

    private static String underLock(LockMode m) {
        return m == null ? "its lock" : m + ", which blocks " + m.blocks();
    }

    private static String kind(char type) {
        return switch (type) {
            case 'u' -> "UNIQUE";
            case 'p' -> "PRIMARY KEY";
            case 'x' -> "EXCLUDE";
            case 'c' -> "CHECK";
            case 'f' -> "FOREIGN KEY";
            default -> String.valueOf(type);
        };
    }
}
