package dev.migratefirst.safety.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link ToolOutput} skips in other tools' offline SQL, and that line numbers survive. */
class ToolOutputTest {

    @Test
    void liquibaseUpdateSqlKeepsTheChangeAndSkipsItsLockAndChangelogRows() {
        String script = """
                -- Lock Database
                UPDATE public.databasechangeloglock SET LOCKED = TRUE, LOCKEDBY = 'host' WHERE ID = 1 AND LOCKED = FALSE;

                -- Changeset db/changelog.xml::2::dev
                ALTER TABLE public.users ADD profile_picture TEXT;

                INSERT INTO public.databasechangelog (ID, AUTHOR, FILENAME) VALUES ('2', 'dev', 'db/changelog.xml');

                -- Release Database Lock
                UPDATE public.databasechangeloglock SET LOCKED = FALSE, LOCKEDBY = NULL WHERE ID = 1;
                """;

        ToolOutput out = ToolOutput.of(script);

        assertThat(out.skipped()).hasSize(3);
        List<SqlStatement> left = SqlScript.split(out.text());
        assertThat(left).extracting(SqlStatement::sql).containsExactly("ALTER TABLE public.users ADD profile_picture TEXT");
        assertThat(left.get(0).line()).isEqualTo(5);
    }

    @Test
    void djangoAndAlembicTransactionControlIsSkippedButNotAColumnNamedBegin() {
        String script = "BEGIN;\n--\n-- Add field note to order\n--\nALTER TABLE \"shop_order\" ADD COLUMN \"begin\" text NULL;\n"
                + "UPDATE alembic_version SET version_num='2' WHERE alembic_version.version_num = '1';\nCOMMIT;\n";

        ToolOutput out = ToolOutput.of(script);

        assertThat(SqlScript.split(out.text())).extracting(SqlStatement::sql)
                .containsExactly("ALTER TABLE \"shop_order\" ADD COLUMN \"begin\" text NULL");
        assertThat(out.skipped()).hasSize(3);
    }

    @Test
    void aScriptOfTheTeamsOwnIsLeftAsWritten() {
        String script = "CREATE TABLE versions (id int);\nUPDATE versions SET id = 2;\n";
        assertThat(ToolOutput.of(script).text()).isEqualTo(script);
        assertThat(ToolOutput.of(script).skipped()).isEmpty();
    }
}
