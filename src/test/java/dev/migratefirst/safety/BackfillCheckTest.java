package dev.migratefirst.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code check} on a declared backfill (D file): planned, not traced, so never a data-backfill finding. */
class BackfillCheckTest extends OnScratchPostgres {
    @Test
    void aDeclaredBackfillIsNotADataBackfillAndItsBatchIsCheckedForAnIndexOnTheKey() {
        CheckReport report = Scratch.check(server, Rule.EXAMPLE_SCHEMA, List.of(
                "UPDATE orders SET status = 'new' WHERE status IS NULL;",
                Rule.BACKFILL_WITHOUT_INDEX.goodSql(),
                Rule.BACKFILL_WITHOUT_INDEX.badSql()));
        MigrationResult inMigration = report.results().get(0);
        MigrationResult declared = report.results().get(1);
        MigrationResult slow = report.results().get(2);

        assertThat(Scratch.of(inMigration, Rule.DATA_BACKFILL)).hasSize(1);
        assertThat(declared.file().fileName()).isEqualTo("D3__under_test.sql");
        assertThat(declared.findings()).isEmpty();
        assertThat(slow.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(Rule.BACKFILL_WITHOUT_INDEX);
            assertThat(f.observed()).contains("sequential scan of orders", "no index serves the statement's range on id");
        });
    }

    @Test
    void aBackfillTheRunnerWouldRefuseIsReported() {
        MigrationResult r = Scratch.checkOne(server, Rule.EXAMPLE_SCHEMA,
                "-- migratefirst:backfill table=orders key=id\nUPDATE orders SET status = 'new' WHERE id > :from;");
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(Rule.MIGRATION_FAILED);
            assertThat(f.observed()).contains("the runner refuses this backfill", "must use both :from and :to");
        });
    }
}
