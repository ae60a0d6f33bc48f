package dev.migratefirst.runner.undo;

import static dev.migratefirst.testsupport.TestMigrations.copyOfRepositoryMigrations;
import static dev.migratefirst.testsupport.TestMigrations.copyOfTheUsersMigrations;
import static dev.migratefirst.testsupport.TestMigrations.migrations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migratefirst.migrations.MigrationVersion;
import dev.migratefirst.migrations.MigrationsFolder;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.testsupport.PostgresServer;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The round trip on a real PostgreSQL: what passes, and what it catches and how it names it. */
class RoundTripTest {
    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();

    @TempDir
    Path dir;

    private final List<String> out = new ArrayList<>();

    @BeforeEach
    void repositoryMigrations() {
        copyOfTheUsersMigrations(dir);
    }

    private FluentConfiguration flyway() {
        return postgres.flyway().locations("filesystem:" + dir);
    }

    private RoundTripResult roundTrip() throws SQLException {
        return new RoundTrip(MigrationsFolder.read(dir), flyway(), (event, message, fields) -> out.add(message)).run();
    }

    private void assertFails(ExitCode code, String message) {
        assertThatThrownBy(this::roundTrip).isInstanceOfSatisfying(UndoException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private boolean historyExists() throws SQLException {
        try (Connection c = postgres.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('flyway_schema_history') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    @Test
    void provesTheExampleMigrations() throws SQLException {
        copyOfRepositoryMigrations(dir); // the whole folder: V1, V2 and the worked backfill example V3-V6
        RoundTripResult result = roundTrip();

        assertThat(result.proven()).extracting(MigrationVersion::toString)
                .containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(result.irreversible()).isEmpty();
        assertThat(out).containsExactly(
                "Round trip V1 (create users): applied, undone to the same schema, re-applied",
                "Round trip V2 (add profile picture): applied, undone to the same schema, re-applied",
                "Round trip V3 (add email verified): applied, undone to the same schema, re-applied",
                "Round trip V4 (email verified not null): applied, undone to the same schema, re-applied",
                "Round trip V5 (validate email verified): applied, undone to the same schema, re-applied",
                "Round trip V6 (email verified set not null): applied, undone to the same schema, re-applied",
                "Round trip passed: 6 undo scripts proven, 0 irreversible migrations applied");
        // it leaves every migration applied, as migrate would
        assertThat(flyway().load().info().pending()).isEmpty();
    }

    @Test
    void catchesAnUndoScriptThatForgetsAnIndex() throws IOException {
        migrations(dir, "V3__add_nickname.sql", "ALTER TABLE users ADD COLUMN nickname text;\n"
                + "CREATE INDEX users_name_idx ON users (name);");
        migrations(dir, "U3__add_nickname.sql", "ALTER TABLE users DROP COLUMN nickname;");

        assertFails(ExitCode.ROUND_TRIP_FAILED,
                "V3__add_nickname.sql: index users_name_idx on users exists after undo of V3 but not before V3");
    }

    @Test
    void namesEveryDifferenceOfTheFailingVersion() throws IOException {
        migrations(dir, "V3__widen_name.sql", "ALTER TABLE users ALTER COLUMN name TYPE text;\n"
                + "CREATE TYPE user_state AS ENUM ('new', 'active');");
        migrations(dir, "U3__widen_name.sql", "ALTER TABLE users ALTER COLUMN name TYPE varchar(100);");

        assertFails(ExitCode.ROUND_TRIP_FAILED, "V3__widen_name.sql: "
                + "column users.name differs after undo of V3: before V3 'character varying(200) NOT NULL', "
                + "after undo of V3 'character varying(100) NOT NULL'; "
                + "type user_state exists after undo of V3 but not before V3");
    }

    @Test
    void catchesAnUndoScriptThatDropsTooMuch() throws IOException {
        migrations(dir, "V3__add_nickname.sql", "ALTER TABLE users ADD COLUMN nickname text;");
        migrations(dir, "U3__add_nickname.sql", "ALTER TABLE users DROP COLUMN nickname, DROP CONSTRAINT users_email_key;");

        assertFails(ExitCode.ROUND_TRIP_FAILED, "V3__add_nickname.sql: "
                + "constraint users_email_key on users existed before V3 but is missing after undo of V3; "
                + "index users_email_key on users existed before V3 but is missing after undo of V3");
    }

    @Test
    void requiresAnUndoScriptOrAMarkerForEveryVersionBeforeTouchingTheDatabase() throws IOException, SQLException {
        migrations(dir, "V3__add_nickname.sql", "ALTER TABLE users ADD COLUMN nickname text;");
        migrations(dir, "V4__drop_legacy.sql", "-- migratefirst:irreversible\nSELECT 1;");
        migrations(dir, "U5__orphan.sql", "SELECT 1;");

        assertFails(ExitCode.ROUND_TRIP_FAILED, "V3__add_nickname.sql has no undo script (U3__*.sql) and no "
                + "'-- migratefirst:irreversible <reason>' marker; "
                + "V4__drop_legacy.sql: '-- migratefirst:irreversible' needs a reason (write "
                + "'-- migratefirst:irreversible <why this cannot be undone>'); "
                + "U5__orphan.sql has no versioned migration V5__*.sql");
        assertThat(historyExists()).isFalse();
    }

    @Test
    void refusesAMarkerAndAnUndoScriptTogether() throws IOException {
        migrations(dir, "V3__add_nickname.sql", "-- migratefirst:irreversible backfilled\nALTER TABLE users ADD COLUMN nickname text;");
        migrations(dir, "U3__add_nickname.sql", "ALTER TABLE users DROP COLUMN nickname;");

        assertFails(ExitCode.ROUND_TRIP_FAILED, "V3__add_nickname.sql is marked irreversible but "
                + "U3__add_nickname.sql exists; remove the marker or the undo script");
    }

    @Test
    void appliesAnIrreversibleMigrationWithoutUndoingIt() throws IOException, SQLException {
        migrations(dir, "V3__drop_name.sql", "-- migratefirst:irreversible the names are deleted for GDPR\n"
                + "ALTER TABLE users DROP COLUMN name;");
        migrations(dir, "V4__add_nickname.sql", "ALTER TABLE users ADD COLUMN nickname text;");
        migrations(dir, "U4__add_nickname.sql", "ALTER TABLE users DROP COLUMN nickname;");

        RoundTripResult result = roundTrip();

        assertThat(result.proven()).extracting(MigrationVersion::toString).containsExactly("1", "2", "4");
        assertThat(result.irreversible()).extracting(MigrationVersion::toString).containsExactly("3");
        assertThat(out).contains("Round trip V3: applied; not undone, marked irreversible: the names are deleted for GDPR");
    }

    @Test
    void aFailingUndoScriptFailsTheRoundTripNamingIt() throws IOException {
        migrations(dir, "V3__add_nickname.sql", "ALTER TABLE users ADD COLUMN nickname text;");
        migrations(dir, "U3__add_nickname.sql", "ALTER TABLE users DROP COLUMN nick_name;");

        assertThatThrownBy(this::roundTrip).isInstanceOfSatisfying(UndoException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.MIGRATION_FAILED);
            assertThat(e.getMessage()).startsWith("U3__add_nickname.sql failed: ERROR: column \"nick_name\" of "
                    + "relation \"users\" does not exist (SQLSTATE 42703)");
        });
    }

    @Test
    void needsAnEmptyDatabase() throws SQLException {
        try (Connection c = postgres.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE leftover (id int)");
        }
        assertFails(ExitCode.CONFIGURATION_ERROR,
                "the round trip needs an empty database; this one already has tables or a schema history");
    }
}
