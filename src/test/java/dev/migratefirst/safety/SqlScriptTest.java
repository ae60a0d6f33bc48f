package dev.migratefirst.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The splitter cuts on semicolons only where PostgreSQL would. */
class SqlScriptTest {

    @Test
    void splitsOnSemicolonsOutsideQuotesCommentsAndDollarBodies() {
        String script = """
                -- leading comment; not a statement
                CREATE TABLE a (v text DEFAULT 'x;y');
                /* block; /* nested; */ still comment */
                CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END $body$;
                INSERT INTO "we;ird" VALUES (E'it\\'s;'), ($$a;b$$);
                SELECT $1 -- a parameter, not a dollar quote
                """;
        List<SqlStatement> s = SqlScript.split(script);
        assertThat(s).extracting(SqlStatement::line).containsExactly(2, 4, 5, 6);
        assertThat(s.get(0).sql()).isEqualTo("CREATE TABLE a (v text DEFAULT 'x;y')");
        assertThat(s.get(1).sql()).endsWith("END $body$");
        assertThat(s.get(2).sql()).isEqualTo("INSERT INTO \"we;ird\" VALUES (E'it\\'s;'), ($$a;b$$)");
        assertThat(s.get(1).leading()).contains("nested;");
        assertThat(s.get(3).sql()).startsWith("SELECT $1");
    }

    @Test
    void commentOnlyScriptHasNoStatements() {
        assertThat(SqlScript.split("-- nothing here;\n/* nor; here */\n")).isEmpty();
    }

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
}
