package dev.migratefirst.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.safety.trace.SqlScript;
import dev.migratefirst.safety.trace.SqlStatement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Suppression comments: what they target, and why one is invalid. */
class SuppressionTest {

    @Test
    void suppressionsTargetTheNextStatementAndFileWideOnesEverything() {
        String script = """
                -- migratefirst:allow-file missing-lock-timeout applied by the runner
                CREATE TABLE a (id int);
                -- migratefirst:allow table-rewrite tiny lookup table
                ALTER TABLE a ALTER COLUMN id TYPE bigint;
                -- migratefirst:allow data-backfill
                """;
        List<SqlStatement> statements = SqlScript.split(script);
        List<Suppression> s = Suppression.parse(script, statements);
        assertThat(s).hasSize(3);
        assertThat(s.get(0).wholeFile()).isTrue();
        assertThat(s.get(1).statement()).isEqualTo(1);
        assertThat(s.get(1).reason()).isEqualTo("tiny lookup table");
        assertThat(s.get(2).statement()).isEqualTo(-1);
        assertThat(s.get(2).reason()).isEmpty();
    }

    @Test
    void aSuppressionWithoutAKnownRuleOrAReasonSaysWhy() {
        assertThat(new Suppression("no-such-rule", "because", false, 0, 1).problem())
                .isEqualTo("'no-such-rule' is not a rule id (see the rule table)");
        assertThat(new Suppression("table-rewrite", "", false, 0, 1).problem())
                .isEqualTo("suppression of table-rewrite gives no reason");
        assertThat(new Suppression("table-rewrite", "tiny table", false, 0, 1).problem()).isNull();
    }
}
