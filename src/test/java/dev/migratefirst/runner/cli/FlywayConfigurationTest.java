package dev.migratefirst.runner.cli;

import static dev.migratefirst.runner.cli.RunnerTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.testsupport.RunnerInvocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flyway users keep their configuration: a migrations folder in Flyway's own conventions
 * ({@code V1.1__x.sql}, {@code R__views.sql}, {@code ${owner}} placeholders, a non-default schema and
 * history table) with its {@code flyway.toml}/{@code flyway.conf} and {@code FLYWAY_*} variables, on
 * real PostgreSQL; settings that would defeat a guard are refused naming the setting and its source.
 */
class FlywayConfigurationTest {
    @RegisterExtension
    static final RunnerTestSupport db = new RunnerTestSupport();

    @TempDir
    Path tmp;

    /** V1 (table), V1.1 (uses ${owner}), V2, R__views, all unqualified: they land in the default schema. */
    private Path flywayFolder(String toml) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("sql"));
        Files.writeString(dir.resolve("V1__init.sql"), "CREATE TABLE accounts (id bigint PRIMARY KEY, name text);\n");
        Files.writeString(dir.resolve("V1.1__owner.sql"),
                "COMMENT ON TABLE accounts IS 'owned by ${owner}';\n");
        Files.writeString(dir.resolve("V2__email.sql"), "ALTER TABLE accounts ADD COLUMN email text;\n");
        Files.writeString(dir.resolve("U2__email.sql"),
                "ALTER TABLE accounts DROP COLUMN email;\nCOMMENT ON TABLE accounts IS 'reverted by ${owner}';\n");
        Files.writeString(dir.resolve("R__views.sql"),
                "CREATE OR REPLACE VIEW account_names AS SELECT id, name FROM accounts;\n");
        if (toml != null) {
            Files.writeString(dir.resolve("flyway.toml"), toml);
        }
        return dir;
    }

    private static final String TOML = """
            # a Flyway 10+ project file
            [environments.default]
            url = "jdbc:postgresql://elsewhere/ignored"
            schemas = ["app"]

            [flyway]
            table = "schema_history"
            validateMigrationNaming = true

            [flyway.placeholders]
            owner = "from-toml"
            """;

    private Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(db.env());
        env.putAll(extra);
        return env;
    }

    private String comment() throws SQLException {
        return query("SELECT obj_description('app.accounts'::regclass, 'pg_class')").get(0);
    }

    private List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.superuser(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    @Test
    void tomlSchemaTableAndPlaceholdersWithTheEnvironmentWinning() throws Exception {
        Path dir = flywayFolder(TOML);
        Map<String, String> env = env(Map.of("FLYWAY_PLACEHOLDERS_OWNER", "ops"));

        RunnerInvocation r = run(env, "migrate", "--locations=filesystem:" + dir);

        assertThat(r.code()).as(r.all()).isEqualTo(0);
        assertThat(comment()).isEqualTo("owned by ops");
        assertThat(query("SELECT version || ':' || success FROM app.schema_history WHERE version IS NOT NULL "
                + "ORDER BY installed_rank")).containsExactly("1:true", "1.1:true", "2:true");
        assertThat(query("SELECT script FROM app.schema_history WHERE version IS NULL AND type = 'SQL'")).containsExactly("R__views.sql");
        assertThat(query("SELECT to_regclass('app.account_names')::text")).containsExactly("app.account_names");
        assertThat(db.exists("flyway_schema_history")).isFalse();
        // the connection is the runner's: the file's url is reported as not read, never used
        assertThat(r.all()).contains("flyway.url (from " + dir.resolve("flyway.toml") + ") is not read by the runner")
                .doesNotContain("elsewhere");

        for (String command : List.of("info", "validate", "plan")) {
            RunnerInvocation again = run(env, command, "--locations=filesystem:" + dir);
            assertThat(again.code()).as(command + ": " + again.all()).isEqualTo(0);
        }
        RunnerInvocation info = run(env, "info", "--locations=filesystem:" + dir);
        assertThat(info.out()).contains("schema version 2, 0 pending");

        RunnerInvocation check = run(env, "check", "--locations=filesystem:" + dir);
        assertThat(check.code()).as(check.all()).isEqualTo(0);
        assertThat(check.out()).contains("V1.1__owner.sql", "R__views.sql", "0 error(s)");

        RunnerInvocation undo = run(env, "undo", "--locations=filesystem:" + dir);
        assertThat(undo.code()).as(undo.all()).isEqualTo(0);
        assertThat(comment()).isEqualTo("reverted by ops");
        assertThat(query("SELECT max(version) FROM app.schema_history WHERE success")).containsExactly("1.1");
    }

    @Test
    void aMissingPlaceholderNamesTheFileThatUsesIt() throws Exception {
        Path dir = flywayFolder(null);

        RunnerInvocation r = run(db.env(), "migrate", "--locations=filesystem:" + dir);

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.MIGRATION_FAILED.code());
        assertThat(r.lastErrLine()).contains("V1.1__owner.sql", "owner").doesNotContain("V1__init.sql");
        assertThat(r.all()).doesNotContain("migration V1 init (V1__init.sql) failed");
        assertThat(query("SELECT version FROM flyway_schema_history WHERE success")).containsExactly("1");

        RunnerInvocation check = run(db.env(), "check", "--locations=filesystem:" + dir);
        assertThat(check.code()).as(check.all()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(check.lastErrLine()).contains("V1.1__owner.sql", "${owner}", "FLYWAY_PLACEHOLDERS_OWNER");
    }

    @Test
    void anExistingDatabaseIsBaselinedAtTheConfiguredVersion() throws Exception {
        Path dir = flywayFolder(null);
        Files.writeString(dir.resolve("flyway.conf"), """
                flyway.baselineOnMigrate=true
                flyway.baselineVersion=1.1
                flyway.placeholders.owner=conf
                """);
        try (Connection c = db.app(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE accounts (id bigint PRIMARY KEY, name text)");
        }

        RunnerInvocation r = run(db.env(), "migrate", "--locations=filesystem:" + dir);

        assertThat(r.code()).as(r.all()).isEqualTo(0);
        assertThat(query("SELECT version || ':' || type FROM flyway_schema_history WHERE version IS NOT NULL "
                + "ORDER BY installed_rank")).containsExactly("1.1:BASELINE", "2:SQL");
        assertThat(query("SELECT column_name FROM information_schema.columns WHERE table_name = 'accounts' "
                + "ORDER BY ordinal_position")).containsExactly("id", "name", "email");
    }

    @Test
    void settingsThatDefeatAGuardAreRefusedNamingSettingAndSource() throws Exception {
        Path dir = flywayFolder(null);
        RunnerInvocation fromEnv = run(env(Map.of("FLYWAY_CLEAN_DISABLED", "false")), "migrate",
                "--locations=filesystem:" + dir);
        assertThat(fromEnv.code()).as(fromEnv.all()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(fromEnv.lastErrLine()).contains("flyway.cleanDisabled=false",
                "from environment FLYWAY_CLEAN_DISABLED", "refused");

        Files.writeString(dir.resolve("flyway.conf"), "flyway.validateOnMigrate=false\n");
        RunnerInvocation fromFile = run(db.env(), "info", "--locations=filesystem:" + dir);
        assertThat(fromFile.code()).as(fromFile.all()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(fromFile.lastErrLine()).contains("flyway.validateOnMigrate=false",
                "from " + dir.resolve("flyway.conf"));

        Files.delete(dir.resolve("flyway.conf"));
        Files.writeString(dir.resolve("flyway.toml"), "[flyway.postgresql]\ntransactional.lock = true\n");
        RunnerInvocation lock = run(db.env(), "check", "--locations=filesystem:" + dir);
        assertThat(lock.code()).as(lock.all()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(lock.lastErrLine()).contains("flyway.postgresql.transactional.lock=true");
        assertThat(db.history()).isEmpty();
    }
}
