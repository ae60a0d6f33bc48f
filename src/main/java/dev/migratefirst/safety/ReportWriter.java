package dev.migratefirst.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Renders a {@link CheckReport} as a readable report or as one JSON document. */
public final class ReportWriter {
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
        for (MigrationResult r : report.results()) {
            MigrationTrace t = r.trace();
            out.append('\n').append(r.file().fileName());
            if (t == null) {
                out.append("  (replay failed)\n");
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
        out.append('\n').append(errors).append(" error(s), ").append(warnings).append(" warning(s), ")
                .append(report.suppressed()).append(" suppressed: ")
                .append(report.unsafe() ? "UNSAFE, fix the errors or suppress them with a reason\n" : "safe to apply\n");
        return out.toString();
    }

    private static void finding(StringBuilder out, Finding f) {
        out.append("    ").append(f.isSuppressed() ? "suppressed " : "")
                .append(f.severity().label().toUpperCase(Locale.ROOT)).append(' ').append(f.rule().id())
                .append(": ").append(f.rule().summary()).append('\n');
        out.append("      database: ").append(f.observed()).append('\n');
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
        Json j = new Json();
        j.open('{');
        j.field("serverVersion").string(report.serverVersion());
        j.field("unsafe").raw(String.valueOf(report.unsafe()));
        j.field("errors").raw(String.valueOf(report.count(Severity.ERROR)));
        j.field("warnings").raw(String.valueOf(report.count(Severity.WARNING)));
        j.field("suppressed").raw(String.valueOf(report.suppressed()));
        j.field("millis").raw(String.valueOf(report.millis()));
        j.field("migrations").open('[');
        for (MigrationResult r : report.results()) {
            MigrationTrace t = r.trace();
            j.element().open('{');
            j.field("file").string(r.file().fileName());
            j.field("version").string(r.file().version().map(Object::toString).orElse(null));
            j.field("transactional").raw(t == null ? "null" : String.valueOf(t.transactional()));
            j.field("statements").open('[');
            if (t != null) {
                for (StatementTrace st : t.statements()) {
                    j.element().open('{');
                    j.field("index").raw(String.valueOf(st.statement().index()));
                    j.field("line").raw(String.valueOf(st.statement().line()));
                    j.field("sql").string(st.statement().summary(400));
                    j.field("millis").raw(String.valueOf(st.millis()));
                    j.field("rows").raw(String.valueOf(st.updateCount()));
                    j.field("lockTimeout").string(st.lockTimeout());
                    j.field("locks").open('[');
                    for (Map.Entry<Long, LockMode> e : new TreeMap<>(st.acquired()).entrySet()) {
                        j.element().open('{');
                        j.field("relation").string(t.before().nameOf(e.getKey()));
                        j.field("mode").string(e.getValue().sql());
                        j.field("blocksReads").raw(String.valueOf(e.getValue().blocksReads()));
                        j.field("blocksWrites").raw(String.valueOf(e.getValue().blocksWrites()));
                        j.close('}');
                    }
                    j.close(']');
                    j.field("waits").open('[');
                    st.waits().forEach(w -> j.element().string(w));
                    j.close(']');
                    j.field("error").string(st.error());
                    j.close('}');
                }
            }
            j.close(']');
            j.field("findings").open('[');
            for (Finding f : r.findings()) {
                j.element().open('{');
                j.field("rule").string(f.rule().id());
                j.field("severity").string(f.severity().label());
                j.field("file").string(f.file());
                j.field("statement").raw(String.valueOf(f.statement()));
                j.field("line").raw(String.valueOf(f.line()));
                j.field("sql").string(f.sql());
                j.field("observed").string(f.observed());
                j.field("saferWay").string(f.rule().saferWay());
                j.field("suppressed").raw(String.valueOf(f.isSuppressed()));
                j.field("reason").string(f.suppressed());
                j.close('}');
            }
            j.close(']');
            j.close('}');
        }
        j.close(']');
        j.field("notChecked").open('[');
        report.notChecked().forEach(n -> j.element().string(n));
        j.close(']');
        j.close('}');
        return j.toString();
    }

    /** A minimal JSON writer: the safety package depends on the JDK and JDBC only. */
    private static final class Json {
        private final StringBuilder sb = new StringBuilder();
        private final List<Boolean> first = new ArrayList<>();

        Json open(char c) {
            sb.append(c);
            first.add(true);
            return this;
        }

        Json close(char c) {
            sb.append(c);
            first.remove(first.size() - 1);
            return this;
        }

        private void comma() {
            int top = first.size() - 1;
            if (!first.get(top)) {
                sb.append(',');
            }
            first.set(top, false);
        }

        Json field(String name) {
            comma();
            quote(name);
            sb.append(':');
            return this;
        }

        Json element() {
            comma();
            return this;
        }

        Json raw(String v) {
            sb.append(v);
            return this;
        }

        Json string(String v) {
            if (v == null) {
                sb.append("null");
            } else {
                quote(v);
            }
            return this;
        }

        private void quote(String v) {
            sb.append('"');
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
