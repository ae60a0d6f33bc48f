package dev.migratefirst.runner.undo.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The catalog snapshot on a real PostgreSQL: what it sees, and how it names a difference. */
class SchemaSnapshotTest {
    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();

    private static final String SCHEMA = """
            CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
            CREATE DOMAIN email AS varchar(320) NOT NULL CHECK (VALUE LIKE '%@%');
            CREATE TYPE pair AS (a int, b text);
            CREATE TYPE num_range AS RANGE (subtype = numeric);
            CREATE SEQUENCE invoice_no START 1000 INCREMENT 10;
            CREATE TABLE users (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                email email UNIQUE,
                name varchar(200) NOT NULL DEFAULT 'anonymous',
                mood mood,
                created_at timestamptz NOT NULL DEFAULT now(),
                name_upper text GENERATED ALWAYS AS (upper(name)) STORED
            );
            CREATE TABLE orders (
                id serial PRIMARY KEY,
                user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                total numeric(10, 2) CHECK (total >= 0)
            );
            CREATE INDEX orders_user_idx ON orders (user_id) WHERE total > 0;
            CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
            CREATE MATERIALIZED VIEW order_totals AS SELECT user_id, sum(total) AS total FROM orders GROUP BY user_id;
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
            CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
            ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
            CREATE POLICY own_orders ON orders FOR SELECT USING (user_id > 0);
            CREATE SCHEMA audit;
            CREATE TABLE audit.events (id bigint PRIMARY KEY, payload jsonb);
            """;

    @BeforeEach
    void createSchema() throws SQLException {
        exec(SCHEMA);
    }

