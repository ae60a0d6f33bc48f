package dev.migratefirst.runner.undo;

import static dev.migratefirst.testsupport.TestMigrations.copyOfRepositoryMigrations;
import static dev.migratefirst.testsupport.TestMigrations.copyOfTheUsersMigrations;
import static dev.migratefirst.testsupport.TestMigrations.migrations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migratefirst.migrations.MigrationVersion;
import dev.migratefirst.migrations.MigrationsFolder;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.history.SchemaHistoryTable;
import dev.migratefirst.runner.undo.schema.SchemaSnapshot;
import dev.migratefirst.testsupport.PostgresServer;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code runner undo}'s engine on a real PostgreSQL, next to a real Flyway. */
class UndoEngineTest {
    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();

    @TempDir
    Path dir;

    private final List<String> out = new ArrayList<>();

    @BeforeEach
    void repositoryMigrations() {
        copyOfTheUsersMigrations(dir);
    }

    private Flyway flyway() {
        return postgres.flyway().locations("filesystem:" + dir).load();
    }

    private UndoSettings settings() {
        return UndoSettings.latest(MigrationsFolder.read(dir));
    }

    private UndoResult undo(UndoSettings settings) throws SQLException {
        try (Connection c = postgres.connect()) {
            return new UndoEngine(settings, (event, message, fields) -> out.add(message)).run(c);
        }
    }

    private List<String> history() throws SQLException {
        return query("SELECT version || ':' || type FROM flyway_schema_history ORDER BY installed_rank");
    }

    private List<String> query(String sql) throws SQLException {
        return postgres.query(sql);
    }

    private List<String> columns(String table) throws SQLException {
        return query("SELECT column_name FROM information_schema.columns WHERE table_name = '" + table
                + "' ORDER BY ordinal_position");
    }

    private SchemaSnapshot snapshot() throws SQLException {
        try (Connection c = postgres.connect()) {
            return SchemaSnapshot.take(c, Set.of());
        }
    }

