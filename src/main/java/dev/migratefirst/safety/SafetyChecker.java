package dev.migratefirst.safety;

import dev.migratefirst.migrations.BackfillDeclaration;
import dev.migratefirst.migrations.MigrationFile;
import dev.migratefirst.migrations.MigrationKind;
import dev.migratefirst.safety.facts.MigrationFacts;
import dev.migratefirst.safety.rules.RuleCheck;
import dev.migratefirst.safety.size.CostModel;
import dev.migratefirst.safety.trace.MigrationTrace;
import dev.migratefirst.safety.trace.MigrationTracer;
import dev.migratefirst.safety.trace.SqlScript;
import dev.migratefirst.safety.trace.SqlStatement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The safety check: replays a migration history on a scratch PostgreSQL and traces each migration
 * under check (see {@link MigrationTracer}), collects the facts of the trace once
 * ({@link MigrationFacts}), runs each rule's check over them ({@link Rule}) and applies the
 * suppression comments. Migrations run in order on one scratch database, so each one meets the
 * schema that every earlier migration left.
 *
 * <pre>{@code
 * CheckReport report = new SafetyChecker(server, CheckOptions.all()).check(folder.files());
 * }</pre>
 */
public final class SafetyChecker {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    /** Costs measured per scratch server: measured once, on the first check with statistics. */
    private static final Map<ScratchServer, CostModel> COSTS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private final ScratchServer server;
    private final CheckOptions options;