    private void exec(String sql) throws SQLException {
        try (Connection c = postgres.connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private SchemaSnapshot snapshot() throws SQLException {
        try (Connection c = postgres.connect()) {
            return SchemaSnapshot.take(c, Set.of());
        }
    }

    private List<String> changesAfter(String sql) throws SQLException {
        SchemaSnapshot before = snapshot();
        exec(sql);
        return snapshot().differencesFrom(before).stream()
                .map(d -> d.describe("after the change", "before")).toList();
    }

    @Test
    void readsEveryKindOfObject() throws SQLException {
        SchemaSnapshot s = snapshot();

        assertThat(s.find(SchemaObject.Kind.COLUMN, "users.email")).get()
                .extracting(SchemaObject::definition).isEqualTo("email");
        assertThat(s.find(SchemaObject.Kind.COLUMN, "users.name")).get().extracting(SchemaObject::definition)
                .isEqualTo("character varying(200) NOT NULL DEFAULT 'anonymous'::character varying");
        assertThat(s.find(SchemaObject.Kind.COLUMN, "users.id")).get().extracting(SchemaObject::definition)
                .isEqualTo("bigint NOT NULL GENERATED ALWAYS AS IDENTITY");
        assertThat(s.find(SchemaObject.Kind.COLUMN, "users.name_upper")).get().extracting(SchemaObject::definition)
                .isEqualTo("text GENERATED ALWAYS AS (upper((name)::text)) STORED");
        assertThat(s.find(SchemaObject.Kind.TYPE, "mood")).get().extracting(SchemaObject::definition)
                .isEqualTo("enum ('sad', 'ok', 'happy')");
        assertThat(s.find(SchemaObject.Kind.TYPE, "email")).get().extracting(SchemaObject::definition)
                .isEqualTo("domain over character varying(320) NOT NULL");
        assertThat(s.find(SchemaObject.Kind.TYPE, "pair")).get().extracting(SchemaObject::definition)
                .isEqualTo("composite (a integer, b text)");
        assertThat(s.find(SchemaObject.Kind.TYPE, "num_range")).get().extracting(SchemaObject::definition)
                .isEqualTo("range of numeric");
        assertThat(s.find(SchemaObject.Kind.SEQUENCE, "invoice_no")).get().extracting(SchemaObject::definition)
                .isEqualTo("bigint START 1000 INCREMENT 10 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1 NO CYCLE");
        assertThat(s.find(SchemaObject.Kind.SEQUENCE, "orders_id_seq")).get().extracting(SchemaObject::definition)
                .asString().endsWith("OWNED BY orders.id");
        assertThat(s.find(SchemaObject.Kind.INDEX, "orders_user_idx")).get().extracting(SchemaObject::definition)
                .isEqualTo("CREATE INDEX orders_user_idx ON public.orders USING btree (user_id) WHERE (total > (0)::numeric)");
        assertThat(s.objects().values()).extracting(SchemaObject::describe).contains(
                "schema audit", "table audit.events", "column audit.events.payload",
                "constraint users_pkey on users", "constraint orders_user_id_fkey on orders",
                "constraint orders_total_check on orders", "constraint email_check on domain email",
                "index users_email_key on users", "view big_orders", "materialized view order_totals",
                "function touch()", "trigger users_touch on users", "policy own_orders on orders",
                "table orders");
        assertThat(s.find(SchemaObject.Kind.TABLE, "orders")).get().extracting(SchemaObject::definition)
                .isEqualTo("table ROW LEVEL SECURITY");
    }

    @Test
    void droppingAndRecreatingTheSameSchemaGivesAnEqualSnapshot() throws SQLException {
        SchemaSnapshot before = snapshot();
        exec("DROP SCHEMA public CASCADE; DROP SCHEMA audit CASCADE; CREATE SCHEMA public;"
                + " GRANT ALL ON SCHEMA public TO public;");
        exec(SCHEMA);

        assertThat(snapshot().differencesFrom(before)).isEmpty();
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void namesAnIndexThatExistsOnlyAfter() throws SQLException {
        assertThat(changesAfter("CREATE INDEX users_name_idx ON users (name)"))
                .containsExactly("index users_name_idx on users exists after the change but not before");
    }

    @Test
    void namesAColumnThatIsMissingAfter() throws SQLException {
        assertThat(changesAfter("ALTER TABLE orders DROP COLUMN total CASCADE")).containsExactly(
                "column orders.total existed before but is missing after the change",
                "constraint orders_total_check on orders existed before but is missing after the change",
                "index orders_user_idx on orders existed before but is missing after the change",
                "view big_orders existed before but is missing after the change",
                "materialized view order_totals existed before but is missing after the change")
                .hasSize(5);
    }

    @Test
    void namesTypeDefaultAndNullabilityChanges() throws SQLException {
        assertThat(changesAfter("ALTER TABLE audit.events ALTER COLUMN payload TYPE json;"
                + " ALTER TABLE users ALTER COLUMN name DROP DEFAULT;"
                + " ALTER TABLE users ALTER COLUMN created_at DROP NOT NULL")).containsExactly(
                "column audit.events.payload differs after the change: before 'jsonb', after the change 'json'",
                "column users.created_at differs after the change: before 'timestamp with time zone NOT NULL "
                        + "DEFAULT now()', after the change 'timestamp with time zone DEFAULT now()'",
                "column users.name differs after the change: before 'character varying(200) NOT NULL DEFAULT "
                        + "'anonymous'::character varying', after the change 'character varying(200) NOT NULL'");
    }

    @Test
    void namesAnAddedEnumValue() throws SQLException {
        assertThat(changesAfter("ALTER TYPE mood ADD VALUE 'ecstatic'")).containsExactly(
                "type mood differs after the change: before 'enum ('sad', 'ok', 'happy')', "
                        + "after the change 'enum ('sad', 'ok', 'happy', 'ecstatic')'");
    }

    @Test
    void namesAChangedFunctionBodyByItsFirstDifferentLine() throws SQLException {
        List<String> changes = changesAfter(
                "CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$");
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0)).startsWith("function touch() differs after the change: before 'line ")
                .contains("RETURN NEW").contains("RETURN OLD");
    }

    @Test
    void namesTriggerSequenceViewPolicyAndConstraintChanges() throws SQLException {
        assertThat(changesAfter("ALTER TABLE users DISABLE TRIGGER users_touch;"
                + " ALTER SEQUENCE invoice_no INCREMENT 1;"
                + " CREATE OR REPLACE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 200;"
                + " DROP POLICY own_orders ON orders;"
                + " ALTER TABLE orders DROP CONSTRAINT orders_total_check;"
                + " ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total > 0) NOT VALID"))
                .extracting(s -> s.substring(0, s.indexOf(' ', s.indexOf(' ') + 1)))
                .containsExactly("constraint orders_total_check", "sequence invoice_no", "view big_orders",
                        "trigger users_touch", "policy own_orders");
    }

    @Test
    void sequenceValuesAndDataAreNotSchema() throws SQLException {
        assertThat(changesAfter("SELECT nextval('invoice_no'); INSERT INTO users (email, name) VALUES ('a@b', 'a');"
                + " REFRESH MATERIALIZED VIEW order_totals")).isEmpty();
    }

    @Test
    void leavesOutAnExcludedTableWithEverythingOnIt() throws SQLException {
        exec("CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY, version varchar(50));"
                + " CREATE INDEX flyway_schema_history_s_idx ON flyway_schema_history (version)");
        SchemaSnapshot s;
        try (Connection c = postgres.connect()) {
            s = SchemaSnapshot.take(c, Set.of("public.flyway_schema_history"));
        }
        assertThat(s.objects().values()).extracting(SchemaObject::describe)
                .noneMatch(d -> d.contains("flyway_schema_history"))
                .contains("table users");
    }

    @Test
    void canBeLimitedToSchemas() throws SQLException {
        SchemaSnapshot s;
        try (Connection c = postgres.connect()) {
            s = SchemaSnapshot.take(c, Set.of("audit"), Set.of());
        }
        assertThat(s.objects().values()).extracting(SchemaObject::describe)
                .contains("schema audit", "table audit.events").doesNotContain("table users");
    }
}
