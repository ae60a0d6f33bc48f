package dev.migratefirst.safety.trace;

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
}
