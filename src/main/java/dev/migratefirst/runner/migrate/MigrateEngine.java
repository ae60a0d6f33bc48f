package dev.migratefirst.runner.migrate;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Guards;
import dev.migratefirst.runner.Interruption;
import dev.migratefirst.runner.Messages;
import dev.migratefirst.runner.Reporter;
import dev.migratefirst.runner.RunnerException;
import dev.migratefirst.runner.history.MigrationLock;
import dev.migratefirst.runner.history.RunnerLocks;
import dev.migratefirst.runner.history.SchemaHistoryTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the pending migrations, each in its own transaction, with every guard on: settings in,
 * an engine, a {@link MigrateOutcome} out (the shape of {@code UndoEngine}). A migration that meets
 * a lock held by another session (lock_timeout, SQLSTATE 55P03) rolls back and is re-run from its
 * start after a backoff ({@link LockRetry}); an INVALID index left by a failed
 * {@code CREATE INDEX CONCURRENTLY} is dropped before the retry ({@link InvalidIndexes}); the runner
 * lock is held for the whole run, so an {@code undo} cannot delete history rows Flyway has read.
 * Every step is reported as a line; every failure ends as a {@link RunnerException} with its exit code.
 */
public final class MigrateEngine {

    /** Where the engine takes its connections from: each one guarded (lock_timeout, connect retries). */
    @FunctionalInterface
    public interface Connections {
        /**
         * A new connection; the engine closes it.
         *
         * @throws RunnerException {@link ExitCode#DATABASE_UNREACHABLE} when the database cannot be reached
         */
        Connection open();
    }

    private final MigrateSettings settings;
    private final FluentConfiguration configuration;
    private final Connections connections;
    private final Interruption interruption;
    private final Reporter reporter;
    /** Migrations the runner's own loop applied in this run (all attempts). */
    private int appliedDirectly;

