package dev.migratefirst.safety.rules;

import dev.migratefirst.safety.facts.MigrationFacts;
import dev.migratefirst.safety.facts.MigrationFacts.AddedForeignKey;
import dev.migratefirst.safety.trace.CatalogSnapshot;
import dev.migratefirst.safety.trace.CatalogSnapshot.Constraint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code foreign-key-without-index}: a foreign key the migration added whose referencing columns lead
 * no index at the end of the migration.
 */
public final class ForeignKeyWithoutIndex implements RuleCheck {
    @Override
    public List<Hit> check(MigrationFacts facts) {
        List<Hit> out = new ArrayList<>();
        CatalogSnapshot end = facts.end();
        for (AddedForeignKey fk : facts.addedForeignKeys()) {
            Constraint c = fk.constraint();
            Set<Integer> keys = new HashSet<>(c.columns());
            boolean covered = end.indexes().values().stream().anyMatch(i -> i.table() == c.table()
                    && i.columns().size() >= keys.size()
                    && new HashSet<>(i.columns().subList(0, keys.size())).equals(keys));
            if (!covered) {
                List<String> names = c.columns().stream().map(n -> end.columnName(c.table(), n)).toList();
                out.add(new Hit(fk.addedBy(), "foreign key " + c.name() + " on " + end.nameOf(c.table()) + " ("
                        + String.join(", ", names) + ") has no index with those leading columns"));
            }
        }
        return out;
    }
}