    public SafetyChecker(ScratchServer server, CheckOptions options) {
        this.server = Objects.requireNonNull(server, "server");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Checks {@code migrations} (versioned in version order, then repeatable; undo scripts are
     * skipped: {@code undo} has its own round-trip check) on a fresh database of the scratch server.
     *
     * @throws SQLException when the scratch server itself fails (not when a migration fails: that is
     *                      a finding)
     * @throws IllegalArgumentException when a script uses a placeholder that has no value (naming both)
     */
    public CheckReport check(List<MigrationFile> migrations) throws SQLException {
        List<Unit> units = new ArrayList<>();
        for (MigrationFile f : ordered(migrations)) {
            units.add(new Unit(f, null, !isBeforeRange(f)));
        }
        return run(units);
    }

    /**
     * A SQL script that is not a migrations-folder file: another tool's offline output, a schema dump.
     *
     * @param name what the report calls it (a file name, or {@code <stdin>})
     * @param text the SQL
     */
    public record Script(String name, String text) {
        public Script {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(text, "text");
        }

        private MigrationFile asFile() {
            return new MigrationFile(MigrationKind.REPEATABLE, java.util.Optional.empty(), name, java.nio.file.Path.of(name));
        }
    }

    /**
     * Checks one script on the schema the earlier history built: the {@code earlier} migrations
     * (versioned, then repeatable) and the {@code replayed} scripts run first without being checked,
     * then {@code script} is traced. Placeholders are replaced in the migrations only, not in the scripts.
     *
     * @throws SQLException as {@link #check(List)}
     */
    public CheckReport check(List<MigrationFile> earlier, List<Script> replayed, Script script) throws SQLException {
        List<Unit> units = new ArrayList<>();
        for (MigrationFile f : ordered(earlier)) {
            units.add(new Unit(f, null, false));
        }
        for (Script r : replayed) {
            units.add(new Unit(r.asFile(), r.text(), false));
        }
        units.add(new Unit(script.asFile(), script.text(), true));
        return run(units);
    }

    /** One script to run: a migration file (text null: read it) or a given script; traced when {@code checked}. */
    private record Unit(MigrationFile file, String text, boolean checked) {
    }

    private CheckReport run(List<Unit> units) throws SQLException {
        long t0 = System.nanoTime();
        String db = "migratefirst_check_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        String version = server.version();
        try (Connection admin = server.connect("postgres"); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        try {
            Sizing sizing = options.stats().isEmpty() ? null
                    : new Sizing(options.stats().get(), calibrate(), options.maxLock());
            prepareSchemas(db);
            List<MigrationResult> results = new ArrayList<>();
            List<String> notChecked = new ArrayList<>();
            try (MigrationTracer tracer = new MigrationTracer(() -> server.connect(db),
                    options.runnerLockTimeout().orElse(null))) {
                boolean failed = false;
                for (Unit unit : units) {
                    MigrationFile f = unit.file();
                    if (failed) {
                        notChecked.add(f.fileName());
                        continue;
                    }
                    String text = unit.text() != null ? unit.text() : placeholders(f, read(f), db);
                    if (f.kind() == MigrationKind.BACKFILL) {
                        // a declared backfill runs batch by batch after the deploy: not traced as a migration
                        // (so never data-backfill); one batch is planned on the schema built so far
                        if (unit.checked()) {
                            results.add(new MigrationResult(f, null, suppress(f, text, SqlScript.split(text),
                                    backfillFindings(f, text, db))));
                        }
                        continue;
                    }
                    List<SqlStatement> statements = SqlScript.split(text);
                    if (!unit.checked()) {
                        try {
                            tracer.apply(statements);
                        } catch (SQLException e) {
                            results.add(new MigrationResult(f, null, List.of(new Finding(Rule.MIGRATION_FAILED,
                                    f.fileName(), -1, 1, "", "replaying it failed: " + e.getMessage(), null))));
                            failed = true;
                        }
                        continue;
                    }
                    MigrationTrace trace = tracer.trace(f, statements);
                    MigrationFacts facts = MigrationFacts.of(trace);
                    List<Finding> raw = findings(facts);
                    List<Finding> findings = suppress(f, text, statements,
                            sizing == null ? raw : sizing.apply(facts, raw));
                    results.add(new MigrationResult(f, trace, findings));
                    failed = trace.failed();
                }
            }
            return new CheckReport(version, List.copyOf(results), List.copyOf(notChecked),
                    (System.nanoTime() - t0) / 1_000_000, sizing);
        } finally {
            try (Connection admin = server.connect("postgres"); Statement st = admin.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + db);
            }
        }
    }

    /**
     * The findings of every rule on one traced migration: its facts are collected once, then each
     * rule's check reads them.
     */
    static List<Finding> findings(MigrationTrace trace) {
        return findings(MigrationFacts.of(trace));
    }

    private static List<Finding> findings(MigrationFacts facts) {
        MigrationTrace trace = facts.trace();
        String file = trace.file().fileName();
        List<Finding> out = new ArrayList<>();
        for (Rule rule : Rule.values()) {
            if (rule.check() == null) {
                continue;
            }
            for (RuleCheck.Hit hit : rule.check().check(facts)) {
                SqlStatement s = hit.statement();
                out.add(new Finding(rule, file, s.index(), s.line(), s.summary(160), hit.observed().replace("  ", " "),
                        null));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The costs of scanning, rewriting, indexing and updating, measured on a database of the scratch
     * server made for it and dropped afterwards (so the checked database's catalog never sees it); once
     * per server.
     */
    private CostModel calibrate() throws SQLException {
        CostModel known = COSTS.get(server);
        if (known != null) {
            return known;
        }
        String db = "migratefirst_calibrate_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection admin = server.connect("postgres"); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        try (Connection c = server.connect(db)) {
            CostModel costs = CostModel.calibrate(c);
            COSTS.put(server, costs);
            return costs;
        } finally {
            try (Connection admin = server.connect("postgres"); Statement st = admin.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + db);
            }
        }
    }

    private List<MigrationFile> ordered(List<MigrationFile> migrations) {
        List<MigrationFile> out = new ArrayList<>();
        // a backfill (D<n>) after the versioned migration of its version, as the runner runs it
        migrations.stream().filter(f -> f.kind() == MigrationKind.VERSIONED || f.kind() == MigrationKind.BACKFILL)
                .sorted((x, y) -> {
                    int c = x.version().orElseThrow().compareTo(y.version().orElseThrow());
                    return c != 0 ? c : x.kind().compareTo(y.kind());
                })
                .forEach(out::add);
        if (options.repeatable()) {
            migrations.stream().filter(f -> f.kind() == MigrationKind.REPEATABLE)
                    .sorted((x, y) -> x.description().compareTo(y.description()))
                    .forEach(out::add);
        }
        return out;
    }

    /**
     * The findings of a declared backfill: a file the runner would refuse, or a batch PostgreSQL can only run by
     * scanning the whole table (planned with sequential scans disabled, so any usable index is taken:
     * {@link Rule#BACKFILL_WITHOUT_INDEX}).
     */
    private List<Finding> backfillFindings(MigrationFile f, String text, String db) throws SQLException {
        List<SqlStatement> statements = SqlScript.split(text);
        SqlStatement first = statements.isEmpty() ? new SqlStatement(0, 1, "", "") : statements.get(0);
        BackfillDeclaration d;
        try {
            d = BackfillDeclaration.parse(f.fileName(), text);
        } catch (IllegalArgumentException e) {
            return List.of(new Finding(Rule.MIGRATION_FAILED, f.fileName(), first.index(), first.line(),
                    first.summary(160), "the runner refuses this backfill: " + e.getMessage(), null));
        }
        StringBuilder plan = new StringBuilder();
        try (Connection c = server.connect(db)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL enable_seqscan = off");
                try (java.sql.ResultSet rs = st.executeQuery("EXPLAIN (FORMAT JSON) " + d.withRange(1, 1000))) {
                    while (rs.next()) {
                        plan.append(rs.getString(1));
                    }
                }
            } catch (SQLException e) {
                return List.of(new Finding(Rule.MIGRATION_FAILED, f.fileName(), first.index(), first.line(),
                        first.summary(160), "PostgreSQL cannot plan one batch: " + e.getMessage(), null));
            } finally {
                c.rollback();
            }
        }
        if (!plan.toString().contains("\"Seq Scan\"")) {
            return List.of();
        }
        return List.of(new Finding(Rule.BACKFILL_WITHOUT_INDEX, f.fileName(), first.index(), first.line(),
                first.summary(160), "one batch (" + d.key() + " 1 to 1000) is planned as a sequential scan of "
                + d.table() + " even with sequential scans disabled: no index serves the statement's range on "
                + d.key(), null));
    }

    private boolean isBeforeRange(MigrationFile f) {
        return options.after().isPresent() && f.version().isPresent()
                && f.version().get().compareTo(options.after().get()) <= 0;
    }

    /**
     * Flyway's schemas on the scratch database: each created, the first one the database's search_path,
     * so unqualified names land where Flyway would put them (every session of the check starts from it).
     */
    private void prepareSchemas(String db) throws SQLException {
        if (options.schemas().isEmpty()) {
            return;
        }
        try (Connection c = server.connect(db); Statement st = c.createStatement()) {
            for (String schema : options.schemas()) {
                st.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
            }
            st.execute("ALTER DATABASE " + db + " SET search_path = " + quote(options.schemas().get(0)));
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}\\s]+)}");

