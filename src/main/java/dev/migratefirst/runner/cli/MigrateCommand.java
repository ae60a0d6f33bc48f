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
        if (context.flyway().info().all().length == 0) {
            // nothing in the locations and nothing applied: say so, and create nothing (no history table)
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
}
