package dev.migratefirst.safety;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migratefirst.safety.trace.LockMode;
import dev.migratefirst.safety.trace.MigrationTrace;
import dev.migratefirst.safety.trace.StatementTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Renders a {@link CheckReport} as a readable report or as one JSON document. */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportWriter() {
    }

    /**
     * The readable report: per migration, each statement that took a lock on an existing table or
     * has a finding, then the finding (rule, what the database did, the safer way), then a summary.
     */
    public static String text(CheckReport report) {
        StringBuilder out = new StringBuilder();
        out.append("check: PostgreSQL ").append(report.serverVersion()).append(", ")
                .append(report.results().size()).append(" migration(s) in ").append(report.millis()).append(" ms\n");
        if (report.sizing() != null) {
            out.append("sized with ").append(report.sizing().describe()).append('\n');
        }
        for (MigrationResult r : report.results()) {
            MigrationTrace t = r.trace();
            out.append('\n').append(r.file().fileName());
            if (t == null) {
                out.append(r.file().kind() == dev.migratefirst.migrations.MigrationKind.BACKFILL
                        ? "  (backfill: one batch planned, not run)\n" : "  (replay failed)\n");
            } else {
                out.append("  (").append(t.transactional() ? "one transaction" : "statement by statement, "
                        + "no transaction").append(", ").append(t.statements().size() + t.skipped().size())
                        .append(" statement(s))\n");
            }
            Map<Integer, List<Finding>> byStatement = new TreeMap<>();
            r.findings().forEach(f -> byStatement.computeIfAbsent(f.statement(), k -> new ArrayList<>()).add(f));
            if (t != null) {
                for (StatementTrace st : t.statements()) {
                    List<Finding> fs = byStatement.getOrDefault(st.statement().index(), List.of());
                    String locks = locks(t, st);
                    if (fs.isEmpty() && locks.isEmpty()) {
                        continue;
                    }
                    out.append("  line ").append(st.statement().line()).append(": ")
                            .append(st.statement().summary(100)).append('\n');
                    if (!locks.isEmpty()) {
                        out.append("    locks: ").append(locks).append('\n');
                    }
                    st.waits().forEach(w -> out.append("    ").append(w).append('\n'));
                    fs.forEach(f -> finding(out, f));
                }
            }
            for (Map.Entry<Integer, List<Finding>> e : byStatement.entrySet()) {
                boolean traced = t != null && t.statements().stream().anyMatch(s -> s.statement().index() == e.getKey());
                if (!traced) {
                    e.getValue().forEach(f -> {
                        out.append("  line ").append(f.line()).append(":\n");
                        finding(out, f);
                    });
                }
            }
            if (r.findings().isEmpty()) {
                out.append("  ok\n");
            }
        }
        for (String skipped : report.notChecked()) {
            out.append('\n').append(skipped).append("  not checked: an earlier migration failed\n");
        }
        long errors = report.count(Severity.ERROR);
        long warnings = report.count(Severity.WARNING);
        long infos = report.count(Severity.INFO);
        out.append('\n').append(errors).append(" error(s), ").append(warnings).append(" warning(s), ")
                .append(infos > 0 ? infos + " info (short enough at production size), " : "")
                .append(report.suppressed()).append(" suppressed: ")
                .append(report.unsafe() ? "UNSAFE, fix the errors or suppress them with a reason\n" : "safe to apply\n");
        return out.toString();
    }

    private static void finding(StringBuilder out, Finding f) {
        out.append("    ").append(f.isSuppressed() ? "suppressed " : "")
                .append(f.severity().label().toUpperCase(Locale.ROOT)).append(' ').append(f.rule().id())
                .append(": ").append(f.rule().summary()).append('\n');
        out.append("      database: ").append(f.observed()).append('\n');
        if (f.estimate() != null) {
            out.append("      production: ").append(f.estimate().known() ? "lock held about "
                    + f.estimate().readable() + " (" + f.estimate().basis() + ")" : f.estimate().basis()).append('\n');
        }
        if (f.isSuppressed()) {
            out.append("      reason: ").append(f.suppressed()).append('\n');
        } else {
            out.append("      safer way: ").append(f.rule().saferWay()).append('\n');
        }
    }

    private static String locks(MigrationTrace t, StatementTrace st) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(st.acquired()).forEach((oid, mode) -> parts.add(mode + " on " + t.before().nameOf(oid)
                + (mode.blocksApp() ? " (blocks " + mode.blocks() + ")" : "")));
        return String.join(", ", parts);
    }

    /** The report as JSON (one object; field names are part of the contract, see docs/safety.md). */
    public static String json(CheckReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("serverVersion", report.serverVersion());
        root.put("unsafe", report.unsafe());
        root.put("errors", report.count(Severity.ERROR));
        root.put("warnings", report.count(Severity.WARNING));
        if (report.sizing() != null) {
            root.put("info", report.count(Severity.INFO));
        }
        root.put("suppressed", report.suppressed());
        root.put("millis", report.millis());
        if (report.sizing() != null) {
            ObjectNode sizing = root.putObject("sizing");
            sizing.put("database", report.sizing().stats().database());
            sizing.put("productionServerVersion", report.sizing().stats().serverVersion());
            sizing.put("maxLockMillis", report.sizing().maxLock().map(java.time.Duration::toMillis).orElse(null));
            sizing.put("tinyMillis", Sizing.TINY.toMillis());
            sizing.put("scanNanosPerPage", Math.round(report.sizing().costs().scanNanosPerPage()));
            sizing.put("rewriteNanosPerPage", Math.round(report.sizing().costs().rewriteNanosPerPage()));
            sizing.put("indexNanosPerRow", Math.round(report.sizing().costs().indexNanosPerRow()));
            sizing.put("updateNanosPerPage", Math.round(report.sizing().costs().updateNanosPerPage()));
        }
        ArrayNode migrations = root.putArray("migrations");
        for (MigrationResult r : report.results()) {
            MigrationTrace t = r.trace();
            ObjectNode m = migrations.addObject();
            m.put("file", r.file().fileName());
            m.put("version", r.file().version().map(Object::toString).orElse(null));
            if (t == null) {
                m.putNull("transactional");
            } else {
                m.put("transactional", t.transactional());
            }
            ArrayNode statements = m.putArray("statements");
            if (t != null) {
                for (StatementTrace st : t.statements()) {
                    ObjectNode s = statements.addObject();
                    s.put("index", st.statement().index());
                    s.put("line", st.statement().line());
                    s.put("sql", st.statement().summary(400));
                    s.put("millis", st.millis());
                    s.put("rows", st.updateCount());
                    s.put("lockTimeout", st.lockTimeout());
                    ArrayNode locks = s.putArray("locks");
                    new TreeMap<>(st.acquired()).forEach((oid, mode) -> locks.addObject()
                            .put("relation", t.before().nameOf(oid))
                            .put("mode", mode.sql())
                            .put("blocksReads", mode.blocksReads())
                            .put("blocksWrites", mode.blocksWrites()));
                    ArrayNode waits = s.putArray("waits");
                    st.waits().forEach(waits::add);
                    s.put("error", st.error());
                }
            }
            ArrayNode findings = m.putArray("findings");
            for (Finding f : r.findings()) {
                findings.addObject()
                        .put("rule", f.rule().id())
                        .put("severity", f.severity().label())
                        .put("file", f.file())
                        .put("statement", f.statement())
                        .put("line", f.line())
                        .put("sql", f.sql())
                        .put("observed", f.observed())
                        .put("saferWay", f.rule().saferWay())
                        .put("suppressed", f.isSuppressed())
                        .put("reason", f.suppressed());
                if (f.estimate() != null) {
                    ObjectNode last = (ObjectNode) findings.get(findings.size() - 1);
                    last.put("ruleSeverity", f.rule().severity().label());
                    if (f.estimate().known()) {
                        last.put("estimatedLockMillis", f.estimate().millis());
                    } else {
                        last.putNull("estimatedLockMillis");
                    }
                    last.put("estimate", f.estimate().basis());
                }
            }
        }
        ArrayNode notChecked = root.putArray("notChecked");
        report.notChecked().forEach(notChecked::add);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the check report as JSON", e);
        }
    }
}
