package dev.migratefirst.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackfillDeclarationTest {
    @Test
    void statementsSplitOutsideQuotesAndOnlyWholeParameterNamesBind() {
        assertThat(BackfillSql.statements("-- c\nUPDATE t SET a = ';'; /* ; */ \n")).singleElement()
                .satisfies(s -> assertThat(s).endsWith("\nUPDATE t SET a = ';'"));
        List<String> p = new ArrayList<>();
        assertThat(BackfillSql.bind("a = :fromage AND b = :to", p)).isEqualTo("a = :fromage AND b = ?");
        assertThat(p).containsExactly("to");
    }

    @Test
    void aBatchWithItsBoundsWrittenIn() {
        BackfillDeclaration d = BackfillDeclaration.parse("D1__x.sql", "-- migratefirst:backfill table=t key=id\n"
                + "UPDATE t SET v = '?' WHERE id BETWEEN :from AND :to");
        assertThat(BackfillDeclaration.declares("x\n  -- migratefirst:backfill table=t key=id")).isTrue();
        assertThat(d.withRange(1, 1000)).endsWith("\nUPDATE t SET v = '?' WHERE id BETWEEN 1::bigint AND 1000::bigint");
    }
}