    /**
     * An engine for one run.
     *
     * @param settings      what to report and the guards
     * @param configuration the guarded Flyway configuration (the engine adds its progress callback)
     * @param connections   guarded connections to the same database
     * @param interruption  the stop request (SIGTERM)
     * @param reporter      where each step is reported
     */
    public MigrateEngine(MigrateSettings settings, FluentConfiguration configuration, Connections connections,
                         Interruption interruption, Reporter reporter) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.interruption = Objects.requireNonNull(interruption, "interruption");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
    }

    /**
     * Applies the pending migrations, reporting each step.
     *
     * @return what was applied
     * @throws RunnerException with the exit code of the failure (the migration, the lock, validation, the connection)
     * @throws Exception       an unexpected failure (the command reports it as an internal error)
     */
    public MigrateOutcome run() throws Exception {
        Guards guards = settings.guards();
        List<String> locations = settings.locations();
        long started = System.nanoTime();
        Map<String, Object> startFields = new LinkedHashMap<>();
        startFields.put("database", settings.database());
        startFields.put("locations", locations);
        startFields.put("lock_timeout_ms", guards.lockTimeout().toMillis());
        startFields.put("lock_retries", guards.lockRetries());
        reporter.info("migrate_start", "migrate: " + settings.database() + ", locations " + String.join(",", locations)
                + ", lock_timeout " + Messages.seconds(guards.lockTimeout()) + ", up to "
                + guards.lockRetries() + " lock retries", startFields);

        String serverVersion;
        try (Connection c = connections.open()) {
            serverVersion = c.getMetaData().getDatabaseProductVersion();
        }
        reporter.info("connected", "connected to PostgreSQL " + serverVersion + " in " + millisSince(started) + " ms",
                Map.of("server_version", serverVersion));

        ProgressCallback progress = new ProgressCallback(reporter);
        Flyway flyway = configuration.callbacks(progress).load();
        MigrationInfoService beforeLock = flyway.info();
        reportFutureMigrations(beforeLock, reporter);
        MigrationInfo[] pendingBeforeLock = beforeLock.pending();
        Set<String> invalidBefore = new LinkedHashSet<>();
        Set<String> leftBehind = new LinkedHashSet<>();
        MigrateResult result;
        // the runner lock, held for the whole migrate, keeps an undo from deleting history rows Flyway has read
        try (Connection lockConnection = connections.open();
             MigrationLock runnerLock = RunnerLocks.forMigrate(flyway, lockConnection, guards.advisoryLockWait(),
                     interruption, reporter)) {
            result = new LockRetry(guards, interruption, reporter).run("migrate", () -> {
                progress.reset();
                try (Connection c = connections.open()) {
                    // an INVALID index left by the previous attempt: dropped first (a lock timeout here
                    // counts as this attempt's), or the re-run CREATE INDEX would fail on its name
                    dropInvalidIndexes(c, leftBehind, reporter, true);
                    invalidBefore.clear();
                    invalidBefore.addAll(InvalidIndexes.list(c));
                }
                return migrate(flyway, pendingBeforeLock, progress);
            }, (failure, attempt) -> cleanUpAfter(flyway, failure, progress, invalidBefore, leftBehind));
        } catch (FlywayValidateException e) {
            throw new RunnerException(ExitCode.VALIDATION_FAILED, "migrate refused: " + validationMessage(e)
                    + " Applied migrations are never edited: revert the file and add a new migration instead (an edit"
                    + " that only added spaces or tabs at line ends: 'runner repair' realigns its checksum).", e);
        } catch (RunnerException e) {
            if (e.exitCode() == ExitCode.LOCK_RETRIES_EXHAUSTED && progress.failedOrCurrent() != null) {
                reporter.error("migration_failed", "migration " + ProgressCallback.name(progress.failedOrCurrent())
                        + " did not get its lock: " + FlywaySupport.databaseMessage(e), failureFields(progress, e));
            }
            reportLeftBehind(leftBehind, reporter);
            throw e;
        } catch (FlywayException e) {
            RunnerException failure = failure(flyway, e, progress, invalidBefore, leftBehind);
            reportLeftBehind(leftBehind, reporter);
            throw failure;
        }

        for (String w : result.warnings == null ? List.<String>of() : result.warnings) {
            reporter.warn("flyway_warning", Messages.oneLine(w));
        }
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("applied", result.migrationsExecuted);
        done.put("schema_version", result.targetSchemaVersion != null ? result.targetSchemaVersion
                : result.initialSchemaVersion);
        done.put("duration_ms", millisSince(started));
        done.put("applied_directly", appliedDirectly);
        String how = appliedDirectly == 0 ? "" : "; " + appliedDirectly + " of them by the runner's own loop, each in its"
                + " own transaction with its history row";
        if (result.migrationsExecuted == 0) {
            reporter.info("migrate_done", "migrate: schema is up to date at version " + version(result.initialSchemaVersion)
                    + ", nothing to apply (" + millisSince(started) + " ms)", done);
        } else {
            reporter.info("migrate_done", "migrate: applied " + result.migrationsExecuted + " migration"
                    + (result.migrationsExecuted == 1 ? "" : "s") + ", schema version " + version(result.initialSchemaVersion)
                    + " -> " + version(result.targetSchemaVersion) + " (" + millisSince(started) + " ms" + how + ")", done);
        }
        return new MigrateOutcome(result.migrationsExecuted, Optional.ofNullable(result.initialSchemaVersion),
                Optional.ofNullable(result.targetSchemaVersion), millisSince(started), appliedDirectly);
    }

    /**
     * One attempt. With {@link MigrateSettings#directApply()} and a plain configuration
     * ({@link DirectApply#supports}): Flyway applies the first pending migration (validating the history
     * first, and creating the history table, the schemas or the baseline as it does), the runner's own
     * loop ({@link DirectApply}) the versioned SQL migrations after it, each in its own transaction as
     * Flyway would, and Flyway whatever is left (repeatable, Java, non-transactional migrations and
     * everything after the first of those) and validates the result. Otherwise Flyway applies all.
     */
    private MigrateResult migrate(Flyway flyway, MigrationInfo[] known, ProgressCallback progress)
            throws SQLException {
        // the pending migrations read before the runner lock, less those an earlier attempt applied (no
        // second info per lock retry). Stale when something else applied migrations meanwhile: Flyway's own
        // first step then applies nothing, DirectApply checks the history's latest row, and Flyway does the rest
        List<MigrationInfo> stillPending = new java.util.ArrayList<>(known.length);
        boolean repeatable = false;
        for (MigrationInfo m : known) {
            if (m.getVersion() == null) {
                repeatable = true;
            } else if (progress.appliedVersions().contains(m.getVersion().getVersion())) {
                continue;
            }
            stillPending.add(m);
        }
        // one migration, or repeatables (they run after every versioned one: Flyway keeps that order): Flyway
        if (!settings.directApply() || stillPending.size() < 2 || repeatable
                || !DirectApply.supports(flyway.getConfiguration())) {
            return flyway.migrate();
        }
        MigrationInfo[] pending = stillPending.toArray(new MigrationInfo[0]);
        List<MigrationInfo> rest = new java.util.ArrayList<>();
        for (int i = 1; i < pending.length && DirectApply.canApply(pending[i]); i++) {
            rest.add(pending[i]);
        }
        if (rest.isEmpty()) {
            return flyway.migrate();
        }
        MigrationVersion first = pending[0].getVersion();
        Flyway upToFirst;
        synchronized (configuration) {
            MigrationVersion target = configuration.getTarget();
            configuration.target(first);
            try {
                upToFirst = configuration.load();
            } finally {
                configuration.target(target);
            }
        }
        MigrateResult head = upToFirst.migrate();
        List<MigrationInfo> direct = List.of();
        if (head.migrationsExecuted == 1 && first.getVersion().equals(head.targetSchemaVersion)) {
            try (Connection c = connections.open()) {
                direct = new DirectApply(flyway, settings.guards().advisoryLockWait(), interruption, reporter,
                        progress).apply(c, first, rest, n -> appliedDirectly++);
            }
        }
        int executed = head.migrationsExecuted + direct.size();
        if (direct.size() == pending.length - 1) {
            // nothing left: Flyway validated the history before its step and the rows written since are
            // Flyway's own (MigrateEngineTest runs plain Flyway's validate over them)
            head.migrationsExecuted = executed;
            head.targetSchemaVersion = direct.get(direct.size() - 1).getVersion().getVersion();
            return head;
        }
        MigrateResult tail = flyway.migrate();
        if (tail.migrationsExecuted == 0 && executed > 0) {
            tail.targetSchemaVersion = direct.isEmpty() ? head.targetSchemaVersion
                    : direct.get(direct.size() - 1).getVersion().getVersion();
        }
        tail.initialSchemaVersion = head.initialSchemaVersion;
        tail.migrationsExecuted += executed;
        if (head.warnings != null && !head.warnings.isEmpty()) {
            List<String> warnings = new java.util.ArrayList<>(head.warnings);
            if (tail.warnings != null) {
                warnings.addAll(tail.warnings);
            }
            tail.warnings = warnings;
        }
        return tail;
    }

    /** A rollback image meets migrations it does not know: say so, they are ignored on purpose. */
    private static void reportFutureMigrations(MigrationInfoService info, Reporter reporter) {
        for (MigrationInfo m : info.all()) {
            if (m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED) {
                reporter.warn("future_migration", "the database has migration V" + m.getVersion() + " "
                        + m.getDescription() + " which this image does not know (applied by a newer image): ignored",
                        Map.of("version", String.valueOf(m.getVersion())));
            }
        }
    }

    /**
     * After a failed attempt: a transactional migration rolled back by itself; a non-transactional one
     * ({@code CREATE INDEX CONCURRENTLY}) may have left an INVALID index and a failed row in the schema
     * history. Drop the former (or keep it in {@code leftBehind} for the next attempt when its drop
     * meets the same lock), delete the latter, so the migration can run again from its start.
     */
    private void cleanUpAfter(Flyway flyway, Exception failure, ProgressCallback progress,
                              Set<String> invalidBefore, Set<String> leftBehind) {
        try (Connection c = connections.open()) {
            Set<String> created = new LinkedHashSet<>(InvalidIndexes.list(c));
            created.removeAll(invalidBefore);
            leftBehind.addAll(created);
            dropInvalidIndexes(c, leftBehind, reporter, false);
            MigrationInfo m = MigrateFailure.of(failure).flatMap(MigrateFailure::migration)
                    .orElse(progress.failedOrCurrent());
            if (m != null && m.getVersion() != null) {
                int removed = removeFailedHistoryRow(c, flyway, m);
                if (removed > 0) {
                    reporter.warn("failed_entry_removed", "removed the failed entry of V" + m.getVersion()
                            + " from " + flyway.getConfiguration().getTable() + " (it ran outside a transaction), "
                            + "so it can run again", Map.of("version", m.getVersion().getVersion()));
                }
            }
        } catch (SQLException e) {
            throw new RunnerException(ExitCode.MIGRATION_FAILED, "cannot clean up after the failed migration: "
                    + Messages.oneLine(e.getMessage()), e);
        }
    }

    /**
     * Drops the INVALID indexes in {@code indexes} (removing each dropped one). A drop that meets a
     * lock (the same blocker) is kept for later: rethrown when {@code rethrowLockTimeout}, else reported.
     */
    private static void dropInvalidIndexes(Connection c, Set<String> indexes, Reporter reporter,
                                           boolean rethrowLockTimeout) throws SQLException {
        for (String index : List.copyOf(indexes)) {
            try {
                InvalidIndexes.drop(c, index);
                indexes.remove(index);
                reporter.warn("invalid_index_dropped", "dropped INVALID index " + index
                        + " left by the failed CREATE INDEX CONCURRENTLY, so the migration can run again",
                        Map.of("index", index));
            } catch (SQLException e) {
                if (!LockRetry.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    throw new RunnerException(ExitCode.MIGRATION_FAILED, "the failed migration left INVALID index "
                            + index + " and it could not be dropped: " + Messages.oneLine(e.getMessage())
                            + ". Drop it by hand (DROP INDEX CONCURRENTLY " + index + ";) and run again.", e);
                }
                if (rethrowLockTimeout) {
                    throw e;
                }
                reporter.warn("invalid_index_left", "INVALID index " + index + " left by the failed CREATE INDEX "
                        + "CONCURRENTLY cannot be dropped yet (the same lock); it is dropped before the next attempt",
                        Map.of("index", index));
            }
        }
    }

    private static void reportLeftBehind(Set<String> leftBehind, Reporter reporter) {
        for (String index : leftBehind) {
            reporter.error("invalid_index_left", "INVALID index " + index + " was left by the failed CREATE INDEX "
                    + "CONCURRENTLY: drop it (DROP INDEX CONCURRENTLY " + index + ";) before the next run",
                    Map.of("index", index));
        }
    }

    private static int removeFailedHistoryRow(Connection c, Flyway flyway, MigrationInfo m) throws SQLException {
        Configuration conf = flyway.getConfiguration();
        return SchemaHistoryTable.resolve(c, RunnerLocks.historySchema(conf), Optional.of(conf.getTable()))
                .deleteFailed(c, m.getVersion().getVersion());
    }

    /** The failure of a migration, named, with the database's message; cleaned up for the next run. */
    private RunnerException failure(Flyway flyway, FlywayException e, ProgressCallback progress,
                                    Set<String> invalidBefore, Set<String> leftBehind) {
        String state = FlywaySupport.sqlState(e);
        String db = FlywaySupport.databaseMessage(e);
        if (interruption.isRequested()) {
            return new RunnerException(ExitCode.INTERRUPTED, "interrupted", e);
        }
        RunnerException runner = FlywaySupport.findRunnerException(e);
        if (runner != null) {
            return runner;
        }
        if (String.valueOf(e.getMessage()).contains("advisory lock")) {
            return new RunnerException(ExitCode.LOCK_RETRIES_EXHAUSTED, "another runner held the migration lock "
                    + "for longer than --advisory-lock-wait " + Messages.seconds(settings.guards().advisoryLockWait())
                    + ": " + Messages.oneLine(e.getMessage()), e);
        }
        Optional<MigrateFailure> details = MigrateFailure.of(e);
        MigrationInfo m = namedInMessage(flyway, e).orElse(details.flatMap(MigrateFailure::migration)
                .orElse(progress.failedOrCurrent()));
        if (state.startsWith("08")) {
            return new RunnerException(ExitCode.DATABASE_UNREACHABLE, "lost the connection to the database"
                    + (m == null ? "" : " while applying " + ProgressCallback.name(m)) + ": " + db, e);
        }
        if (m == null) {
            return new RunnerException(ExitCode.MIGRATION_FAILED, "migrate failed: " + Messages.oneLine(e.getMessage()), e);
        }
        boolean transactional = details.map(MigrateFailure::transactional).orElse(true);
        String line = details.flatMap(MigrateFailure::lineNumber).map(n -> " at line " + n).orElse("");
        reporter.error("migration_failed", "migration " + ProgressCallback.name(m) + " failed" + line + ": " + db
                + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")"), failureFields(progress, e));
        String outcome;
        if (transactional) {
            outcome = "its transaction rolled back: nothing of it was applied";
        } else {
            cleanUpAfter(flyway, e, progress, invalidBefore, leftBehind);
            outcome = "it ran outside a transaction: check for partial work before running again";
        }
        return new RunnerException(ExitCode.MIGRATION_FAILED, "migrate failed at " + ProgressCallback.name(m) + ": "
                + db + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")") + "; " + outcome + "; "
                + progress.applied() + " migration" + (progress.applied() == 1 ? "" : "s") + " applied before it", e);
    }

    private static final java.util.regex.Pattern SCRIPT_IN_MESSAGE =
            java.util.regex.Pattern.compile("(?:statement|script) in (?:\\S*/)?([^/\\s]+\\.sql)\\b");

    /**
     * The migration whose script Flyway's message names. A script Flyway cannot parse (a placeholder
     * without a value, say) fails before its own migration starts, so the callback still points at the
     * previous one; the file named in the message is the one that failed.
     */
    static Optional<MigrationInfo> namedInMessage(Flyway flyway, FlywayException e) {
        java.util.regex.Matcher matcher = SCRIPT_IN_MESSAGE.matcher(String.valueOf(e.getMessage()));
        if (!matcher.find()) {
            return Optional.empty();
        }
        String script = matcher.group(1);
        try {
            for (MigrationInfo m : flyway.info().all()) {
                if (m.getScript() != null && (m.getScript().equals(script) || m.getScript().endsWith("/" + script))) {
                    return Optional.of(m);
                }
            }
        } catch (FlywayException again) {
            // the same script fails to parse for info: fall back to the callback's migration
        }
        return Optional.empty();
    }

    private static Map<String, Object> failureFields(ProgressCallback progress, Exception e) {
        Map<String, Object> f = new LinkedHashMap<>();
        MigrationInfo m = progress.failedOrCurrent();
        if (m != null) {
            f.put("version", m.getVersion() == null ? null : m.getVersion().getVersion());
            f.put("script", m.getScript());
        }
        f.put("sqlstate", FlywaySupport.sqlState(e));
        f.put("database_error", FlywaySupport.databaseMessage(e));
        return f;
    }

    /** Flyway's validation message in one line, without its advice to run repair (which would hide the edit). */
    public static String validationMessage(FlywayException e) {
        String msg = Messages.oneLine(e.getMessage());
        int advice = msg.indexOf("Either revert");
        if (advice > 0) {
            msg = msg.substring(0, advice).trim();
        }
        return msg.replaceAll("\\s*\\|\\s*$", "");
    }

    private static String version(String v) {
        return v == null ? "<empty>" : v;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

}
