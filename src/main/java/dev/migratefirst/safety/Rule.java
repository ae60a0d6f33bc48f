package dev.migratefirst.safety;

import dev.migratefirst.safety.rules.ChangedColumnType;
import dev.migratefirst.safety.rules.ConcurrentlyInTransaction;
import dev.migratefirst.safety.rules.ConstraintWithoutNotValid;
import dev.migratefirst.safety.rules.DataBackfill;
import dev.migratefirst.safety.rules.DropIndexWithoutConcurrently;
import dev.migratefirst.safety.rules.DroppedTableOrColumn;
import dev.migratefirst.safety.rules.ForeignKeyWithoutIndex;
import dev.migratefirst.safety.rules.IndexWithoutConcurrently;
import dev.migratefirst.safety.rules.JsonColumn;
import dev.migratefirst.safety.rules.LockHeldAcrossStatements;
import dev.migratefirst.safety.rules.MigrationFailed;
import dev.migratefirst.safety.rules.MissingLockTimeout;
import dev.migratefirst.safety.rules.RenamedTableOrColumn;
import dev.migratefirst.safety.rules.RequiredColumnWithoutDefault;
import dev.migratefirst.safety.rules.RuleCheck;
import dev.migratefirst.safety.rules.TableRewrite;

/**
 * The safety rules of {@code check}, in report order. Each one carries what the rule table of docs/safety.md
 * and the reports show (summary, why it hurts, the safer way) and a bad/good SQL pair that the tests
 * run against {@link #EXAMPLE_SCHEMA}: the bad one must be flagged, the good one must not.
 *
 * <p>Each rule found in a trace also carries its detection: a {@link RuleCheck} of
 * {@code dev.migratefirst.safety.rules}, the one place that reports it from a trace. The two
 * suppression rules come from the suppression step of {@link SafetyChecker}, {@link #BACKFILL_WITHOUT_INDEX}
 * from its planning of a declared backfill (a {@code D<n>__} file is not traced), and it also reports
 * {@link #MIGRATION_FAILED} for an earlier migration whose replay fails (it has no trace).
 */
