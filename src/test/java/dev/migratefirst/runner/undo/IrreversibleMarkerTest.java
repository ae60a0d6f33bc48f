package dev.migratefirst.runner.undo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The irreversible marker's syntax, and what the undo engine sees as code. */
class IrreversibleMarkerTest {

    @Test
    void readsTheReasonAfterTheMarker() {
        assertThat(IrreversibleMarker.parse("-- Drops the legacy table.\n"
                + "-- migratefirst:irreversible its rows are archived to S3, restore from there\nDROP TABLE legacy;", "V9"))
                .hasValue(new IrreversibleMarker("its rows are archived to S3, restore from there"));
        assertThat(IrreversibleMarker.parse("  --migratefirst:irreversible: enum values cannot be dropped", "V9"))
                .hasValue(new IrreversibleMarker("enum values cannot be dropped"));
    }

    @Test
    void noMarkerUnlessItIsALineComment() {
        assertThat(IrreversibleMarker.parse("DROP TABLE legacy;", "V9")).isEmpty();
        assertThat(IrreversibleMarker.parse("SELECT 'migratefirst:irreversible nope';", "V9")).isEmpty();
        assertThat(IrreversibleMarker.parse("SELECT 1; -- migratefirst:irreversible after code", "V9"))
                .isEqualTo(Optional.empty());
    }

    @Test
    void aMarkerNeedsAReasonAndTheRightSpelling() {
        assertThatThrownBy(() -> IrreversibleMarker.parse("-- migratefirst:irreversible\nDROP TABLE t;", "V9__x.sql"))
                .hasMessage("V9__x.sql: '-- migratefirst:irreversible' needs a reason (write "
                        + "'-- migratefirst:irreversible <why this cannot be undone>')");
        assertThatThrownBy(() -> IrreversibleMarker.parse("-- migratefirst:irreversibles gone", "V9__x.sql"))
                .hasMessage("V9__x.sql: unknown marker '--migratefirst:irreversibles' (write "
                        + "'-- migratefirst:irreversible <reason>')");
        assertThatThrownBy(() -> new IrreversibleMarker(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void codeOnlyDropsCommentsStringsAndFunctionBodies() {
        assertThat(UndoEngine.codeOnly("-- COMMIT;\nSELECT 'COMMIT;'; /* ROLLBACK; */ DO $body$ BEGIN COMMIT; END"
                + " $body$;")).doesNotContain("COMMIT").doesNotContain("ROLLBACK").contains("SELECT").contains("DO");
    }
}