    /**
     * {@code text} with Flyway's placeholders replaced (when {@link CheckOptions#replacePlaceholders()}):
     * the configured ones, then {@code flyway:filename}, {@code flyway:database}.
     *
     * @throws IllegalArgumentException naming the file and the placeholder that has no value
     */
    private String placeholders(MigrationFile f, String text, String db) {
        if (!options.replacePlaceholders()) {
            return text;
        }
        Map<String, String> values = new HashMap<>(options.placeholders());
        values.putIfAbsent("flyway:filename", f.fileName());
        values.putIfAbsent("flyway:database", db);
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = values.get(name);
            if (value == null) {
                value = values.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
            }
            if (value == null) {
                throw new IllegalArgumentException(f.fileName() + ": no value for placeholder ${" + name + "} (set "
                        + "FLYWAY_PLACEHOLDERS_" + name.toUpperCase(java.util.Locale.ROOT).replace('.', '_')
                        + ", or flyway.placeholders." + name + " in flyway.conf/flyway.toml)");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String read(MigrationFile f) {
        try {
            return Files.readString(f.path(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + f.path(), e);
        }
    }

    /** Applies the file's suppression comments; reports invalid and unused ones. */
    static List<Finding> suppress(MigrationFile f, String text, List<SqlStatement> statements, List<Finding> raw) {
        List<Suppression> suppressions = Suppression.parse(text, statements);
        List<Finding> out = new ArrayList<>();
        List<Suppression> valid = new ArrayList<>();
        for (Suppression s : suppressions) {
            if (s.problem() != null) {
                out.add(new Finding(Rule.INVALID_SUPPRESSION, f.fileName(), s.statement(), s.line(), "", s.problem(),
                        null));
            } else {
                valid.add(s);
            }
        }
        List<Suppression> used = new ArrayList<>();
        for (Finding finding : raw) {
            Suppression by = valid.stream().filter(s -> s.covers(finding)).findFirst().orElse(null);
            if (by == null) {
                out.add(finding);
            } else {
                out.add(finding.suppressedBecause(by.reason()));
                used.add(by);
            }
        }
        for (Suppression s : valid) {
            if (!used.contains(s)) {
                out.add(new Finding(Rule.UNUSED_SUPPRESSION, f.fileName(), s.statement(), s.line(), "",
                        "suppression of " + s.ruleId() + (s.wholeFile() ? " for the file" : s.statement() < 0
                                ? " is below the last statement" : " on statement " + (s.statement() + 1))
                                + " silenced nothing", null));
            }
        }
        out.sort((x, y) -> x.line() != y.line() ? Integer.compare(x.line(), y.line())
                : x.rule().compareTo(y.rule()));
        return List.copyOf(out);
    }
}