public enum Rule {
    TABLE_REWRITE("table-rewrite", Severity.ERROR, new TableRewrite(),
            "Rewrites an existing table or index while holding a lock that blocks the app",
            "PostgreSQL copies every row into new storage (the relfilenode changes) under ACCESS EXCLUSIVE: "
                    + "reads and writes wait for the whole copy, minutes on a large table.",
            "Avoid the rewrite: add the column without the volatile default, fill it in batches, then set the "
                    + "default; change a type through a new column; use pg_repack instead of VACUUM FULL or "
                    + "CLUSTER, REFRESH MATERIALIZED VIEW CONCURRENTLY, REINDEX CONCURRENTLY.",
            "ALTER TABLE accounts ADD COLUMN token uuid DEFAULT gen_random_uuid();",
            "ALTER TABLE accounts ADD COLUMN token uuid;\n"
                    + "ALTER TABLE accounts ALTER COLUMN token SET DEFAULT gen_random_uuid();"),
    INDEX_WITHOUT_CONCURRENTLY("index-without-concurrently", Severity.ERROR, new IndexWithoutConcurrently(),
            "Builds an index on an existing table without CONCURRENTLY",
            "CREATE INDEX holds SHARE on the table for the whole build: every INSERT, UPDATE and DELETE waits.",
            "CREATE INDEX CONCURRENTLY, alone in its own migration (it cannot run in a transaction).",
            "CREATE INDEX orders_status_idx ON orders (status);",
            "CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);"),
    DROP_INDEX_WITHOUT_CONCURRENTLY("drop-index-without-concurrently", Severity.ERROR,
            new DropIndexWithoutConcurrently(),
            "Drops an index of an existing table without CONCURRENTLY",
            "DROP INDEX takes ACCESS EXCLUSIVE on the index's table: it first waits for every running query on "
                    + "the table, and every read and write queues behind it until the migration commits.",
            "DROP INDEX CONCURRENTLY, alone in its own migration (it cannot run in a transaction).",
            "DROP INDEX orders_account_id_idx;",
            "DROP INDEX CONCURRENTLY orders_account_id_idx;"),
    CONCURRENTLY_IN_TRANSACTION("concurrently-in-transaction", Severity.ERROR, new ConcurrentlyInTransaction(),
            "Mixes a statement that cannot run in a transaction (CONCURRENTLY) with other statements",
            "PostgreSQL refuses CREATE/DROP INDEX CONCURRENTLY in a transaction block; Flyway then refuses the "
                    + "mixed script, or (mixed=true) runs every statement on its own, so a failure leaves the "
                    + "migration half applied.",
            "Put each CONCURRENTLY statement in a migration of its own.",
            "ALTER TABLE orders ADD COLUMN note text;\n"
                    + "CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);",
            "CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);"),
    CONSTRAINT_WITHOUT_NOT_VALID("constraint-without-not-valid", Severity.ERROR, new ConstraintWithoutNotValid(),
            "Adds a validated CHECK, FOREIGN KEY, NOT NULL or UNIQUE constraint to an existing table",
            "Validating scans the whole table (UNIQUE builds an index) while holding a lock that blocks writes "
                    + "(ACCESS EXCLUSIVE for CHECK, NOT NULL and UNIQUE; SHARE ROW EXCLUSIVE for a foreign key).",
            "ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a later migration (SHARE UPDATE EXCLUSIVE: "
                    + "reads and writes go on). NOT NULL: a validated CHECK (col IS NOT NULL) first, then SET NOT "
                    + "NULL skips the scan. UNIQUE: CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... "
                    + "UNIQUE USING INDEX.",
            "ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0);",
            "ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0) NOT VALID;"),
    FOREIGN_KEY_WITHOUT_INDEX("foreign-key-without-index", Severity.WARNING, new ForeignKeyWithoutIndex(),
            "Adds a foreign key whose referencing columns have no index",
            "Every DELETE or key UPDATE on the referenced table scans the referencing table to check the key, "
                    + "under locks; it gets slower as the table grows.",
            "Create an index whose leading columns are the foreign key's columns (CONCURRENTLY on an existing "
                    + "table, in its own migration).",
            "CREATE TABLE payments (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id));",
            "CREATE TABLE payments (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id));\n"
                    + "CREATE INDEX payments_order_id_idx ON payments (order_id);"),
    DROPPED_TABLE_OR_COLUMN("dropped-table-or-column", Severity.ERROR, new DroppedTableOrColumn(),
            "Drops a table or column that the running app version may still use",
            "Migrations run before the new version rolls out: the old version keeps serving and fails on every "
                    + "query that names the dropped object.",
            "Expand and contract: first release an app version that no longer reads or writes it, then drop it "
                    + "in a later migration, suppressed with the release that stopped using it.",
            "ALTER TABLE accounts DROP COLUMN name;",
            "-- migratefirst:allow dropped-table-or-column app stopped reading accounts.name in release 41\n"
                    + "ALTER TABLE accounts DROP COLUMN name;"),
    RENAMED_TABLE_OR_COLUMN("renamed-table-or-column", Severity.ERROR, new RenamedTableOrColumn(),
            "Renames a table or column that the running app version uses",
            "The old app version still uses the old name and fails from the moment the migration commits until "
                    + "the rollout ends.",
            "Add the new column, write both, backfill in batches, switch reads, drop the old one later "
                    + "(for a table: a view with the old name during the switch).",
            "ALTER TABLE accounts RENAME COLUMN name TO full_name;",
            "ALTER TABLE accounts ADD COLUMN full_name text;"),
    CHANGED_COLUMN_TYPE("changed-column-type", Severity.ERROR, new ChangedColumnType(),
            "Changes the type of an existing column",
            "The running app reads and binds the old type; most type changes also rewrite the table under "
                    + "ACCESS EXCLUSIVE.",
            "Add a column of the new type, write both, backfill in batches, switch reads, drop the old column "
                    + "later.",
            "ALTER TABLE orders ALTER COLUMN total TYPE bigint;",
            "ALTER TABLE orders ADD COLUMN total_cents bigint;"),
    REQUIRED_COLUMN_WITHOUT_DEFAULT("required-column-without-default", Severity.ERROR, new RequiredColumnWithoutDefault(),
            "Adds a NOT NULL column without a default to an existing table",
            "It fails on a table that has rows; where it passes, every INSERT of the running app version (which "
                    + "does not know the column) fails.",
            "Add it with a constant DEFAULT (no rewrite since PostgreSQL 11), or nullable first and NOT NULL "
                    + "once every writer sets it.",
            "ALTER TABLE accounts ADD COLUMN country text NOT NULL;",
            "ALTER TABLE accounts ADD COLUMN country text NOT NULL DEFAULT 'unknown';"),
    JSON_COLUMN("json-column", Severity.WARNING, new JsonColumn(),
            "Adds a json column to an existing table",
            "json has no equality operator: the running app's SELECT DISTINCT, UNION or GROUP BY over whole rows "
                    + "of the table fails with 'could not identify an equality operator for type json'.",
            "Use jsonb, which has one (and is what most apps want anyway).",
            "ALTER TABLE accounts ADD COLUMN settings json;",
            "ALTER TABLE accounts ADD COLUMN settings jsonb;"),
    LOCK_HELD_ACROSS_STATEMENTS("lock-held-across-statements", Severity.ERROR, new LockHeldAcrossStatements(),
            "Keeps working while holding a lock that blocks the app, taken by an earlier statement",
            "Locks stay held until the migration's transaction commits: a brief ACCESS EXCLUSIVE becomes as long "
                    + "as every scan, rewrite, index build or data change that follows it.",
            "Take the blocking lock last, or split the migration so that each blocking statement commits on its "
                    + "own; validate constraints and backfill in later migrations.",
            "ALTER TABLE orders ADD COLUMN note_id bigint;\n"
                    + "ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0) NOT VALID;\n"
                    + "ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;",
            "ALTER TABLE orders ADD COLUMN note_id bigint;"),
    DATA_BACKFILL("data-backfill", Severity.WARNING, new DataBackfill(),
            "Updates or deletes rows of an existing table inside the schema migration",
            "One statement changes every matching row in one transaction: row locks block the app's writes to "
                    + "them, the WAL burst lags replicas, and a failure rolls the whole backfill back.",
            "Backfill outside the migration in batches that commit on their own, e.g. repeat "
                    + "UPDATE t SET c = ... WHERE id IN (SELECT id FROM t WHERE c IS NULL LIMIT 1000) until it "
                    + "updates 0 rows.",
            "UPDATE orders SET status = 'new' WHERE status IS NULL;",
            "INSERT INTO accounts (email, name) VALUES ('system@example.com', 'system');"),
    BACKFILL_WITHOUT_INDEX("backfill-without-index", Severity.WARNING, null,
            "A declared backfill (D<n>__) whose batch no index on its key serves",
            "Each batch then reads the whole table to find its key range: a backfill of N batches reads the table N "
                    + "times, and every batch holds its row locks for as long as that takes.",
            "Restrict each batch by the declared key (WHERE <key> BETWEEN :from AND :to), with the primary key or "
                    + "a unique index on that column alone as the key.",
            "-- migratefirst:backfill table=orders key=id\n"
                    + "UPDATE orders SET status = 'new' WHERE total BETWEEN :from AND :to AND status IS NULL;",
            "-- migratefirst:backfill table=orders key=id\n"
                    + "UPDATE orders SET status = 'new' WHERE id BETWEEN :from AND :to AND status IS NULL;"),
    MISSING_LOCK_TIMEOUT("missing-lock-timeout", Severity.WARNING, new MissingLockTimeout(),
            "Takes a lock that blocks the app without a lock_timeout",
            "If another transaction holds a conflicting lock, the migration waits for it, and every app query on "
                    + "the table queues behind the waiting migration: an outage without a slow statement.",
            "SET lock_timeout = '5s' at the top of the migration and retry on timeout (the runner's migrate sets "
                    + "one on its connection by default).",
            "ALTER TABLE accounts ADD COLUMN nickname text;",
            "SET lock_timeout = '5s';\nALTER TABLE accounts ADD COLUMN nickname text;"),
    MIGRATION_FAILED("migration-failed", Severity.ERROR, new MigrationFailed(),
            "The migration fails on a database that has every earlier migration",
            "It would fail the deploy the same way; later migrations cannot be checked.",
            "Fix the statement; check runs the history on the same PostgreSQL major as production.",
            "ALTER TABLE accounts ADD COLUMN nickname texxt;",
            "ALTER TABLE accounts ADD COLUMN nickname text;"),
    INVALID_SUPPRESSION("invalid-suppression", Severity.ERROR, null,
            "A suppression comment without a reason, or naming no known rule",
            "A silenced finding with no recorded reason cannot be reviewed later.",
            "-- migratefirst:allow <rule-id> <why it is safe here>, right above the statement.",
            "-- migratefirst:allow missing-lock-timeout\nALTER TABLE accounts ADD COLUMN nickname text;",
            "-- migratefirst:allow missing-lock-timeout applied by the runner, which sets lock_timeout\n"
                    + "ALTER TABLE accounts ADD COLUMN nickname text;"),
    UNUSED_SUPPRESSION("unused-suppression", Severity.WARNING, null,
            "A suppression comment that silences nothing",
            "It hides the next real finding of that rule on the statement, or is a leftover that misleads "
                    + "reviewers.",
            "Remove it.",
            "-- migratefirst:allow table-rewrite the table is tiny\n"
                    + "SET lock_timeout = '5s';",
            "SET lock_timeout = '5s';");

