package dev.migratefirst.safety.facts;

import dev.migratefirst.safety.trace.CatalogSnapshot;
import dev.migratefirst.safety.trace.CatalogSnapshot.Constraint;
import dev.migratefirst.safety.trace.MigrationTrace;
import dev.migratefirst.safety.trace.SqlStatement;
import dev.migratefirst.safety.trace.StatementTrace;
import java.util.ArrayList;
import java.util.List;

/**
 * What one migration did, collected in one pass over its {@link MigrationTrace}: the facts of each
 * statement, and the facts that only the whole migration shows. The rules read these and nothing
 * else; none of them parses SQL text.
 *
 * @param trace           what PostgreSQL did while the migration ran
 * @param statements      the facts of each statement that ran, in order
 * @param addedForeignKeys foreign keys the migration added (to any table), as they are at its end
 * @param endState        the schema at the end of the migration compared with the schema before it
 */
public record MigrationFacts(MigrationTrace trace, List<StatementFacts> statements,
                             List<AddedForeignKey> addedForeignKeys, EndState endState) {

    /**
     * A foreign key the migration added.
     *
     * @param constraint the constraint as the catalog shows it at the end of the migration
     * @param addedBy    the statement that created it
     */
    public record AddedForeignKey(Constraint constraint, SqlStatement addedBy) {
    }

    /** Collects the facts of {@code trace}. */
    public static MigrationFacts of(MigrationTrace trace) {
        List<StatementFacts> statements = trace.statements().stream()
                .map(st -> StatementFacts.of(st, trace.before(), st.failed())).toList();
        List<AddedForeignKey> foreignKeys = new ArrayList<>();
        CatalogSnapshot end = endOf(trace);
        if (end != null) {
            for (Constraint c : end.constraints().values()) {
                if (c.type() == 'f' && !trace.before().constraints().containsKey(c.oid())) {
                    foreignKeys.add(new AddedForeignKey(c, statementThatCreated(trace, c.oid())));
                }
            }
        }
        return new MigrationFacts(trace, statements, List.copyOf(foreignKeys),
                EndState.of(trace));
    }

    private static CatalogSnapshot endOf(MigrationTrace trace) {
        List<StatementTrace> sts = trace.statements();
        return sts.isEmpty() ? null : sts.get(sts.size() - 1).after();
    }

    private static SqlStatement statementThatCreated(MigrationTrace trace, long constraintOid) {
        for (StatementTrace st : trace.statements()) {
            if (!st.before().constraints().containsKey(constraintOid)
                    && st.after().constraints().containsKey(constraintOid)) {
                return st.statement();
            }
        }
        return trace.statements().get(0).statement();
    }

    /** The catalog before the migration: only relations in it count as pre-existing. */
    public CatalogSnapshot start() {
        return trace.before();
    }

    /** The catalog at the end of the migration (after its last statement); null when it has none. */
    public CatalogSnapshot end() {
        return endOf(trace);
    }

    /**
     * The statements PostgreSQL refused to run inside the migration's transaction (SQLSTATE 25001)
     * when the script also has other statements; empty otherwise.
     */
    public List<SqlStatement> refusedInMixedScript() {
        if (!trace.mixed()) {
            return List.of();
        }
        return trace.nonTransactional().stream().map(i -> script().get(i)).toList();
    }

    /** Every statement of the script, run or skipped, in order. */
    public List<SqlStatement> script() {
        List<SqlStatement> all = new ArrayList<>();
        trace.statements().forEach(s -> all.add(s.statement()));
        all.addAll(trace.skipped());
        return List.copyOf(all);
    }

    /** True when PostgreSQL converts type {@code from} to {@code to} without changing a byte. */
    public boolean binaryCoercible(long from, long to) {
        return trace.binaryCasts().contains(from + ":" + to);
    }
}
