package dev.migratefirst.runner.cli;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.backfill.BackfillScript;
import dev.migratefirst.runner.history.MigrationLock;
import dev.migratefirst.runner.history.RunnerLocks;
import dev.migratefirst.runner.history.SchemaHistoryTable;
import dev.migratefirst.runner.migrate.LockRetry;
import dev.migratefirst.runner.migrate.MigrateEngine;
import dev.migratefirst.runner.migrate.MigrateOutcome;
import dev.migratefirst.runner.migrate.MigrateSettings;
import dev.migratefirst.runner.roles.AppRoleGrants;
import dev.migratefirst.runner.roles.AppRoleOutcome;
import dev.migratefirst.runner.roles.AppRoleSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code migrate}: applies the pending migrations with every guard on. The command reads its
 * options into {@link MigrateSettings} and hands them, with the guarded Flyway configuration and
 * connections of the {@link RunContext}, to the {@link MigrateEngine}, which does the work. With an app
 * login ({@code APP_DB_USER}), the app's role is prepared first ({@link AppRoleGrants}) under the runner
 * lock, and once more after a migrate that applied something or created a schema it needs.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Apply the pending migrations (the migration task's command).",
            "Each migration runs in its own transaction with lock_timeout set; one that meets a lock held by "
                + "another session rolls back and is retried with backoff. Future migrations (applied by a newer "
                + "image) are ignored; an edited applied migration is refused; clean is never run.",
            "With APP_DB_USER/APP_DB_PASSWORD (the app secret) the app's role is created when missing and granted "
                + "DML only, before anything is applied.",
            "A pending migration after an unfinished backfill (D<n>__) runs it in place when the database is below "
                + "version n, and is refused (exit 9) otherwise: see docs/backfill.md."})
public final class MigrateCommand extends DatabaseCommand {

    @Mixin
    AppRoleOptions appRole;

    @Mixin
    BackfillOptions backfill;

    /** Who applies plain versioned SQL migrations after the first pending one (docs/runner.md, "How migrate applies"). */
    enum Applier { runner, flyway }

    @dev.migratefirst.runner.Env("APPLY_WITH")
    @picocli.CommandLine.Option(names = "--apply-with", paramLabel = "runner|flyway", defaultValue = "runner",
            description = "runner: Flyway applies the first pending migration and validates, the runner's own loop "
                    + "the versioned SQL ones after it (Flyway's parser and statements, each in its own transaction "
                    + "with its history row: 2 round trips of bookkeeping instead of 18); flyway: Flyway applies "
                    + "every migration. Env: APPLY_WITH. Default: ${DEFAULT-VALUE}.")
    Applier applyWith;

    @Override
    protected ExitCode execute(RunContext context) throws Exception {
        if (nothingToApplyAndNothingApplied(context)) {
            // say so, and create nothing (no history table)
            context.reporter().warn("no_migrations", "migrate: no migrations found in "
                    + String.join(",", context.describeLocations()) + " and none applied: nothing to apply, nothing "
                    + "created (no schema history table)", Map.of("locations", context.describeLocations()));
            return ExitCode.SUCCESS;
        }
        boolean withAppRole = appRole.enabled(context.env());
        AppRoleOutcome before = withAppRole ? prepareAppRole(context) : null;
        MigrateSettings settings = new MigrateSettings(context.connectionSettings().describe(),
                context.describeLocations(), context.guards(), applyWith != Applier.flyway);
        // a backfill the later migrations of this run need: apply up to its version, run it, then the rest
        int appliedFirst = 0;
        java.util.List<dev.migratefirst.migrations.MigrationVersion> versions = BackfillCommand.versions(context);
        for (BackfillScript b : BackfillCommand.inPlace(context)) {
            // Flyway's target must name a migration: the last one up to the backfill's version
            Optional<dev.migratefirst.migrations.MigrationVersion> upTo = versions.stream()
                    .filter(v -> v.compareTo(b.version()) <= 0).max(Comparable::compareTo);
            if (upTo.isPresent()) {
                appliedFirst += new MigrateEngine(settings, context.flywayConfiguration().target(upTo.get().toString()),
                        context::connect, context.interruption(), context.reporter()).run().applied();
            }
            BackfillCommand.engine(context, backfill).run(java.util.List.of(b), versions);
        }
        MigrateOutcome outcome = new MigrateEngine(settings, context.flywayConfiguration(), context::connect,
                context.interruption(), context.reporter()).run();
        if (before != null && (outcome.applied() + appliedFirst > 0 || !before.missingSchemas().isEmpty() || !before.historyExisted())) {
            // tables are covered by the default privileges; this pass adds schemas created by the migrations
            // and keeps a schema history table created just now out of the app's reach
            prepareAppRole(context);
        }
        return ExitCode.SUCCESS;
    }

    /** One pass of the app role step, under the runner lock, retried when it meets lock_timeout. */
    private AppRoleOutcome prepareAppRole(RunContext context) throws Exception {
        Flyway flyway = context.flywayConfiguration().load();
        Configuration conf = flyway.getConfiguration();
        try (Connection lockConnection = context.connect();
             MigrationLock lock = RunnerLocks.forMigrate(flyway, lockConnection, context.guards().advisoryLockWait(),
                     context.interruption(), context.reporter())) {
            SchemaHistoryTable history = SchemaHistoryTable.resolve(lockConnection, RunnerLocks.historySchema(conf),
                    Optional.of(conf.getTable()));
            AppRoleGrants step = new AppRoleGrants(AppRoleSettings.of(appRole.role, appRole.user,
                    context.env().get(AppRoleOptions.PASSWORD_VARIABLE), appRole.schemas, Optional.of(history)),
                    context.reporter());
            return new LockRetry(context.guards(), context.interruption(), context.reporter()).run("app role", () -> {
                try (Connection c = context.connect()) {
                    return step.apply(c);
                }
            }, (failure, attempt) -> { });
        } catch (SQLException e) {
            if (LockRetry.isLockTimeout(e) || context.interruption().isRequested()) {
                throw e;
            }
            throw AppRoleGrants.failure(e, context.reporter());
        }
    }

    /**
     * Every location is a folder without a migration file and the database has no schema history table
     * (read without loading Flyway, which would cost a no-op migrate its start-up time).
     */
    private static boolean nothingToApplyAndNothingApplied(RunContext context) throws SQLException {
        if (context.filesystemFolders().size() != context.describeLocations().size()
                || context.filesystemFolders().stream().anyMatch(f -> !f.files().isEmpty())) {
            return false;
        }
        FluentConfiguration flyway = context.flywayConfiguration();
        try (Connection c = context.connect()) {
            return !SchemaHistoryTable.resolve(c,
                    RunnerLocks.historySchema(flyway),
                    Optional.of(flyway.getTable())).exists(c);
        }
    }
}