    private void assertRefused(UndoSettings settings, ExitCode code, String message) throws SQLException {
        SchemaSnapshot before = snapshot();
        assertThatThrownBy(() -> undo(settings)).isInstanceOfSatisfying(UndoException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(code);
            assertThat(e.getMessage()).contains(message).doesNotContain("\n");
        });
        assertThat(snapshot()).as("a refused or failed undo changes nothing").isEqualTo(before);
    }

    @Test
    void undoesTheLatestExampleMigrationAndFlywayAgrees() throws SQLException {
        flyway().migrate();
        assertThat(columns("users")).contains("profile_picture");

        UndoResult result = undo(settings());

        assertThat(result.reverted()).extracting(UndoStep::label).containsExactly("V2 (add profile picture)");
        assertThat(columns("users")).containsExactly("id", "email", "name", "created_at");
        assertThat(history()).containsExactly("1:SQL");
        assertThat(out).contains("Undo will revert V2 (add profile picture) in public.flyway_schema_history;"
                + " V1 will be the latest applied");
        MigrationInfo v2 = Arrays.stream(flyway().info().all())
                .filter(i -> i.getVersion() != null && "2".equals(i.getVersion().getVersion())).findFirst().orElseThrow();
        assertThat(v2.getState()).isEqualTo(MigrationState.PENDING);

        assertThat(flyway().migrate().migrationsExecuted).isEqualTo(1);
        assertThat(columns("users")).contains("profile_picture");
        assertThat(history()).containsExactly("1:SQL", "2:SQL");
    }

    @Test
    void revertsDownToAVersionNewestFirst() throws IOException, SQLException {
        migrations(dir, "V3__add_nickname.sql", "ALTER TABLE users ADD COLUMN nickname text;");
        migrations(dir, "U3__add_nickname.sql", "ALTER TABLE users DROP COLUMN nickname;");
        flyway().migrate();

        undo(settings().withTo(MigrationVersion.parse("1")));

        assertThat(columns("users")).containsExactly("id", "email", "name", "created_at");
        assertThat(history()).containsExactly("1:SQL");
        assertThat(out).containsSubsequence("Reverting V3 (add nickname) with U3__add_nickname.sql",
                "Reverting V2 (add profile picture) with U2__add_profile_picture.sql",
                "Undo complete: reverted 2 migrations; V1 is the latest applied");

        undo(settings().withTo(MigrationVersion.parse("0")));
        assertThat(query("SELECT to_regclass('users')::text")).containsOnlyNulls();
        assertThat(history()).isEmpty();
        assertThat(flyway().migrate().migrationsExecuted).isEqualTo(3);
    }

    @Test
    void dryRunPrintsTheUndoSqlInOrderAndChangesNothing() throws IOException, SQLException {
        migrations(dir, "V3__add_nickname.sql", "ALTER TABLE users ADD COLUMN nickname text;");
        migrations(dir, "U3__add_nickname.sql", "ALTER TABLE users DROP COLUMN nickname;");
        flyway().migrate();
        SchemaSnapshot before = snapshot();

        UndoResult result = undo(settings().withTo(MigrationVersion.parse("1")).withDryRun(true));

        assertThat(result.dryRun()).isTrue();
        assertThat(result.reverted()).isEmpty();
        assertThat(out).containsExactly(
                "Dry run: will revert V3 (add nickname), V2 (add profile picture) in public.flyway_schema_history;"
                        + " V1 will be the latest applied; nothing is changed",
                "-- U3__add_nickname.sql (reverts V3 (add nickname))\nALTER TABLE users DROP COLUMN nickname;",
                "-- U2__add_profile_picture.sql (reverts V2 (add profile picture))\n"
                        + "ALTER TABLE users DROP COLUMN profile_picture;");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(history()).containsExactly("1:SQL", "2:SQL", "3:SQL");
    }

    @Test
    void refusesAVersionWithoutUndoScript() throws IOException, SQLException {
        migrations(dir, "V3__add_nickname.sql", "ALTER TABLE users ADD COLUMN nickname text;");
        flyway().migrate();

        assertRefused(settings(), ExitCode.UNDO_REFUSED,
                "V3__add_nickname.sql has no undo script (expected U3__add_nickname.sql in ");
        assertThat(history()).containsExactly("1:SQL", "2:SQL", "3:SQL");
    }

    @Test
    void refusesAMigrationMarkedIrreversible() throws IOException, SQLException {
        migrations(dir, "V3__drop_name.sql", "-- migratefirst:irreversible the names are gone for good\n"
                + "ALTER TABLE users DROP COLUMN name;");
        migrations(dir, "U3__drop_name.sql", "ALTER TABLE users ADD COLUMN name text;");
        flyway().migrate();

        assertRefused(settings(), ExitCode.UNDO_REFUSED,
                "V3__drop_name.sql is marked irreversible: the names are gone for good");
    }

    @Test
    void refusesAnIrreversibleMarkerWithoutReason() throws IOException, SQLException {
        migrations(dir, "V3__drop_name.sql", "--   migratefirst:irreversible   \nALTER TABLE users DROP COLUMN name;");
        migrations(dir, "U3__drop_name.sql", "ALTER TABLE users ADD COLUMN name text;");
        flyway().migrate();

        assertRefused(settings(), ExitCode.UNDO_REFUSED,
                "V3__drop_name.sql: '-- migratefirst:irreversible' needs a reason");
    }

    @Test
    void refusesAVersionThatIsNotTheLatestApplied() throws SQLException {
        flyway().migrate();

        assertRefused(settings().withVersion("V1"), ExitCode.UNDO_REFUSED,
                "V1 is not the latest applied migration (V2 is); undo V2 first");
        assertThat(history()).containsExactly("1:SQL", "2:SQL");
        undo(settings().withVersion("V2__add_profile_picture.sql"));
        assertThat(history()).containsExactly("1:SQL");
    }

    @Test
    void refusesARepeatableMigration() throws IOException, SQLException {
        migrations(dir, "R__user_emails.sql", "CREATE OR REPLACE VIEW user_emails AS SELECT email FROM users;");
        flyway().migrate();

        assertRefused(settings().withVersion("R__user_emails.sql"), ExitCode.UNDO_REFUSED,
                "R__user_emails.sql is a repeatable migration: it has no version to revert");
        assertRefused(settings().withVersion("user emails"), ExitCode.UNDO_REFUSED, "is a repeatable migration");
    }

    @Test
    void refusesWhenNothingIsApplied() throws SQLException {
        assertRefused(settings(), ExitCode.UNDO_REFUSED,
                "nothing to undo: there is no schema history table public.flyway_schema_history");
    }

    @Test
    void refusesAMalformedOrUnappliedTarget() throws SQLException {
        flyway().migrate();
        assertRefused(settings().withVersion("latest"), ExitCode.CONFIGURATION_ERROR,
                "--version latest: expected a version such as 3, V3 or V3__add_index.sql");
        assertRefused(settings().withTo(MigrationVersion.parse("1.5")), ExitCode.CONFIGURATION_ERROR,
                "--to 1.5: V1.5 is not applied (applied: V1, V2)");
        assertRefused(settings().withTo(MigrationVersion.parse("2")), ExitCode.UNDO_REFUSED,
                "nothing to undo: --to 2 keeps every applied version");
    }

    @Test
    void checksEveryVersionOfAToRangeBeforeChangingAnything() throws IOException, SQLException {
        migrations(dir, "V3__add_nickname.sql", "-- migratefirst:irreversible backfilled from an external system\n"
                + "ALTER TABLE users ADD COLUMN nickname text;");
        migrations(dir, "V4__add_age.sql", "ALTER TABLE users ADD COLUMN age int;");
        migrations(dir, "U4__add_age.sql", "ALTER TABLE users DROP COLUMN age;");
        flyway().migrate();

        assertRefused(settings().withTo(MigrationVersion.parse("1")), ExitCode.UNDO_REFUSED,
                "V3__add_nickname.sql is marked irreversible: backfilled from an external system");
        assertThat(history()).containsExactly("1:SQL", "2:SQL", "3:SQL", "4:SQL");
    }

    @Test
    void aFailingUndoScriptRollsBackAndLeavesTheHistoryUnchanged() throws IOException, SQLException {
        migrations(dir, "V3__add_nickname.sql", "ALTER TABLE users ADD COLUMN nickname text;");
        migrations(dir, "U3__add_nickname.sql", "ALTER TABLE users DROP COLUMN nickname;\nDROP TABLE no_such_table;");
        flyway().migrate();

        assertRefused(settings(), ExitCode.MIGRATION_FAILED, "U3__add_nickname.sql failed: ERROR: table "
                + "\"no_such_table\" does not exist (SQLSTATE 42P01); its transaction rolled back, V3 (add nickname)"
                + " is still applied");
        assertThat(columns("users")).contains("nickname");
        assertThat(history()).containsExactly("1:SQL", "2:SQL", "3:SQL");
    }

    @Test
    void refusesAnUndoScriptThatControlsTheTransactionOrRunsConcurrently() throws IOException, SQLException {
        migrations(dir, "V3__add_nickname.sql", "ALTER TABLE users ADD COLUMN nickname text;");
        migrations(dir, "U3__add_nickname.sql", "BEGIN;\nALTER TABLE users DROP COLUMN nickname;\nCOMMIT;");
        flyway().migrate();
        assertRefused(settings(), ExitCode.UNDO_REFUSED,
                "U3__add_nickname.sql contains BEGIN: an undo script runs inside the runner's transaction");

        migrations(dir, "U3__add_nickname.sql", "DROP INDEX CONCURRENTLY IF EXISTS users_nick_idx;"
                + " ALTER TABLE users DROP COLUMN nickname;");
        assertRefused(settings(), ExitCode.UNDO_REFUSED, "U3__add_nickname.sql uses CONCURRENTLY");

        migrations(dir, "U3__add_nickname.sql", "-- COMMIT; in a comment is fine, and so is a function body\n"
                + "DO $$ BEGIN PERFORM 1; END $$;\nALTER TABLE users DROP COLUMN nickname; SELECT 'END;';");
        undo(settings());
        assertThat(columns("users")).doesNotContain("nickname");
    }

    @Test
    void replacesFlywaysBuiltInPlaceholdersAndRefusesUnknownOnes() throws IOException, SQLException {
        migrations(dir, "V3__audit.sql", "CREATE TABLE ${flyway:defaultSchema}.audit (who text DEFAULT '${flyway:user}');");
        migrations(dir, "U3__audit.sql", "DROP TABLE ${flyway:defaultSchema}.audit; -- ${flyway:filename}");
        flyway().migrate();

        undo(settings().withDryRun(true));
        assertThat(out).contains("-- U3__audit.sql (reverts V3 (audit))\nDROP TABLE public.audit; -- U3__audit.sql");

        migrations(dir, "U3__audit.sql", "DROP TABLE ${schema}.audit;");
        assertRefused(settings(), ExitCode.UNDO_REFUSED, "U3__audit.sql uses placeholder ${schema}, which has no value (set FLYWAY_PLACEHOLDERS_SCHEMA");

        migrations(dir, "U3__audit.sql", "DROP TABLE ${flyway:defaultSchema}.audit;");
        undo(settings());
        assertThat(query("SELECT to_regclass('audit')::text")).containsOnlyNulls();
    }

    @Test
    void honoursAConfiguredHistorySchemaAndTable() throws SQLException {
        Flyway custom = postgres.flyway().locations("filesystem:" + dir)
                .schemas("app").table("schema_changes").load();
        custom.migrate();

        undo(settings().withHistory(Optional.of("app"), Optional.of("schema_changes")));

        assertThat(query("SELECT version FROM app.schema_changes WHERE version IS NOT NULL ORDER BY installed_rank"))
                .containsExactly("1");
        assertThat(out).anyMatch(l -> l.contains("in app.schema_changes"));
        assertThat(custom.migrate().migrationsExecuted).isEqualTo(1);
    }

    @Test
    void theLockKeyIsFlywaysDerivation() {
        // Flyway 13: PostgreSQLConnection.lock -> new PostgreSQLAdvisoryLockTemplate(..., table.toString().hashCode())
        // lockNum = 77431708279161L + hash; table.toString() is "schema"."table"
        SchemaHistoryTable t = new SchemaHistoryTable("public", "flyway_schema_history");
        assertThat(t.quoted()).isEqualTo("\"public\".\"flyway_schema_history\"");
        assertThat(t.flywayLockKey()).isEqualTo(0x466C79776179L + "\"public\".\"flyway_schema_history\"".hashCode())
                .isEqualTo(77433833903597L); // the value docs/undo.md gives
        assertThat(t.runnerLockKey()).isEqualTo(85117225197030L).isNotEqualTo(t.flywayLockKey());
        assertThat(new SchemaHistoryTable("a\"b", "t").quoted()).isEqualTo("\"a\"\"b\".\"t\"");
    }

    @Test
    void theVersionArgumentAcceptsVersionsAndFileNames() {
        assertThat(UndoEngine.parseVersionArgument("3")).isEqualTo(MigrationVersion.parse("3"));
        assertThat(UndoEngine.parseVersionArgument("V1_2")).isEqualTo(MigrationVersion.parse("1.2"));
        assertThat(UndoEngine.parseVersionArgument("V3__add_index.sql")).isEqualTo(MigrationVersion.parse("3"));
    }
}
