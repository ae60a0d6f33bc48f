package dev.migratefirst.runner.migrate;

import static dev.migratefirst.testsupport.TestMigrations.migrations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Guards;
import dev.migratefirst.runner.Interruption;
import dev.migratefirst.runner.RunnerException;
import dev.migratefirst.runner.cli.Main;
import dev.migratefirst.testsupport.CollectingReporter;
import dev.migratefirst.testsupport.PostgresServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's own apply loop ({@link DirectApply}) on a real PostgreSQL: the history rows it writes are
 * the ones Flyway writes (plain Flyway 13.12.1 validates, lists and migrates the database afterwards),
 * a failure rolls back that migration only and is reported as Flyway's would be, a migration that
 * changes the session does not leak into the next, non-transactional migrations go to Flyway, and a
 * runner killed mid-migration leaves the database as before that migration.
 */
class DirectApplyTest {
    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();

    /** A realistic mix: comments, a function body with semicolons, an INSERT with a semicolon in a string. */
    private static final String[] FIVE = {
        "V1__users.sql", "CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);",
        "V2__orders.sql", "-- orders of a user\nCREATE TABLE orders (id int PRIMARY KEY,\n  user_id int REFERENCES users);\n"
            + "CREATE INDEX orders_user ON orders (user_id);",
        "V3__fn.sql", "CREATE FUNCTION add_one(i int) RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN i + 1;\nEND;\n$$;",
        "V4__seed.sql", "INSERT INTO users VALUES (1, 'a;b'), (2, 'it''s');\n/* block; comment */\nSELECT count(*) FROM users;",
        "V5.1__more.sql", "ALTER TABLE users ADD COLUMN email text;\r\nCOMMENT ON COLUMN users.email IS 'mail';\r\n"};

    @TempDir
    Path dir;

    private final CollectingReporter reporter = new CollectingReporter();
    private final List<String> lines = reporter.lines();

    private MigrateOutcome migrate(boolean direct) throws Exception {
        MigrateSettings settings = new MigrateSettings("test database", List.of("filesystem:" + dir), Guards.DEFAULTS,
                direct);
        FluentConfiguration conf = postgres.flyway().locations("filesystem:" + dir);
        // the runner's setting: Flyway's lock as a session lock, so CREATE INDEX CONCURRENTLY cannot wait on it
        conf.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return new MigrateEngine(settings, conf, this::connect, new Interruption(), reporter).run();
    }

    /** A connection with the runner's lock_timeout, as GuardedDataSource opens them. */
    private Connection connect() {
        try {
            Connection c = postgres.connect();
            try (Statement s = c.createStatement()) {
                s.execute("SET lock_timeout = '2s'");
            }
            return c;
        } catch (SQLException e) {
            throw new RunnerException(ExitCode.DATABASE_UNREACHABLE, "cannot connect: " + e.getMessage(), e);
        }
    }

    private Flyway plainFlyway(String ignore) {
        return postgres.flyway().locations("filesystem:" + dir).ignoreMigrationPatterns(ignore).load();
    }

