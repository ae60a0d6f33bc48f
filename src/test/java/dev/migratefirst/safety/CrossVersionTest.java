package dev.migratefirst.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.runner.ScratchPostgres;
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
import org.junit.jupiter.api.Test;

/**
 * The same corpus on PostgreSQL 14, 15, 16, 17 and 18: every case gets the same verdict where the
 * servers behave the same, and the cases below, where they do not, get the verdict each server
 * earns. The differences were found by running candidates on every major, not assumed.
 */
class CrossVersionTest {
    private static final int[] MAJORS = {14, 15, 16, 17, 18};

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

    static String expectedFor(Difference d, int major) {
        return new TreeMap<>(d.expected()).floorEntry(major).getValue();
    }

    static String verdict(Corpus.Outcome o) {
        return String.join(", ", o.errors()) + " | " + String.join(", ", o.warnings());
    }

    @Test
    void sameVerdictsWhereTheServerBehavesTheSameAndDifferentWhereItDoesNot() throws IOException {
        List<Corpus.Case> corpus = Corpus.cases();
        Map<String, Map<Integer, String>> corpusVerdicts = new LinkedHashMap<>();
        Map<String, Map<Integer, String>> differenceVerdicts = new LinkedHashMap<>();
        Map<Integer, String> versions = new TreeMap<>();
        for (int major : MAJORS) {
            try (ScratchPostgres pg = Scratch.start(major)) {
                versions.put(major, pg.version());
                for (Corpus.Case c : corpus) {
                    corpusVerdicts.computeIfAbsent(c.name(), k -> new TreeMap<>())
                            .put(major, verdict(Corpus.run(pg, c)));
                }
                for (Difference d : DIFFERENCES) {
                    Corpus.Case c = new Corpus.Case(d.name(), Corpus.Verdict.SAFE, Set.of(),
                            Arrays.asList(d.sql().split("(?m)^-- migration\\s*$")));
                    differenceVerdicts.computeIfAbsent(d.name(), k -> new TreeMap<>())
                            .put(major, verdict(Corpus.run(pg, c)));
                }
            }
        }
        writeTable(versions, differenceVerdicts);

        List<String> diverging = new ArrayList<>();
        corpusVerdicts.forEach((name, byMajor) -> {
            if (byMajor.values().stream().distinct().count() > 1) {
                diverging.add(name + " " + byMajor);
            }
        });
        assertThat(diverging).as("corpus cases whose verdict differs between majors").isEmpty();

        for (Difference d : DIFFERENCES) {
            for (int major : MAJORS) {
                assertThat(differenceVerdicts.get(d.name()).get(major)).as("%s on PostgreSQL %d", d.name(), major)
                        .isEqualTo(expectedFor(d, major));
            }
        }
    }

    private static void writeTable(Map<Integer, String> versions, Map<String, Map<Integer, String>> verdicts)
            throws IOException {
        StringBuilder md = new StringBuilder("| migration |");
        versions.values().forEach(v -> md.append(" PostgreSQL ").append(v).append(" |"));
        md.append("\n|---|").append("---|".repeat(versions.size())).append('\n');
        verdicts.forEach((name, byMajor) -> {
            md.append("| ").append(name).append(" |");
            byMajor.values().forEach(v -> md.append(' ').append(v.replace("|", "/")).append(" |"));
            md.append('\n');
        });
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "safety-versions.md"), md.toString());
    }
}
