package dev.migratefirst.runner.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migratefirst.migrations.MigrationFile;
import dev.migratefirst.migrations.MigrationKind;
import dev.migratefirst.migrations.MigrationVersion;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Guards;
import dev.migratefirst.runner.RunnerException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading a backfill file, binding :from/:to, the batch size adaptation and migrate's gate (no server needed). */
class BackfillScriptTest {
    private static final MigrationFile FILE = new MigrationFile(MigrationKind.BACKFILL,
            Optional.of(MigrationVersion.parse("3")), "backfill email verified", Path.of("D3__backfill_email_verified.sql"));

    private static BackfillScript parse(String text) {
        return BackfillScript.parse(FILE, text);
    }

    @Test
    void bindsFromAndToOutsideStringsCommentsCastsAndDollarQuotes() {
        BackfillScript s = parse("-- migratefirst:backfill table=app.users key=id batch-size=500\n"
                + "/* :from in a comment */ UPDATE app.users SET note = ':from' || $$:to$$, n = n::int\n"
                + " WHERE id >= :from AND id <= :to -- :to\n;\n");
        assertThat(s.table()).isEqualTo("app.users");
        assertThat(s.key()).isEqualTo("id");
        assertThat(s.initialBatchSize()).hasValue(500);
        assertThat(s.parameters()).containsExactly("from", "to");
        assertThat(s.jdbcStatement()).contains("':from' || $$:to$$, n = n::int", "id >= ? AND id <= ?")
                .doesNotContain(";");
        assertThat(s.label()).isEqualTo("D3 (backfill email verified)");
    }

    @Test
    void refusesWhatWouldNotBatch() {
        assertRefused("UPDATE t SET v = 1 WHERE id BETWEEN :from AND :to;", "no header line");
        assertRefused("-- migratefirst:backfill key=id\nUPDATE t SET v = 1 WHERE id BETWEEN :from AND :to;",
                "the header needs table=<table>");
        assertRefused("-- migratefirst:backfill table=t\nUPDATE t SET v = 1 WHERE id BETWEEN :from AND :to;",
                "the header needs key=<column>");
        assertRefused("-- migratefirst:backfill table=t key=id size=3\nUPDATE t SET v = 1;", "unknown header setting");
        assertRefused("-- migratefirst:backfill table=t key=id batch-size=0\nUPDATE t SET v = 1 WHERE id BETWEEN :from "
                + "AND :to;", "batch-size must be a positive number");
        assertRefused("-- migratefirst:backfill table=t key=id\nUPDATE t SET v = 1;", "it uses neither");
        assertRefused("-- migratefirst:backfill table=t key=id\nUPDATE t SET v = ':from' WHERE id < :to;", "only :to");
        assertRefused("-- migratefirst:backfill table=t key=id\nUPDATE t SET v = 1 WHERE id BETWEEN :from AND :to;"
                + "\nSELECT 1;", "2 statements");
        assertRefused("-- migratefirst:backfill table=t key=id\n-- nothing\n", "no statement after the header");
    }

    private static void assertRefused(String text, String message) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(RunnerException.class)
                .hasMessageContaining("D3__backfill_email_verified.sql: ").hasMessageContaining(message)
                .satisfies(e -> assertThat(((RunnerException) e).exitCode()).isEqualTo(ExitCode.CONFIGURATION_ERROR));
    }

    @Test
    void batchSizeAdaptsTowardTheTargetAtMostHalvedOrDoubled() {
        BackfillEngine engine = new BackfillEngine(new BackfillSettings(Guards.DEFAULTS, Duration.ofMillis(200),
                Duration.ZERO, 1000, 50_000, Optional.empty(), java.util.OptionalInt.empty(), Duration.ofSeconds(10)),
                new dev.migratefirst.runner.history.SchemaHistoryTable("public", "flyway_schema_history"),
                () -> null, new dev.migratefirst.runner.Interruption(), dev.migratefirst.runner.Reporter.create(dev.migratefirst.runner.LogFormat.human, System.out,
                System.err, new dev.migratefirst.runner.Redactor()));
        assertThat(engine.adapt(1000, Duration.ofMillis(100).toNanos())).isEqualTo(2000);
        assertThat(engine.adapt(1000, Duration.ofMillis(10).toNanos())).isEqualTo(2000);
        assertThat(engine.adapt(1000, Duration.ofMillis(250).toNanos())).isEqualTo(800);
        assertThat(engine.adapt(1000, Duration.ofSeconds(5).toNanos())).isEqualTo(500);
        assertThat(engine.adapt(40_000, 1)).isEqualTo(50_000);
        assertThat(engine.adapt(1, Duration.ofSeconds(5).toNanos())).isEqualTo(1);
    }

    @Test
    void migrateRunsAnUnfinishedBackfillInPlaceOnlyWhileTheDatabaseIsBelowItsVersion() {
        MigrationFile v4 = new MigrationFile(MigrationKind.VERSIONED, Optional.of(MigrationVersion.parse("4")),
                "contract", Path.of("V4__contract.sql"));
        MigrationFile v3 = new MigrationFile(MigrationKind.VERSIONED, Optional.of(MigrationVersion.parse("3")),
                "expand", Path.of("V3__expand.sql"));
        // nothing after it pending: it waits for 'runner backfill'
        assertThat(BackfillGate.inPlace(List.of(FILE), Map.of(), Optional.of(MigrationVersion.parse("2")), List.of(v3)))
                .isEmpty();
        // expand, backfill and contract in one run: in place
        assertThat(BackfillGate.inPlace(List.of(FILE), Map.of(), Optional.of(MigrationVersion.parse("2")),
                List.of(v3, v4))).containsExactly(FILE);
        assertThat(BackfillGate.inPlace(List.of(FILE), Map.of(), Optional.empty(), List.of(v3, v4))).containsExactly(FILE);
        // the expand is live, the backfill half done: refused
        BackfillState half = new BackfillState("3", FILE.fileName(), "x", 1, 100, 51, 50, 100, 5, 10, "running",
                java.time.Instant.EPOCH, java.time.Instant.EPOCH, Optional.empty());
        assertThatThrownBy(() -> BackfillGate.inPlace(List.of(FILE), Map.of("3", half),
                Optional.of(MigrationVersion.parse("3")), List.of(v4)))
                .isInstanceOf(RunnerException.class)
                .hasMessage("V4__contract.sql comes after backfill D3 (backfill email verified), which is 50% done "
                        + "(50 rows, 5 batches): run 'runner backfill' until it is done, then deploy again; nothing "
                        + "was applied");
        // done: nothing to do
        BackfillState done = new BackfillState("3", FILE.fileName(), "x", 1, 100, 101, 100, 100, 10, 10, "done",
                java.time.Instant.EPOCH, java.time.Instant.EPOCH, Optional.of(java.time.Instant.EPOCH));
        assertThat(BackfillGate.inPlace(List.of(FILE), Map.of("3", done), Optional.of(MigrationVersion.parse("3")),
                List.of(v4))).isEmpty();
    }
}
