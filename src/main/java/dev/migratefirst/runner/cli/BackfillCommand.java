package dev.migratefirst.runner.cli;

import dev.migratefirst.migrations.MigrationFile;
import dev.migratefirst.migrations.MigrationVersion;
import dev.migratefirst.migrations.MigrationsFolder;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.backfill.BackfillEngine;
import dev.migratefirst.runner.backfill.BackfillGate;
import dev.migratefirst.runner.backfill.BackfillScript;
import dev.migratefirst.runner.backfill.BackfillState;
import dev.migratefirst.runner.backfill.Checkpoints;
import dev.migratefirst.runner.history.RunnerLocks;
import dev.migratefirst.runner.history.SchemaHistoryTable;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code backfill}: runs the backfills ({@code D<n>__*.sql}) that are not done, batch by batch, resumable.
 * Run it after the deploy that brought the backfill is live (docs/backfill.md).
 */
@Command(name = "backfill", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the batched backfills (D<version>__<description>.sql) that are not done yet, in version "
                + "order: each batch is its own short transaction under lock_timeout, checkpointed in the same "
                + "transaction, so a stopped or killed runner resumes where it left off. Run it once the app "
                + "version that writes the new column is live; a finished backfill is not run again.",
            "The batch size adapts toward --batch-duration; --max-replication-lag and --max-lock-waiters pause "
                + "it while the database is busy."})
public final class BackfillCommand extends DatabaseCommand {

    @Mixin
    BackfillOptions options;

    @Override
    protected ExitCode execute(RunContext context) throws Exception {
        List<BackfillScript> scripts = scripts(context);
        if (scripts.isEmpty()) {
            context.reporter().info("backfill_none", "backfill: no backfill (D<version>__*.sql) in "
                    + String.join(",", context.describeLocations()) + "; nothing to do");
            return ExitCode.SUCCESS;
        }
        BackfillEngine.Outcome outcome = engine(context, options).run(scripts, versions(context));
        context.reporter().info("backfill_summary", "backfill: " + outcome.completed() + " completed now, "
                + outcome.alreadyDone() + " already done, " + outcome.rows() + " rows changed by this run",
                Map.of("completed", outcome.completed(), "already_done", outcome.alreadyDone(), "rows", outcome.rows()));
        return ExitCode.SUCCESS;
    }

    /**
     * The backfills {@code migrate} runs in place ({@link BackfillGate}); empty, without touching the database,
     * when the folders hold none.
     *
     * @throws dev.migratefirst.runner.RunnerException exit 9 when a pending migration waits for an unfinished backfill
     */
    static List<BackfillScript> inPlace(RunContext context) throws Exception {
        List<MigrationFile> backfills = new ArrayList<>();
        List<MigrationFile> versioned = new ArrayList<>();
        for (MigrationsFolder f : context.filesystemFolders()) {
            backfills.addAll(f.backfills());
            versioned.addAll(f.versioned());
        }
        if (backfills.isEmpty()) {
            return List.of();
        }
        backfills.sort((a, b) -> a.version().orElseThrow().compareTo(b.version().orElseThrow()));
        try (Connection c = context.connect()) {
            SchemaHistoryTable history = history(context, c);
            Optional<MigrationVersion> applied = BackfillEngine.appliedVersion(history, c);
            List<MigrationFile> pending = versioned.stream()
                    .filter(m -> applied.isEmpty() || m.version().orElseThrow().compareTo(applied.get()) > 0)
                    .sorted((a, b) -> a.version().orElseThrow().compareTo(b.version().orElseThrow())).toList();
            List<MigrationFile> run = BackfillGate.inPlace(backfills, new Checkpoints(history).all(c), applied, pending);
            return run.stream().map(BackfillScript::read).toList();
        }
    }

    /**
     * {@code info}'s backfill lines: each backfill file with its checkpoint state (pending, waiting for its
     * schema version, running with keys and rows done, done), in the columns of the migration lines.
     */
    static void report(RunContext context, java.text.SimpleDateFormat time) throws java.sql.SQLException {
        List<MigrationFile> backfills = new ArrayList<>();
        context.filesystemFolders().forEach(f -> backfills.addAll(f.backfills()));
        if (backfills.isEmpty()) {
            return;
        }
        try (Connection c = context.connect()) {
            SchemaHistoryTable history = history(context, c);
            Optional<MigrationVersion> applied = BackfillEngine.appliedVersion(history, c);
            Map<String, BackfillState> states = new Checkpoints(history).all(c);
            for (MigrationFile d : backfills) {
                MigrationVersion v = d.version().orElseThrow();
                BackfillState st = states.get(v.toString());
                String state;
                String detail;
                if (st != null) {
                    state = st.done() ? "Done" : "Running";
                    detail = String.format(java.util.Locale.ROOT, "%.0f%% of keys, %d/%d rows, %d batches",
                            st.percent(), st.rowsDone(), st.rowsEstimated(), st.batches());
                } else if (applied.isPresent() && applied.get().compareTo(v) >= 0) {
                    state = "Pending";
                    detail = "run 'runner backfill'";
                } else {
                    state = "Waiting";
                    detail = "for schema version " + v;
                }
                String installed = st == null ? "" : time.format(java.util.Date.from(
                        st.finishedAt().orElse(st.updatedAt())));
                Map<String, Object> f = new java.util.LinkedHashMap<>();
                f.put("version", "D" + v);
                f.put("description", d.description());
                f.put("type", "BACKFILL");
                f.put("state", state);
                f.put("script", d.fileName());
                f.put("rows_done", st == null ? null : st.rowsDone());
                f.put("rows_estimated", st == null ? null : st.rowsEstimated());
                f.put("keys_done_pct", st == null ? null : Math.round(st.percent() * 10) / 10.0);
                f.put("batches", st == null ? null : st.batches());
                context.reporter().info("backfill_info", String.format(java.util.Locale.ROOT,
                        "%-9s %-36s %-10s %-20s %s", "D" + v, d.description().length() <= 36 ? d.description()
                                : d.description().substring(0, 35) + "…", state, installed, detail), f);
            }
        }
    }

    /** Every backfill file of the filesystem locations, read and checked (a bad file: configuration error). */
    static List<BackfillScript> scripts(RunContext context) {
        List<BackfillScript> out = new ArrayList<>();
        for (MigrationsFolder f : context.filesystemFolders()) {
            f.backfills().forEach(b -> out.add(BackfillScript.read(b)));
        }
        return out;
    }

    /** The engine on the context's guarded connections, next to the schema history Flyway is configured with. */
    static BackfillEngine engine(RunContext context, BackfillOptions options) throws Exception {
        SchemaHistoryTable history;
        try (Connection c = context.connect()) {
            history = history(context, c);
        }
        return new BackfillEngine(options.settings(context.guards()), history, context::connect,
                context.interruption(), context.reporter());
    }

    /** The schema history table Flyway is configured with (the checkpoint table lives next to it). */
    private static SchemaHistoryTable history(RunContext context, Connection c) throws java.sql.SQLException {
        FluentConfiguration flyway = context.flywayConfiguration();
        return SchemaHistoryTable.resolve(c, RunnerLocks.historySchema(flyway), Optional.of(flyway.getTable()));
    }

    /** The versions of the versioned migrations of the filesystem locations. */
    static List<MigrationVersion> versions(RunContext context) {
        List<MigrationVersion> out = new ArrayList<>();
        context.filesystemFolders().forEach(f -> f.versioned().forEach(m -> out.add(m.version().orElseThrow())));
        return out;
    }
}
