package dev.migratefirst.safety;

import dev.migratefirst.migrations.MigrationFile;
import dev.migratefirst.migrations.MigrationKind;
import dev.migratefirst.safety.facts.MigrationFacts;
import dev.migratefirst.safety.rules.RuleCheck;
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
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

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
     */
    public CheckReport check(List<MigrationFile> migrations) throws SQLException {
        long t0 = System.nanoTime();
        String db = "migratefirst_check_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        String version = server.version();
        try (Connection admin = server.connect("postgres"); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        try {
            List<MigrationResult> results = new ArrayList<>();
            List<String> notChecked = new ArrayList<>();
            try (MigrationTracer tracer = new MigrationTracer(() -> server.connect(db),
                    options.runnerLockTimeout().orElse(null))) {
                boolean failed = false;
                for (MigrationFile f : ordered(migrations)) {
                    if (failed) {
                        notChecked.add(f.fileName());
                        continue;
                    }
                    String text = read(f);
                    List<SqlStatement> statements = SqlScript.split(text);
                    if (isBeforeRange(f)) {
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
                    List<Finding> findings = suppress(f, text, statements, findings(trace));
                    results.add(new MigrationResult(f, trace, findings));
                    failed = trace.failed();
                }
            }
            return new CheckReport(version, List.copyOf(results), List.copyOf(notChecked),
                    (System.nanoTime() - t0) / 1_000_000);
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
        MigrationFacts facts = MigrationFacts.of(trace);
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

    private List<MigrationFile> ordered(List<MigrationFile> migrations) {
        List<MigrationFile> out = new ArrayList<>();
        migrations.stream().filter(f -> f.kind() == MigrationKind.VERSIONED)
                .sorted((x, y) -> x.version().orElseThrow().compareTo(y.version().orElseThrow()))
                .forEach(out::add);
        if (options.repeatable()) {
            migrations.stream().filter(f -> f.kind() == MigrationKind.REPEATABLE)
                    .sorted((x, y) -> x.description().compareTo(y.description()))
                    .forEach(out::add);
        }
        return out;
    }

    private boolean isBeforeRange(MigrationFile f) {
        return options.after().isPresent() && f.version().isPresent()
                && f.version().get().compareTo(options.after().get()) <= 0;
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
