package dev.migratefirst.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rule table and the rule reference of docs/safety.md are generated from {@link Rule}; this
 * fails when either drifts. Regenerate with
 * {@code mvn -q compile && java -cp target/classes dev.migratefirst.safety.RuleTable}.
 */
class RuleTableTest {
    private static final String HOW = "docs/safety.md drifted from the rules: run "
            + "'mvn -q compile && java -cp target/classes dev.migratefirst.safety.RuleTable' and commit";

    @Test
    void docsTableIsGeneratedFromTheRules() throws IOException {
        String doc = Files.readString(Path.of("docs", "safety.md"));
        assertThat(RuleTable.between(doc, RuleTable.TABLE_START, RuleTable.TABLE_END)).as(HOW)
                .isEqualTo(RuleTable.table());
    }

    @Test
    void docsReferenceIsGeneratedFromTheRules() throws IOException {
        String doc = Files.readString(Path.of("docs", "safety.md"));
        assertThat(RuleTable.between(doc, RuleTable.REFERENCE_START, RuleTable.REFERENCE_END)).as(HOW)
                .isEqualTo(RuleTable.reference());
    }

    @Test
    void everyRuleHasOneRowAndAUniqueId() {
        String table = RuleTable.table();
        Set<String> ids = new HashSet<>();
        for (Rule r : Rule.values()) {
            assertThat(ids.add(r.id())).as("duplicate id %s", r.id()).isTrue();
            assertThat(r.id()).matches("[a-z]+(-[a-z]+)*");
            assertThat(table).contains("| `" + r.id() + "` | " + r.severity().label() + " |");
            assertThat(Arrays.asList(r.summary(), r.why(), r.saferWay(), r.badSql(), r.goodSql()))
                    .allSatisfy(s -> assertThat(s).isNotBlank());
        }
        assertThat(table.lines().count()).isEqualTo(Rule.values().length + 2);
    }

    @Test
    void spliceReplacesOnlyTheMarkedPart() {
        String text = "before\n" + RuleTable.TABLE_START + "\nold\n" + RuleTable.TABLE_END + "\nafter\n";
        String spliced = RuleTable.splice(text, RuleTable.TABLE_START, RuleTable.TABLE_END, "new\n");
        assertThat(spliced).isEqualTo("before\n" + RuleTable.TABLE_START + "\nnew\n" + RuleTable.TABLE_END + "\nafter\n");
        assertThat(RuleTable.between(spliced, RuleTable.TABLE_START, RuleTable.TABLE_END)).isEqualTo("new\n");
        assertThatThrownBy(() -> RuleTable.between("no markers", RuleTable.TABLE_START, RuleTable.TABLE_END))
                .hasMessageContaining("not found");
    }
}
