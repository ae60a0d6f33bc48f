package dev.migratefirst.safety;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every rule's bad example is flagged by that rule on a real PostgreSQL, its good example is not. */
class RuleExamplesTest extends OnScratchPostgres {
    @ParameterizedTest
    @EnumSource(Rule.class)
    void badExampleIsFlagged(Rule rule) {
        MigrationResult r = Scratch.checkOne(server, Rule.EXAMPLE_SCHEMA, rule.badSql());
        assertThat(Scratch.of(r, rule)).as("findings of %s on its bad example; all: %s", rule.id(), r.findings())
                .isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(Rule.class)
    void goodExampleIsNotFlagged(Rule rule) {
        MigrationResult r = Scratch.checkOne(server, Rule.EXAMPLE_SCHEMA, rule.goodSql());
        assertThat(Scratch.of(r, rule)).as("findings of %s on its good example", rule.id()).isEmpty();
        assertThat(r.count(Severity.ERROR)).as("errors on the good example of %s: %s", rule.id(), r.findings())
                .isZero();
    }
}
