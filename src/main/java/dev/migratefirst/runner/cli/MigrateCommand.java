package dev.migratefirst.runner.cli;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.migrate.MigrateEngine;
import dev.migratefirst.runner.migrate.MigrateSettings;
import picocli.CommandLine.Command;

/**
 * {@code migrate}: applies the pending migrations with every guard on. The command reads its
 * options into {@link MigrateSettings} and hands them, with the guarded Flyway configuration and
 * connections of the {@link RunContext}, to the {@link MigrateEngine}, which does the work.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Apply the pending migrations (the migration task's command).",
            "Each migration runs in its own transaction with lock_timeout set; one that meets a lock held by "
                + "another session rolls back and is retried with backoff. Future migrations (applied by a newer "
                + "image) are ignored; an edited applied migration is refused; clean is never run."})
public final class MigrateCommand extends DatabaseCommand {

    @Override
    protected ExitCode execute(RunContext context) throws Exception {
        if (nothingToApplyAndNothingApplied(context)) {
            // say so, and create nothing (no history table)
            context.reporter().warn("no_migrations", "migrate: no migrations found in "
                    + String.join(",", context.describeLocations()) + " and none applied: nothing to apply, nothing "
                    + "created (no schema history table)", java.util.Map.of("locations", context.describeLocations()));
            return ExitCode.SUCCESS;
        }
        MigrateSettings settings = new MigrateSettings(context.connectionSettings().describe(),
                context.describeLocations(), context.guards());
        new MigrateEngine(settings, context.flywayConfiguration(), context::connect, context.interruption(),
                context.reporter()).run();
        return ExitCode.SUCCESS;
    }

    /**
     * Every location is a folder without a migration file and the database has no schema history table
     * (read without loading Flyway, which would cost a no-op migrate its start-up time).
     */
    private static boolean nothingToApplyAndNothingApplied(RunContext context) throws java.sql.SQLException {
        if (context.filesystemFolders().size() != context.describeLocations().size()
                || context.filesystemFolders().stream().anyMatch(f -> !f.files().isEmpty())) {
            return false;
        }
        org.flywaydb.core.api.configuration.FluentConfiguration flyway = context.flywayConfiguration();
        try (java.sql.Connection c = context.connect()) {
            return !dev.migratefirst.runner.history.SchemaHistoryTable.resolve(c,
                    dev.migratefirst.runner.history.RunnerLocks.historySchema(flyway),
                    java.util.Optional.of(flyway.getTable())).exists(c);
        }
    }
}
