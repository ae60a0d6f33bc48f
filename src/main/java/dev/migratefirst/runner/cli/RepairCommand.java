package dev.migratefirst.runner.cli;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Reporter;
import dev.migratefirst.runner.history.RunnerLocks;
import dev.migratefirst.runner.history.SchemaHistoryTable;
import dev.migratefirst.runner.repair.RepairChange;
import dev.migratefirst.runner.repair.RepairEngine;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code repair}: Flyway's repair, guarded (see {@link RepairEngine}): deletes the failed rows of the
 * schema history and realigns the checksum of a migration whose file only gained spaces or tabs at
 * line ends. A dry run by default that prints every change it would make; {@code --apply} makes them
 * under the runner lock.
 */
@Command(name = "repair", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Repair Flyway's schema history, guarded: delete the rows of migrations that failed outside "
                + "a transaction (so they run again), and realign the checksum of an applied migration whose file "
                + "only gained spaces or tabs at line ends. Any other edit of an applied migration is reported and "
                + "left: revert it and add a new migration.",
            "A dry run by default: prints exactly what it would change. --apply makes the changes in one transaction "
                + "under the runner lock (no migrate or undo runs meanwhile)."})
public final class RepairCommand extends DatabaseCommand {

    @Option(names = "--apply", description = "Make the changes (default: only print them).")
    boolean apply;

    @Override
    protected ExitCode execute(RunContext context) throws Exception {
        Reporter reporter = context.reporter();
        FluentConfiguration flyway = context.flywayConfiguration();
        try (Connection c = context.connect()) {
            c.setAutoCommit(true);
            SchemaHistoryTable history = SchemaHistoryTable.resolve(c, RunnerLocks.historySchema(flyway),
                    Optional.of(flyway.getTable()));
            reporter.info("repair_start", "repair: " + context.connectionSettings().describe() + ", history "
                    + history.qualified() + (apply ? "" : ", dry run"), Map.of("dry_run", !apply));
            if (!history.exists(c)) {
                reporter.info("repair_done", "repair: no schema history table " + history.qualified()
                        + ": nothing to repair", Map.of("changes", 0));
                return ExitCode.SUCCESS;
            }
            RepairEngine engine = new RepairEngine(history, context.filesystemFolders(), reporter);
            List<RepairChange> changes;
            if (apply) {
                try (Connection lock = context.connect()) {
                    changes = engine.apply(lock, c, context.guards().advisoryLockWait(), context.interruption()::sleep);
                }
            } else {
                changes = engine.plan(c);
            }
            for (RepairChange change : changes) {
                reporter.info("repair_change", (apply ? "repair: did " : "repair: would ") + change.describe(),
                        Map.of("kind", change.kind().name(), "script", change.script(),
                                "installed_rank", change.installedRank()));
            }
            String summary = changes.isEmpty() ? "repair: nothing to repair"
                    : apply ? "repair: made " + changes.size() + " change" + (changes.size() == 1 ? "" : "s")
                    : "repair (dry run): " + changes.size() + " change" + (changes.size() == 1 ? "" : "s")
                            + " to make; run 'runner repair --apply' to make them";
            reporter.info("repair_done", summary, Map.of("changes", changes.size(), "applied", apply));
        }
        return ExitCode.SUCCESS;
    }
}
