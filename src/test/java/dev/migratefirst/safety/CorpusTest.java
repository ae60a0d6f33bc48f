package dev.migratefirst.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.runner.connect.ScratchPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The safety corpus (src/test/resources/safety-corpus, expected verdict in each file's header) on
 * PostgreSQL 14, 15, 16, 17 and 18, one server at a time.
 * <ul>
 *   <li>On the default major (17): the detection rate (unsafe and warn cases whose expected rules
 *   fire) and the false-positive rate (safe cases with an error), written to
 *   target/safety-corpus.md; any mismatch that is not a listed known miss fails.</li>
 *   <li>On every major: each corpus case gets the same verdict (the servers behave the same for
 *   them), and the {@link #DIFFERENCES} (where they do not, found by running candidates on every
 *   major, not assumed) get the verdict each server earns, written to target/safety-versions.md.</li>
 * </ul>
 */
class CorpusTest {
    private static final int[] MAJORS = {14, 15, 16, 17, 18};
    private static final int DEFAULT_MAJOR = 17;

    /** Cases the checker gets wrong today, and why: the figures in docs/safety.md count them. */
    static final Map<String, String> KNOWN_MISSES = Map.of();

    /** A migration (after the corpus base) whose verdict depends on the major. */
    record Difference(String name, String sql, Map<Integer, String> expected) {
    }

    /** Expected "errors | warnings" per major; majors not listed expect the value of the closest lower one. */
    static final List<Difference> DIFFERENCES = List.of(
            new Difference("merge-backfill", "MERGE INTO orders o USING users u ON o.user_id = u.id\n"
                    + "WHEN MATCHED THEN UPDATE SET state = 'migrated';",
                    Map.of(14, "migration-failed | ", 15, " | data-backfill")),
            new Difference("unique-nulls-not-distinct", "SET lock_timeout = '5s';\n"
                    + "ALTER TABLE products ADD CONSTRAINT products_sku_key UNIQUE NULLS NOT DISTINCT (sku);",
                    Map.of(14, "migration-failed | ", 15, "constraint-without-not-valid | ")),
            new Difference("set-expression-rewrites", "SET lock_timeout = '5s';\n"
                    + "ALTER TABLE products ADD COLUMN price_cents numeric GENERATED ALWAYS AS (price * 100) STORED;\n"
                    + "-- migration\nSET lock_timeout = '5s';\n"
                    + "ALTER TABLE products ALTER COLUMN price_cents SET EXPRESSION AS (price * 1000);",
                    Map.of(14, "migration-failed, table-rewrite | ", 17, "table-rewrite | ")),
            new Difference("virtual-generated-column", "SET lock_timeout = '5s';\n"
                    + "ALTER TABLE products ADD COLUMN price_cents numeric GENERATED ALWAYS AS (price * 100);",
                    Map.of(14, "migration-failed | ", 18, " | ")),
            new Difference("not-null-not-valid", "SET lock_timeout = '5s';\n"
                    + "ALTER TABLE orders ADD CONSTRAINT orders_total_not_null NOT NULL total NOT VALID;",
                    Map.of(14, "migration-failed | ", 18, " | ")),
            new Difference("not-valid-fk-on-partitioned-table", "CREATE TABLE events (id bigint, user_id bigint, "
                    + "at date NOT NULL) PARTITION BY RANGE (at);\n"
                    + "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');\n"
                    + "CREATE INDEX events_user_id_idx ON events (user_id);\n-- migration\nSET lock_timeout = '5s';\n"
                    + "ALTER TABLE events ADD CONSTRAINT events_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;",
                    Map.of(14, "migration-failed | ", 18, " | ")));

    private static final Map<Integer, String> VERSIONS = new TreeMap<>();
    private static final Map<Integer, List<Corpus.Outcome>> CORPUS = new TreeMap<>();
    private static final Map<String, Map<Integer, String>> DIFFERENCE_VERDICTS = new LinkedHashMap<>();

    @BeforeAll
    static void runEverythingOnEveryMajor() {
        List<Corpus.Case> cases = Corpus.cases();
        for (int major : MAJORS) {
            try (ScratchPostgres pg = Scratch.start(major)) {
                VERSIONS.put(major, pg.version());
                List<Corpus.Outcome> outcomes = new ArrayList<>();
                for (Corpus.Case c : cases) {
                    outcomes.add(Corpus.run(pg, c));
                }
                CORPUS.put(major, outcomes);
                for (Difference d : DIFFERENCES) {
                    Corpus.Case c = new Corpus.Case(d.name(), Corpus.Verdict.SAFE, Set.of(),
                            Arrays.asList(d.sql().split("(?m)^-- migration\\s*$")));
                    DIFFERENCE_VERDICTS.computeIfAbsent(d.name(), k -> new TreeMap<>())
                            .put(major, verdict(Corpus.run(pg, c)));
                }
            }
        }
    }

    static String expectedFor(Difference d, int major) {
        return new TreeMap<>(d.expected()).floorEntry(major).getValue();
    }

    static String verdict(Corpus.Outcome o) {
        return String.join(", ", o.errors()) + " | " + String.join(", ", o.warnings());
    }

    @Test
    void corpusVerdictsAndRatesOnTheDefaultMajor() throws IOException {
        List<Corpus.Outcome> outcomes = CORPUS.get(DEFAULT_MAJOR);
        assertThat(outcomes).hasSizeGreaterThanOrEqualTo(40);
        long flaggable = outcomes.stream().filter(o -> o.c().expected() != Corpus.Verdict.SAFE).count();
        long detected = outcomes.stream().filter(o -> o.c().expected() != Corpus.Verdict.SAFE && o.asExpected())
                .count();
        long safe = outcomes.stream().filter(o -> o.c().expected() == Corpus.Verdict.SAFE).count();
        long falsePositives = outcomes.stream().filter(o -> o.c().expected() == Corpus.Verdict.SAFE && o.unsafe())
                .count();
        long safeWithWarning = outcomes.stream().filter(o -> o.c().expected() == Corpus.Verdict.SAFE
                && !o.warnings().isEmpty()).count();
        StringBuilder md = new StringBuilder("| case | expected | errors | warnings | as expected |\n|---|---|---|---|---|\n");
        for (Corpus.Outcome o : outcomes) {
            md.append("| ").append(o.c().name()).append(" | ").append(o.c().expected().name().toLowerCase())
                    .append(o.c().rules().isEmpty() ? "" : " " + String.join(", ", o.c().rules())).append(" | ")
                    .append(String.join(", ", o.errors())).append(" | ").append(String.join(", ", o.warnings()))
                    .append(" | ").append(o.asExpected() ? "yes" : "**no**").append(" |\n");
        }
        md.append(String.format("%nPostgreSQL %s. Detection: %d/%d (%.1f%%). False positives: %d/%d (%.1f%%). "
                        + "Safe cases with a warning: %d/%d.%n", VERSIONS.get(DEFAULT_MAJOR), detected, flaggable,
                100.0 * detected / flaggable, falsePositives, safe, 100.0 * falsePositives / safe, safeWithWarning,
                safe));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "safety-corpus.md"), md.toString());

        List<String> unexpected = outcomes.stream()
                .filter(o -> !o.asExpected() && !KNOWN_MISSES.containsKey(o.c().name()))
                .map(o -> o.c().name() + " (expected " + o.c().expected() + " " + o.c().rules() + ", got errors "
                        + o.errors() + " warnings " + o.warnings() + ")")
                .toList();
        assertThat(unexpected).as("corpus cases with an unexpected verdict").isEmpty();
        List<String> fixed = outcomes.stream()
                .filter(o -> o.asExpected() && KNOWN_MISSES.containsKey(o.c().name()))
                .map(o -> o.c().name()).toList();
        assertThat(fixed).as("known misses that now pass: remove them from KNOWN_MISSES").isEmpty();
    }

    @Test
    void sameVerdictsOnEveryMajorWhereTheServerBehavesTheSame() {
        List<String> diverging = new ArrayList<>();
        List<Corpus.Outcome> reference = CORPUS.get(DEFAULT_MAJOR);
        for (int i = 0; i < reference.size(); i++) {
            Map<Integer, String> byMajor = new TreeMap<>();
            for (int major : MAJORS) {
                byMajor.put(major, verdict(CORPUS.get(major).get(i)));
            }
            if (byMajor.values().stream().distinct().count() > 1) {
                diverging.add(reference.get(i).c().name() + " " + byMajor);
            }
        }
        assertThat(diverging).as("corpus cases whose verdict differs between majors").isEmpty();
    }

    @Test
    void differentVerdictsWhereTheServerBehavesDifferently() throws IOException {
        StringBuilder md = new StringBuilder("| migration |");
        VERSIONS.values().forEach(v -> md.append(" PostgreSQL ").append(v).append(" |"));
        md.append("\n|---|").append("---|".repeat(VERSIONS.size())).append('\n');
        DIFFERENCE_VERDICTS.forEach((name, byMajor) -> {
            md.append("| ").append(name).append(" |");
            byMajor.values().forEach(v -> md.append(' ').append(v.replace("|", "/")).append(" |"));
            md.append('\n');
        });
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "safety-versions.md"), md.toString());
        for (Difference d : DIFFERENCES) {
            for (int major : MAJORS) {
                assertThat(DIFFERENCE_VERDICTS.get(d.name()).get(major)).as("%s on PostgreSQL %d", d.name(), major)
                        .isEqualTo(expectedFor(d, major));
            }
        }
    }
}
