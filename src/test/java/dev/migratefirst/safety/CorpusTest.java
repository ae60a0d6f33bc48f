package dev.migratefirst.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole corpus on PostgreSQL 17 and measures the detection rate (unsafe and warn cases
 * whose expected rules fire) and the false-positive rate (safe cases with an error). Writes the
 * figures to target/safety-corpus.md. Known misses are listed with the reason; any other mismatch
 * fails the test.
 */
class CorpusTest extends OnScratchPostgres {
    /** Cases the checker gets wrong today, and why: the figures in docs/safety.md count them. */
    static final Map<String, String> KNOWN_MISSES = Map.of(
            "w05-backfill-in-do-block", "EXPLAIN cannot plan a DO block, and the UPDATE inside changes 0 rows on "
                    + "the empty scratch tables, so nothing tells the checker it is a backfill");

    @Test
    void corpusVerdictsAndRates() throws IOException {
        List<Corpus.Case> cases = Corpus.cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
        List<Corpus.Outcome> outcomes = new ArrayList<>();
        for (Corpus.Case c : cases) {
            outcomes.add(Corpus.run(server, c));
        }
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
        md.append(String.format("%nDetection: %d/%d (%.1f%%). False positives: %d/%d (%.1f%%). "
                        + "Safe cases with a warning: %d/%d.%n", detected, flaggable, 100.0 * detected / flaggable,
                falsePositives, safe, 100.0 * falsePositives / safe, safeWithWarning, safe));
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
}
