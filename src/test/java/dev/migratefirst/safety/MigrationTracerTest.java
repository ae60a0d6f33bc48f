package dev.migratefirst.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.safety.trace.LockMode;
import dev.migratefirst.safety.trace.MigrationTrace;
import dev.migratefirst.safety.trace.SqlStatement;
import dev.migratefirst.safety.trace.StatementTrace;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the tracer observes, on a real PostgreSQL: locks per statement, rewrites, transaction mode. */
class MigrationTracerTest extends OnScratchPostgres {
    private static final String SETUP = "CREATE TABLE orders (id bigint PRIMARY KEY, state text);\n";

    private static Map<String, LockMode> locks(MigrationTrace t, StatementTrace st, boolean acquiredOnly) {
        return (acquiredOnly ? st.acquired() : st.held()).entrySet().stream()
                .collect(Collectors.toMap(e -> t.before().nameOf(e.getKey()), Map.Entry::getValue));
    }

    @Test
    void transactionalStatementsShowTheLocksEachOneTookAndHeldOnes() {
        MigrationResult r = Scratch.checkOne(server, SETUP,
                "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;\nSELECT count(*) FROM orders;");
        MigrationTrace t = r.trace();
        assertThat(t.transactional()).isTrue();
        assertThat(locks(t, t.statements().get(0), true)).isEmpty();
        assertThat(locks(t, t.statements().get(1), true)).containsEntry("orders", LockMode.ACCESS_EXCLUSIVE);
        // the SELECT takes nothing that blocks (at most ACCESS SHARE on the index it scans), and the
        // ALTER's lock is still held until commit
        assertThat(t.statements().get(2).acquired().values()).allMatch(m -> m == LockMode.ACCESS_SHARE);
        assertThat(locks(t, t.statements().get(2), true)).doesNotContainKey("orders");
        assertThat(locks(t, t.statements().get(2), false)).containsEntry("orders", LockMode.ACCESS_EXCLUSIVE);
        assertThat(t.statements().get(1).lockTimeout()).isEqualTo("5s");
        assertThat(t.statements().get(0).lockTimeout()).isEqualTo("0");
    }

    @Test
    void objectsCreatedByTheMigrationAreNotTracked() {
        MigrationResult r = Scratch.checkOne(server, SETUP,
                "CREATE TABLE notes (id bigint PRIMARY KEY);\nALTER TABLE notes ADD COLUMN body text;\n"
                        + "CREATE INDEX notes_body_idx ON notes (body);");
        assertThat(r.trace().statements()).allSatisfy(st -> assertThat(st.acquired()).isEmpty());
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void concurrentIndexRunsOutsideATransactionAndItsLockIsCaught() {
        MigrationResult r = Scratch.checkOne(server, SETUP, "CREATE INDEX CONCURRENTLY orders_state_idx ON orders (state);");
        MigrationTrace t = r.trace();
        assertThat(t.transactional()).isFalse();
        assertThat(t.nonTransactional()).containsExactly(0);
        assertThat(t.mixed()).isFalse();
        StatementTrace st = t.statements().get(0);
        assertThat(locks(t, st, false)).containsEntry("orders", LockMode.SHARE_UPDATE_EXCLUSIVE);
        assertThat(st.waits()).anyMatch(w -> w.startsWith("requested SHARE UPDATE EXCLUSIVE on orders"));
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void vacuumFullOutsideATransactionIsSeenTakingAccessExclusiveAndRewriting() {
        MigrationResult r = Scratch.checkOne(server, SETUP, "VACUUM FULL orders;");
        StatementTrace st = r.trace().statements().get(0);
        assertThat(locks(r.trace(), st, false)).containsEntry("orders", LockMode.ACCESS_EXCLUSIVE);
        assertThat(Scratch.of(r, Rule.TABLE_REWRITE)).singleElement()
                .satisfies(f -> assertThat(f.observed()).contains("table orders", "ACCESS EXCLUSIVE"));
    }

    @Test
    void aFailedStatementStopsTheMigrationAndIsReported() {
        MigrationResult r = Scratch.checkOne(server, SETUP,
                "ALTER TABLE orders ADD COLUMN a text;\nALTER TABLE nope ADD COLUMN b text;\nSELECT 1;");
        assertThat(r.trace().failed()).isTrue();
        assertThat(r.trace().skipped()).extracting(SqlStatement::sql).containsExactly("SELECT 1");
        assertThat(Scratch.of(r, Rule.MIGRATION_FAILED)).singleElement()
                .satisfies(f -> assertThat(f.observed()).contains("relation \"nope\" does not exist"));
    }

    @Test
    void indexesRebuiltByATypeChangeAreTheRewriteNotNewConstraintsOrIndexes() {
        MigrationResult r = Scratch.checkOne(server, SETUP + "CREATE INDEX orders_state_idx ON orders (state);\n",
                "SET lock_timeout = '5s';\nALTER TABLE orders ALTER COLUMN id TYPE text;");
        assertThat(r.findings()).extracting(Finding::rule)
                .contains(Rule.TABLE_REWRITE, Rule.CHANGED_COLUMN_TYPE)
                .doesNotContain(Rule.CONSTRAINT_WITHOUT_NOT_VALID, Rule.INDEX_WITHOUT_CONCURRENTLY);
    }

    @Test
    void anIndexRebuiltWithoutATableRewriteIsReportedAsTheRewrite() {
        MigrationResult r = Scratch.checkOne(server, SETUP + "CREATE INDEX orders_state_idx ON orders (state);\n",
                "SET lock_timeout = '5s';\nALTER TABLE orders ALTER COLUMN state TYPE text COLLATE \"C\";");
        assertThat(Scratch.of(r, Rule.TABLE_REWRITE)).singleElement()
                .satisfies(f -> assertThat(f.observed()).contains("index orders_state_idx", "rebuilt"));
        assertThat(r.findings()).extracting(Finding::rule).doesNotContain(Rule.INDEX_WITHOUT_CONCURRENTLY);
    }
}