    @Test
    void writesFlywaysOwnHistoryRowsAndPlainFlywayAcceptsTheDatabase() throws Exception {
        migrations(dir, FIVE);
        String byFlyway = postgres.createDatabase();
        MigrateResult reference = Flyway.configure().dataSource(postgres.jdbcUrl(byFlyway), "postgres", "postgres")
                .locations("filesystem:" + dir).load().migrate();
        assertThat(reference.migrationsExecuted).isEqualTo(5);

        MigrateOutcome outcome = migrate(true);

        assertThat(outcome.applied()).isEqualTo(5);
        assertThat(outcome.appliedDirectly()).as("V1 by Flyway, V2-V5.1 by the runner's loop").isEqualTo(4);
        assertThat(outcome.targetVersion()).contains("5.1");
        assertThat(lines).contains("applying V2 orders (V2__orders.sql)")
                .anyMatch(l -> l.startsWith("applied  V5.1 more (V5.1__more.sql) in "))
                .anyMatch(l -> l.startsWith("migrate: applied 5 migrations, schema version <empty> -> 5.1 (")
                        && l.contains("4 of them by the runner's own loop"));
        String columns = "installed_rank || '|' || version || '|' || description || '|' || type || '|' || script || '|' "
                + "|| checksum || '|' || installed_by || '|' || success || '|' || (execution_time >= 0) "
                + "|| '|' || (installed_on > now() - interval '1 hour')";
        List<String> expected = rows(byFlyway, "SELECT " + columns + " FROM flyway_schema_history ORDER BY 1");
        assertThat(postgres.query("SELECT " + columns + " FROM flyway_schema_history ORDER BY 1"))
                .hasSize(5).containsExactlyElementsOf(expected);
        assertThat(postgres.query("SELECT add_one(1) || ' ' || (SELECT string_agg(name, ',' ORDER BY id) FROM users)"))
                .containsExactly("2 a;b,it's");

        // plain Flyway 13.12.1 on the database the runner migrated: valid, every row Success, nothing to do
        Flyway plain = plainFlyway("*:future");
        ValidateResult valid = plain.validateWithResult();
        assertThat(valid.validationSuccessful).as(String.valueOf(valid.invalidMigrations)).isTrue();
        assertThat(plain.info().all()).extracting(MigrationInfo::getState).containsOnly(MigrationState.SUCCESS);
        assertThat(plain.migrate().migrationsExecuted).isZero();

        // and the other way round: the runner continues a history plain Flyway wrote
        migrations(dir, "V6__a.sql", "CREATE TABLE a6 (id int);", "V7__b.sql", "CREATE TABLE b7 (id int);",
                "V8__c.sql", "CREATE TABLE c8 (id int);");
        lines.clear();
        MigrateOutcome more = migrate(true);
        assertThat(more.applied()).isEqualTo(3);
        assertThat(more.appliedDirectly()).isEqualTo(2);
        assertThat(more.initialVersion()).contains("5.1");
        assertThat(postgres.query("SELECT max(installed_rank) || ' ' || count(*) FROM flyway_schema_history"))
                .containsExactly("8 8");
        assertThat(plainFlyway("*:future").validateWithResult().validationSuccessful).isTrue();
    }

    @Test
    void withApplyWithFlywayNothingIsAppliedByTheLoop() throws Exception {
        migrations(dir, FIVE);

        MigrateOutcome outcome = migrate(false);

        assertThat(outcome.applied()).isEqualTo(5);
        assertThat(outcome.appliedDirectly()).isZero();
        assertThat(lines).anyMatch(l -> l.startsWith("migrate: applied 5 migrations") && !l.contains("own loop"));
    }

