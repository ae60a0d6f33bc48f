package dev.migratefirst.safety.trace;

import dev.migratefirst.migrations.MigrationFile;
import java.util.List;
import java.util.Set;

/**
 * What PostgreSQL did while one migration ran on the scratch server.
 *
 * @param file             the migration
 * @param transactional    true when the whole script ran in one transaction (as Flyway runs it)
 * @param nonTransactional indexes of the statements PostgreSQL refused to run in a transaction
 *                         (SQLSTATE 25001: CREATE INDEX CONCURRENTLY and the like)
 * @param before           the catalog before the migration: what counts as pre-existing
 * @param statements       one trace per statement that ran (the last one may have failed)
 * @param skipped          statements not run because an earlier one failed
 * @param binaryCasts      {@code source:target} type oid pairs PostgreSQL converts without changing a
 *                         byte (pg_cast method {@code b}), e.g. varchar to text
 */
public record MigrationTrace(MigrationFile file, boolean transactional, List<Integer> nonTransactional,
                             CatalogSnapshot before, List<StatementTrace> statements, List<SqlStatement> skipped,
                             Set<String> binaryCasts) {

    /** True when a statement failed. */
    public boolean failed() {
        return statements.stream().anyMatch(StatementTrace::failed);
    }

    /** True when the script mixes statements that need a transaction-free run with ordinary ones. */
    public boolean mixed() {
        return !nonTransactional.isEmpty() && nonTransactional.size() < statements.size() + skipped.size();
    }
}