    /**
     * The schema every rule example runs on (as an earlier migration): both tables exist before the
     * example, so the example's locks and changes count as hazards.
     */
    public static final String EXAMPLE_SCHEMA = """
            CREATE TABLE accounts (
                id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                email      text NOT NULL,
                name       text,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE TABLE orders (
                id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                account_id bigint NOT NULL,
                total      numeric(12, 2) NOT NULL,
                status     text
            );
            CREATE INDEX orders_account_id_idx ON orders (account_id);
            """;

    private final String id;
    private final Severity severity;
    private final RuleCheck check;
    private final String summary;
    private final String why;
    private final String saferWay;
    private final String badSql;
    private final String goodSql;

    Rule(String id, Severity severity, RuleCheck check, String summary, String why, String saferWay, String badSql,
         String goodSql) {
        this.id = id;
        this.severity = severity;
        this.check = check;
        this.summary = summary;
        this.why = why;
        this.saferWay = saferWay;
        this.badSql = badSql;
        this.goodSql = goodSql;
    }

    /** The id used in reports and suppression comments, e.g. {@code table-rewrite}. */
    public String id() {
        return id;
    }

    /** Error (fails {@code check}) or warning. */
    public Severity severity() {
        return severity;
    }

    /**
     * What finds this rule's hazards in the facts of a migration, or null for the two suppression
     * rules, which the suppression step reports.
     */
    RuleCheck check() {
        return check;
    }

    /** One line: what the rule flags. */
    public String summary() {
        return summary;
    }

    /** Why it hurts a running app. */
    public String why() {
        return why;
    }

    /** The safer way to get the same change. */
    public String saferWay() {
        return saferWay;
    }

    /** A migration this rule flags. */
    public String badSql() {
        return badSql;
    }

    /** The same intent done the safer way: not flagged by this rule. */
    public String goodSql() {
        return goodSql;
    }

    /** The rule with this id, or null. */
    public static Rule byId(String id) {
        for (Rule r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        return null;
    }
}