    @Test
    void aFailureRollsBackThatMigrationOnlyAndIsNamedWithItsLine() throws Exception {
        migrations(dir, "V1__a.sql", "CREATE TABLE a (id int);", "V2__b.sql", "CREATE TABLE b (id int);",
                "V3__c.sql", "CREATE TABLE c (id int);\n\nINSERT INTO nope VALUES (1);", "V4__d.sql",
                "CREATE TABLE d (id int);");

        assertThatThrownBy(() -> migrate(true)).isInstanceOfSatisfying(RunnerException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.MIGRATION_FAILED);
            assertThat(e.getMessage()).contains("migrate failed at V3 c (V3__c.sql)", "(SQLSTATE 42P01)",
                    "its transaction rolled back: nothing of it was applied", "2 migrations applied before it");
        });
        assertThat(lines).anyMatch(l -> l.startsWith("migration V3 c (V3__c.sql) failed at line 3: ")
                && l.contains("relation \"nope\" does not exist"));
        assertThat(postgres.query("SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables "
                + "WHERE schemaname = 'public' AND tablename IN ('a', 'b', 'c', 'd')")).containsExactly("a,b");
        assertThat(postgres.query("SELECT string_agg(version || ':' || success, ',' ORDER BY installed_rank) "
                + "FROM flyway_schema_history")).containsExactly("1:true,2:true");
        assertThat(plainFlyway("*:pending").validateWithResult().validationSuccessful).isTrue();

        // fixed, the next run applies V3 and V4
        Files.writeString(dir.resolve("V3__c.sql"), "CREATE TABLE c (id int);");
        lines.clear();
        MigrateOutcome fixed = migrate(true);
        assertThat(fixed.applied()).isEqualTo(2);
        assertThat(fixed.appliedDirectly()).isEqualTo(1);
        assertThat(plainFlyway("*:future").validateWithResult().validationSuccessful).isTrue();
    }

    @Test
    void aMigrationThatChangesTheSessionDoesNotLeakIntoTheNext() throws Exception {
        String role = "mf_direct_" + ProcessHandle.current().pid();
        migrations(dir, "V1__a.sql", "CREATE SCHEMA other; CREATE ROLE " + role + " SUPERUSER;",
                "V2__session.sql", "SET search_path = other;\nSET lock_timeout = 0;\nSET ROLE " + role + ";\n"
                        + "CREATE TABLE in_other (id int);",
                "V3__next.sql", "CREATE TABLE seen AS SELECT current_setting('lock_timeout') AS lock_timeout, "
                        + "current_user::text AS who;");
        try {
            MigrateOutcome outcome = migrate(true);

            assertThat(outcome.appliedDirectly()).isEqualTo(2);
            assertThat(postgres.query("SELECT to_regclass('other.in_other') IS NOT NULL")).containsExactly("t");
            assertThat(postgres.query("SELECT schemaname || ' ' || tableowner FROM pg_tables WHERE tablename = 'seen'"))
                    .as("V3 ran with the search_path and role it started with, as Flyway restores them")
                    .containsExactly("public postgres");
            assertThat(postgres.query("SELECT lock_timeout || ' ' || who FROM public.seen"))
                    .as("the runner's lock_timeout guard is back for V3").containsExactly("2s postgres");
        } finally {
            try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS other CASCADE");
                s.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }

    @Test
    void aNonTransactionalMigrationAndEverythingAfterItGoToFlyway() throws Exception {
        migrations(dir, "V1__a.sql", "CREATE TABLE a (id int, v int);", "V2__b.sql", "CREATE TABLE b (id int);",
                "V3__cic.sql", "CREATE INDEX CONCURRENTLY a_v ON a (v);", "V4__c.sql", "CREATE TABLE c (id int);");

        MigrateOutcome outcome = migrate(true);

        assertThat(outcome.applied()).isEqualTo(4);
        assertThat(outcome.appliedDirectly()).as("V2 only").isEqualTo(1);
        assertThat(postgres.query("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                + "WHERE c.relname = 'a_v' AND i.indisvalid")).containsExactly("1");
        assertThat(plainFlyway("*:future").validateWithResult().validationSuccessful).isTrue();
    }

    @Test
    void aRunnerKilledMidMigrationLeavesTheDatabaseAsBeforeThatMigration() throws Exception {
        migrations(dir, "V1__a.sql", "CREATE TABLE a (id int);", "V2__b.sql", "CREATE TABLE b (id int);",
                "V3__slow.sql", "CREATE TABLE half (id int);\nSELECT pg_sleep(3);", "V4__d.sql", "CREATE TABLE d (id int);");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "migrate",
                "--locations=filesystem:" + dir);
        pb.environment().put("DATABASE_URL", postgres.databaseUrl());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(line);
                if (line.startsWith("applying V3")) {
                    Thread.sleep(300); // CREATE TABLE half done, pg_sleep running
                    new ProcessBuilder("kill", "-KILL", Long.toString(p.pid())).start().waitFor();
                }
            }
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join("\n", out)).isEqualTo(137);
        assertThat(out).anyMatch(l -> l.startsWith("applied  V2"));
        // the killed client's backend ends once its statement does; its transaction never commits
        for (int i = 0; i < 100 && !postgres.query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid()").equals(List.of("0")); i++) {
            Thread.sleep(100);
        }

        assertThat(postgres.query("SELECT to_regclass('half') IS NULL AND to_regclass('d') IS NULL "
                + "AND to_regclass('b') IS NOT NULL")).containsExactly("t");
        assertThat(postgres.query("SELECT string_agg(version || ':' || success, ',' ORDER BY installed_rank) "
                + "FROM flyway_schema_history")).containsExactly("1:true,2:true");
        assertThat(plainFlyway("*:pending").validateWithResult().validationSuccessful).isTrue();

        MigrateOutcome rerun = migrate(true);
        assertThat(rerun.applied()).isEqualTo(2);
        assertThat(plainFlyway("*:future").validateWithResult().validationSuccessful).isTrue();
    }

    private static List<String> rows(String database, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = postgres.superuser(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
