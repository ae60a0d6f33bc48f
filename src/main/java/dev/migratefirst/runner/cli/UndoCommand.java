package dev.migratefirst.runner.cli;

import dev.migratefirst.migrations.MigrationVersion;
import dev.migratefirst.migrations.MigrationsFolder;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Messages;
import dev.migratefirst.runner.Reporter;
import dev.migratefirst.runner.RunnerException;
import dev.migratefirst.runner.history.RunnerLocks;
import dev.migratefirst.runner.migrate.LockRetry;
import dev.migratefirst.runner.undo.RoundTrip;
import dev.migratefirst.runner.undo.UndoEngine;
import dev.migratefirst.runner.undo.UndoSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code undo}: reverts the latest applied versioned migration (or, with {@code --to}, every one
 * above a version, newest first) by running its {@code U<version>__*.sql} script and deleting its
 * row from Flyway's schema history in the same transaction, under the lock {@code migrate} takes,
 * with the same guards and connection settings. With {@code --round-trip} it instead proves every
 * undo script on a throwaway embedded PostgreSQL. See {@link UndoEngine} and {@link RoundTrip}.
 */
@Command(name = "undo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Revert the latest applied migration with its U<version>__*.sql script, removing it from "
                + "Flyway's schema history in the same transaction (Flyway then reports it pending again).",
            "Takes the migration lock migrate takes, so the two never interleave; lock_timeout, lock retries and "
                + "connect retries apply as for migrate. Every version to revert is checked before anything "
                + "changes. Non-interactive.",
            "A migration is irreversible when its V file has the line '-- migratefirst:irreversible <reason>'."})
public final class UndoCommand extends DatabaseCommand {

    @Option(names = "--to", paramLabel = "VERSION",
            description = "Revert every applied version above VERSION, newest first, each in its own transaction "
                    + "(0 reverts all). Default: only the latest applied.")
    String to;

    @Option(names = "--migration", paramLabel = "VERSION",
            description = "The migration you mean to revert (3, V3 or V3__add_index.sql); refused unless it is the "
                    + "latest applied. Default: the latest applied.")
    String migration;

    @Option(names = "--dry-run",
            description = "Print what would be reverted and the undo SQL in order; change nothing (no lock taken).")
    boolean dryRun;

    @Option(names = "--round-trip",
            description = "Prove every undo script instead: on a throwaway embedded PostgreSQL (never DATABASE_URL), "
                    + "for each V in order: snapshot, apply, undo, compare, apply again. Every V needs a U or an "
                    + "irreversible marker.")
    boolean roundTrip;

    @Override
    protected ExitCode execute(RunContext context) throws Exception {
        if (roundTrip) {
            return roundTrip(context);
        }
        if (to != null && migration != null) {
            throw RunnerException.configuration("undo: --to and --migration cannot be combined");
        }
        Reporter reporter = context.reporter();
        MigrationsFolder folder = folder(context);
        FluentConfiguration flyway = context.flywayConfiguration();
        UndoSettings settings = new UndoSettings(folder, RunnerLocks.historySchema(flyway), Optional.of(flyway.getTable()),
                Optional.ofNullable(migration), Optional.ofNullable(to).map(UndoCommand::parseTo), dryRun,
                context.guards().advisoryLockWait()).withPlaceholders(context.flywayConfig().placeholders());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("database", context.connectionSettings().describe());
        fields.put("migrations", folder.root().toString());
        fields.put("dry_run", dryRun);
        reporter.info("undo_start", "undo: " + context.connectionSettings().describe() + ", migrations "
                + folder.root() + (dryRun ? ", dry run" : ", lock_timeout "
                + Messages.seconds(context.guards().lockTimeout())), fields);
        LockRetry retry = new LockRetry(context.guards(), context.interruption(), reporter);
        UndoEngine engine = new UndoEngine(settings, reporter::info, (what, tx) -> retried(retry, what, tx),
                context.interruption()::sleep);
        try (Connection c = context.connect()) {
            c.setAutoCommit(true);
            engine.run(c);
        }
        return ExitCode.SUCCESS;
    }

    private ExitCode roundTrip(RunContext context) throws SQLException {
        if (to != null || migration != null || dryRun) {
            throw RunnerException.configuration("undo: --round-trip takes none of --to, --migration, --dry-run");
        }
        // never on a real database: the round trip applies and reverts everything from an empty schema
        connection.embedded = true;
        MigrationsFolder folder = folder(context);
        context.reporter().info("round_trip_start", "undo --round-trip: proving every undo script of " + folder.root()
                + " on a throwaway embedded PostgreSQL", Map.of("migrations", folder.root().toString()));
        new RoundTrip(folder, context.flywayConfiguration(), context.reporter()::info).run();
        return ExitCode.SUCCESS;
    }

    private static void retried(LockRetry retry, String what, UndoEngine.Transaction tx) throws SQLException {
        try {
            retry.run(what, () -> {
                tx.run();
                return null;
            }, (failure, attempt) -> { });
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The one filesystem location undo reads V and U files from (as {@link RunContext} read it). */
    static MigrationsFolder folder(RunContext context) {
        List<String> locations = context.describeLocations();
        List<MigrationsFolder> folders = context.filesystemFolders();
        if (folders.size() != 1 || locations.size() != 1) {
            throw RunnerException.configuration("undo needs exactly one filesystem: migrations location, got "
                    + String.join(",", locations));
        }
        return folders.get(0);
    }

    static MigrationVersion parseTo(String value) {
        String v = value.strip();
        try {
            return MigrationVersion.parse(v.startsWith("V") || v.startsWith("v") ? v.substring(1) : v);
        } catch (IllegalArgumentException e) {
            throw RunnerException.configuration("undo: --to " + value + ": expected a version such as 3 or 1.2 "
                    + "(0 reverts all)");
        }
    }
}
