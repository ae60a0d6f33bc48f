package dev.migratefirst.runner.undo;

import dev.migratefirst.migrations.MigrationFile;
import dev.migratefirst.migrations.MigrationVersion;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Messages;
import dev.migratefirst.runner.history.AppliedMigration;
import dev.migratefirst.runner.history.MigrationLock;
import dev.migratefirst.runner.history.SchemaHistoryTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reverts applied versioned migrations with their {@code U<version>__*.sql} scripts.
 *
 * <p>Under Flyway's migration lock on the history table (so a concurrent {@code migrate} waits, and
 * this waits for it), it reads the schema history, checks every version to revert before changing
 * anything (refusing with {@link ExitCode#UNDO_REFUSED}), then reverts newest first, each version in
 * its own transaction: the undo script and the deletion of that version's history row commit
 * together or not at all. If a script fails, its transaction rolls back ({@link
 * ExitCode#MIGRATION_FAILED}); versions reverted before it stay reverted, and the history always
 * matches the schema.
 */
public final class UndoEngine {
    /** Work run in one transaction, possibly again when the runner's lock-timeout retry says so. */
    @FunctionalInterface
    public interface Transaction {
        void run() throws SQLException;
    }

    /**
     * Runs one version's transaction; the runner passes its lock-timeout retry (SQLSTATE 55P03 with
     * backoff), tests the plain {@link #ONCE}.
     */
    @FunctionalInterface
    public interface TransactionRunner {
        void run(String what, Transaction transaction) throws SQLException;
    }

    /** Runs each transaction once. */
    public static final TransactionRunner ONCE = (what, tx) -> tx.run();

    /** {@link Thread#sleep}. */
    public static final MigrationLock.Sleeper THREAD_SLEEP = d -> {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UndoException(ExitCode.INTERRUPTED, "interrupted while waiting for the migration lock");
        }
    };

    /** An engine that runs each transaction once and sleeps with {@link Thread#sleep} (tests, the round trip). */
    public UndoEngine(UndoSettings settings, Progress out) {
        this(settings, out, ONCE, THREAD_SLEEP);
    }

    private static final Set<String> REVERTED_TYPES = Set.of("DELETE", "UNDO_SQL", "UNDO_JDBC", "UNDO_SCRIPT");
    private static final Pattern DOLLAR_QUOTED = Pattern.compile("\\$([A-Za-z_][A-Za-z_0-9]*)?\\$.*?\\$\\1\\$",
            Pattern.DOTALL);
    private static final Pattern COMMENTS = Pattern.compile("--[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern STRINGS = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern TRANSACTION_CONTROL = Pattern.compile(
            "(?:^|;)\\s*(BEGIN|START\\s+TRANSACTION|COMMIT|ROLLBACK|ABORT|END)\\s*(?:WORK|TRANSACTION)?\\s*(?:;|$)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CONCURRENTLY = Pattern.compile("\\bCONCURRENTLY\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}\\s]+)}");
    private static final Pattern VERSION_ARGUMENT = Pattern.compile("^[Vv]?(?<v>[0-9][0-9._]*)(?:__.*)?$");

    private final UndoSettings settings;
    private final Progress out;
    private final TransactionRunner transactions;
    private final MigrationLock.Sleeper sleeper;

    /**
     * @param settings     what to revert
     * @param out          receives one line per step (and the SQL on a dry run)
     * @param transactions runs each version's transaction (the runner's retry, or {@link #ONCE})
     * @param sleeper      waits between attempts to take a lock another runner holds
     */
    public UndoEngine(UndoSettings settings, Progress out, TransactionRunner transactions, MigrationLock.Sleeper sleeper) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.out = Objects.requireNonNull(out, "out");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Plans and (unless a dry run) performs the undo on {@code connection}, which must be in
     * auto-commit mode and is left in it.
     *
     * @throws UndoException with {@link ExitCode#UNDO_REFUSED} (nothing changed),
     *                       {@link ExitCode#MIGRATION_FAILED} (an undo script failed and rolled back),
     *                       {@link ExitCode#LOCK_RETRIES_EXHAUSTED} or {@link ExitCode#CONFIGURATION_ERROR}
     * @throws SQLException  when the database fails outside an undo script (e.g. the connection drops)
     */
    public UndoResult run(Connection connection) throws SQLException {
        SchemaHistoryTable history =
                SchemaHistoryTable.resolve(connection, settings.historySchema(), settings.historyTable());
        if (settings.dryRun()) {
            UndoPlan plan = plan(connection, history);
            out.report("undo_dry_run", "Dry run: " + plan.summary() + "; nothing is changed", fields(plan));
            for (UndoStep step : plan.steps()) {
                out.report("undo_sql", "-- " + step.undo().fileName() + " (reverts " + step.label() + ")\n"
                        + step.sql().strip(), Map.of("version", version(step), "script", step.undo().fileName(),
                        "sql", step.sql().strip()));
            }
            return new UndoResult(plan, List.of(), true);
        }
        try (MigrationLock runnerLock = MigrationLock.runner(connection, history, settings.lockWait(), sleeper,
                () -> out.report("undo_lock_wait", "Waiting for the runner lock of " + history.qualified()
                        + ": another runner is migrating or undoing", Map.of("lock_key", history.runnerLockKey())));
             MigrationLock flywayLock = MigrationLock.flyway(connection, history, settings.lockWait(), sleeper,
                () -> out.report("undo_lock_wait", "Waiting for the migration lock of " + history.qualified()
                        + ": a migration is running", Map.of("lock_key", history.flywayLockKey())))) {
            UndoPlan plan = plan(connection, history);
            out.report("undo_plan", "Undo " + plan.summary(), fields(plan));
            List<UndoStep> done = new ArrayList<>();
            for (UndoStep step : plan.steps()) {
                revert(connection, history, step, done);
                done.add(step);
            }
            out.report("undo_done", "Undo complete: reverted " + done.size()
                    + (done.size() == 1 ? " migration" : " migrations")
                    + plan.latestAfterwards().map(v -> "; V" + v + " is the latest applied")
                    .orElse("; no versioned migration is applied"), Map.of("reverted", done.size(),
                    "schema_version", plan.latestAfterwards().map(Object::toString).orElse("")));
            return new UndoResult(plan, done, false);
        }
    }

    private void revert(Connection connection, SchemaHistoryTable history, UndoStep step, List<UndoStep> done)
            throws SQLException {
        out.report("undo_step", "Reverting " + step.label() + " with " + step.undo().fileName(),
                Map.of("version", version(step), "script", step.undo().fileName()));
        long start = System.nanoTime();
        try {
            transactions.run(step.undo().fileName(), () -> {
                connection.setAutoCommit(false);
                try (Statement st = connection.createStatement()) {
                    history.useAsDefaultSchema(connection);
                    st.execute(step.sql());
                    history.delete(connection, step.applied());
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    try {
                        connection.rollback();
                    } catch (SQLException rollbackFailure) {
                        e.addSuppressed(rollbackFailure); // the session is gone: the server rolled it back
                    }
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            });
        } catch (SQLException e) {
            throw new UndoException(ExitCode.MIGRATION_FAILED, step.undo().fileName() + " failed: " + describe(e)
                    + "; its transaction rolled back, " + step.label() + " is still applied"
                    + (done.isEmpty() ? "" : " (already reverted: "
                    + String.join(", ", done.stream().map(UndoStep::label).toList()) + ")"), e);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.report("undo_reverted", "Reverted " + step.label() + " in " + ms + " ms",
                Map.of("version", version(step), "script", step.undo().fileName(), "duration_ms", ms));
    }

    private static String version(UndoStep step) {
        return step.applied().version().orElseThrow().toString();
    }

    private static Map<String, Object> fields(UndoPlan plan) {
        return Map.of("history_table", plan.history().qualified(),
                "versions", plan.steps().stream().map(UndoEngine::version).toList(),
                "schema_version_after", plan.latestAfterwards().map(Object::toString).orElse(""));
    }

    private static String describe(SQLException e) {
        String line = Messages.oneLine(Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
        return e.getSQLState() == null ? line : line + " (SQLSTATE " + e.getSQLState() + ")";
    }

    /**
     * Reads the history and checks every version the settings ask to revert, changing nothing.
     *
     * @throws UndoException {@link ExitCode#UNDO_REFUSED} naming why, or
     *                       {@link ExitCode#CONFIGURATION_ERROR} for a malformed {@code --version}/{@code --to}
     */
    public UndoPlan plan(Connection connection, SchemaHistoryTable history) throws SQLException {
        List<AppliedMigration> rows = history.rows(connection);
        if (rows.isEmpty()) {
            throw UndoException.refused("nothing to undo: " + (history.exists(connection)
                    ? "no migration is recorded in " : "there is no schema history table ") + history.qualified());
        }
        for (AppliedMigration row : rows) {
            if (!row.success()) {
                throw UndoException.refused(row.label() + " failed earlier and is still recorded as failed in "
                        + history.qualified() + "; repair the history before undoing");
            }
        }
        Map<MigrationVersion, AppliedMigration> applied = new TreeMap<>();
        for (AppliedMigration row : rows) {
            if (row.version().isPresent()) {
                if (REVERTED_TYPES.contains(row.type().toUpperCase(Locale.ROOT))) {
                    applied.remove(row.version().get());
                } else {
                    applied.put(row.version().get(), row);
                }
            }
        }
        if (settings.version().isPresent()) {
            refuseRepeatable(settings.version().get(), rows);
        }
        if (applied.isEmpty()) {
            throw UndoException.refused("nothing to undo: no versioned migration is applied in " + history.qualified());
        }
        List<MigrationVersion> versions = new ArrayList<>(applied.keySet());
        MigrationVersion latest = versions.get(versions.size() - 1);
        List<MigrationVersion> targets = new ArrayList<>();
        if (settings.version().isPresent()) {
            MigrationVersion asked = parseVersionArgument(settings.version().get());
            if (!applied.containsKey(asked)) {
                throw UndoException.refused("V" + asked + " is not applied in " + history.qualified()
                        + "; the latest applied is V" + latest);
            }
            if (!asked.equals(latest)) {
                throw UndoException.refused("V" + asked + " is not the latest applied migration (V" + latest
                        + " is); undo V" + latest + " first, or use --to to revert several newest first");
            }
            targets.add(latest);
        } else if (settings.to().isPresent()) {
            MigrationVersion to = settings.to().get();
            boolean all = to.equals(MigrationVersion.parse("0"));
            if (to.compareTo(latest) >= 0) {
                throw UndoException.refused("nothing to undo: --to " + to + " keeps every applied version (the latest "
                        + "applied is V" + latest + ")");
            }
            if (!all && !applied.containsKey(to)) {
                throw new UndoException(ExitCode.CONFIGURATION_ERROR, "--to " + to + ": V" + to + " is not applied"
                        + " (applied: " + String.join(", ", versions.stream().map(v -> "V" + v).toList())
                        + "); give an applied version, or 0 to revert all");
            }
            for (int i = versions.size() - 1; i >= 0 && versions.get(i).compareTo(to) > 0; i--) {
                targets.add(versions.get(i));
            }
        } else {
            targets.add(latest);
        }
        Map<String, String> builtIns = new java.util.TreeMap<>(settings.placeholders());
        builtIns.putAll(builtInPlaceholders(connection, history));
        List<UndoStep> steps = new ArrayList<>();
        for (MigrationVersion v : targets) {
            steps.add(step(applied.get(v), builtIns));
        }
        Optional<MigrationVersion> afterwards = versions.stream()
                .filter(v -> !targets.contains(v)).reduce((a, b) -> b);
        return new UndoPlan(history, steps, afterwards);
    }

    private UndoStep step(AppliedMigration row, Map<String, String> builtIns) {
        MigrationVersion v = row.version().orElseThrow();
        if (!"SQL".equalsIgnoreCase(row.type())) {
            throw UndoException.refused(row.label() + " is recorded as " + row.type() + ", not as a SQL migration;"
                    + " undo reverts SQL migrations only");
        }
        MigrationFile versioned = settings.folder().versioned().stream()
                .filter(f -> f.version().orElseThrow().equals(v)).findFirst()
                .orElseThrow(() -> UndoException.refused(row.label() + " is applied but no V" + v
                        + "__*.sql is in " + settings.folder().root() + "; undo needs it to check the migration is"
                        + " reversible"));
        Optional<IrreversibleMarker> marker;
        try {
            marker = IrreversibleMarker.of(versioned);
        } catch (IllegalArgumentException e) {
            throw UndoException.refused(e.getMessage());
        }
        if (marker.isPresent()) {
            throw UndoException.refused(versioned.fileName() + " is marked irreversible: " + marker.get().reason());
        }
        MigrationFile undo = settings.folder().undoOf(v).orElseThrow(() -> UndoException.refused(
                versioned.fileName() + " has no undo script (expected U" + v + "__" + versioned.description()
                        .replace(' ', '_') + ".sql in " + settings.folder().root() + ", or mark it '-- "
                        + IrreversibleMarker.TAG + " <reason>')"));
        String sql = replacePlaceholders(read(undo), builtIns, undo.fileName());
        String code = codeOnly(sql);
        Matcher tx = TRANSACTION_CONTROL.matcher(code);
        if (tx.find()) {
            throw UndoException.refused(undo.fileName() + " contains " + tx.group(1).toUpperCase(Locale.ROOT)
                    + ": an undo script runs inside the runner's transaction together with the history change");
        }
        if (CONCURRENTLY.matcher(code).find()) {
            throw UndoException.refused(undo.fileName() + " uses CONCURRENTLY, which cannot run inside the undo's"
                    + " transaction; use the plain form (e.g. DROP INDEX IF EXISTS)");
        }
        return new UndoStep(row, versioned, undo, sql);
    }

    /**
     * Flyway's built-in placeholders that Flyway would replace in the same script, with the values
     * of this connection: {@code ${flyway:defaultSchema}}, {@code ${flyway:user}},
     * {@code ${flyway:database}}, {@code ${flyway:table}}.
     */
    private static Map<String, String> builtInPlaceholders(Connection connection, SchemaHistoryTable history)
            throws SQLException {
        Map<String, String> values = new TreeMap<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_user, current_database()")) {
            rs.next();
            values.put("flyway:user", rs.getString(1));
            values.put("flyway:database", rs.getString(2));
        }
        values.put("flyway:defaultSchema", history.schema());
        values.put("flyway:table", history.table());
        return values;
    }

    /**
     * Replaces Flyway's built-in placeholders ({@code ${flyway:filename}} too) as Flyway does in a
     * migration; any other {@code ${...}} is refused, as Flyway refuses a placeholder without a value.
     */
    static String replacePlaceholders(String sql, Map<String, String> builtIns, String fileName) {
        Matcher m = PLACEHOLDER.matcher(sql);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = "flyway:filename".equals(name) ? fileName : builtIns.get(name);
            if (value == null) {
                throw UndoException.refused(fileName + " uses placeholder ${" + name + "}, which has no value"
                        + " (set FLYWAY_PLACEHOLDERS_" + name.toUpperCase(Locale.ROOT).replace(':', '_')
                        + " or flyway.placeholders." + name + " in flyway.conf/flyway.toml)");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Refuses a {@code --version} that names a repeatable migration (a file, a script or a description). */
    private void refuseRepeatable(String argument, List<AppliedMigration> rows) {
        String a = argument.strip();
        boolean repeatable = a.startsWith("R__")
                || settings.folder().repeatable().stream().anyMatch(f -> f.fileName().equals(a)
                || f.fileName().equals(a + ".sql") || f.description().equals(a))
                || rows.stream().anyMatch(r -> r.version().isEmpty() && (r.script().equals(a)
                || r.description().equals(a)));
        if (repeatable) {
            throw UndoException.refused(a + " is a repeatable migration: it has no version to revert; change it (or"
                    + " add a versioned migration) and migrate instead");
        }
    }

    /** {@code 3}, {@code V3} or {@code V3__add_index.sql}. */
    static MigrationVersion parseVersionArgument(String argument) {
        Matcher m = VERSION_ARGUMENT.matcher(argument.strip().replaceAll("\\.sql$", ""));
        if (!m.matches()) {
            throw new UndoException(ExitCode.CONFIGURATION_ERROR, "--version " + argument
                    + ": expected a version such as 3, V3 or V3__add_index.sql");
        }
        try {
            return MigrationVersion.parse(m.group("v"));
        } catch (IllegalArgumentException e) {
            throw new UndoException(ExitCode.CONFIGURATION_ERROR, "--version " + argument + ": " + e.getMessage());
        }
    }

    /** The script without comments, string literals and dollar-quoted bodies. */
    static String codeOnly(String sql) {
        String s = DOLLAR_QUOTED.matcher(sql).replaceAll(" ");
        s = COMMENTS.matcher(s).replaceAll(" ");
        return STRINGS.matcher(s).replaceAll("''");
    }

    static String read(MigrationFile file) {
        try {
            return Files.readString(file.path(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.path(), e);
        }
    }
}
