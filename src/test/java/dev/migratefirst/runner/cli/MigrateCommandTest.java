package dev.migratefirst.runner.cli;

import static dev.migratefirst.runner.cli.RunnerTestSupport.run;
import static dev.migratefirst.testsupport.TestMigrations.copyOfRepositoryMigrations;
import static dev.migratefirst.testsupport.TestMigrations.migrations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Redactor;
import dev.migratefirst.testsupport.RunnerInvocation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrate} against a real PostgreSQL: apply, no-op, failures, edits, future migrations, output. */
class MigrateCommandTest {
    @RegisterExtension
    static final RunnerTestSupport db = new RunnerTestSupport();

    @TempDir
    Path tmp;


    private String loc(Path dir) {
        return "--locations=filesystem:" + dir;
    }

    @Test
    void seedScenarioTheNewColumnExistsOnlyAfterMigrate() throws Exception {
        Path dir = copyOfRepositoryMigrations(tmp.resolve("m"));
        try (Connection app = db.app(); Statement s = app.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT profile_picture FROM users"))
                    .isInstanceOf(SQLException.class);
        }

        RunnerInvocation r = run(db.env(), "migrate", loc(dir));

        assertThat(r.code()).as(r.all()).isEqualTo(0);
        try (Connection app = db.app(); Statement s = app.createStatement()) {
            s.execute("INSERT INTO users (email, name, profile_picture, email_verified) "
                    + "VALUES ('a@example.com', 'A', 'a.png', true)");
            var rs = s.executeQuery("SELECT profile_picture FROM users");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("a.png");
        }
    }

    @Test
    void appliesFromEmptyThenRerunIsANoOp() throws Exception {
        Path dir = copyOfRepositoryMigrations(tmp.resolve("m"));

        RunnerInvocation first = run(db.env(), "migrate", loc(dir));

        assertThat(first.code()).as(first.all()).isEqualTo(0);
        // a fresh database: V1-V3, the backfill D3 in place (no app version ran in between), then V4-V6
        assertThat(first.outLines()).filteredOn(l -> l.startsWith("applied  V") || l.startsWith("backfill D3")
                        || l.startsWith("migrate: applied"))
                .map(l -> l.replaceAll(" in \\d+ ms$", "").replaceAll(" \\(\\d+ ms[^)]*\\)$", "")
                        .replaceAll("\\(0 rows in \\d+ ms by this run", "(0 rows by this run"))
                .containsExactly("applied  V1 create users (V1__create_users.sql)",
                        "applied  V2 add profile picture (V2__add_profile_picture.sql)",
                        "applied  V3 add email verified (V3__add_email_verified.sql)",
                        "migrate: applied 3 migrations, schema version <empty> -> 3",
                        "backfill D3 (backfill email verified): starting, keys 1..0, about 0 rows in users",
                        "backfill D3 (backfill email verified): done, 0 rows changed in 0 batches (0 rows by this run, 0 rows/s)",
                        "applied  V4 email verified not null (V4__email_verified_not_null.sql)",
                        "applied  V5 validate email verified (V5__validate_email_verified.sql)",
                        "applied  V6 email verified set not null (V6__email_verified_set_not_null.sql)",
                        "migrate: applied 3 migrations, schema version 3 -> 6");
        assertThat(first.outLines()).filteredOn(l -> l.startsWith("applied  V")).allMatch(l -> l.matches(".* in \\d+ ms$"));
        assertThat(db.history()).containsExactly("1:true", "2:true", "3:true", "4:true", "5:true", "6:true");

        RunnerInvocation second = run(db.env(), "migrate", loc(dir));

        assertThat(second.code()).as(second.all()).isEqualTo(0);
        assertThat(second.out()).contains("schema is up to date at version 6, nothing to apply")
                .doesNotContain("applying").doesNotContain("backfill D3");
        assertThat(db.history()).containsExactly("1:true", "2:true", "3:true", "4:true", "5:true", "6:true");
    }

    @Test
    void failingMigrationLeavesNoTraceAndTheNextRunAppliesNothingOfIt() throws Exception {
        Path dir = migrations(tmp.resolve("m"),
                "V1__ok.sql", "CREATE TABLE kept (id int);",
                "V2__half.sql", "CREATE TABLE partial (id int);\nINSERT INTO partial VALUES (1);\nSELECT no_such_column FROM partial;");

        RunnerInvocation r = run(db.env(), "migrate", loc(dir));

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.MIGRATION_FAILED.code());
        assertThat(db.exists("kept")).isTrue();
        assertThat(db.exists("partial")).isFalse();
        assertThat(db.history()).containsExactly("1:true");
        List<String> err = r.errLines();
        String lastTwo = String.join("\n", err.subList(Math.max(0, err.size() - 2), err.size()));
        assertThat(lastTwo).contains("V2 half (V2__half.sql)", "column \"no_such_column\" does not exist", "42703");
        assertThat(r.lastErrLine()).contains("migrate failed at V2 half", "rolled back");

        RunnerInvocation again = run(db.env(), "migrate", loc(dir));

        assertThat(again.code()).isEqualTo(ExitCode.MIGRATION_FAILED.code());
        assertThat(db.exists("partial")).isFalse();
        assertThat(db.history()).containsExactly("1:true");
    }

    @Test
    void editedAppliedMigrationIsRefused() throws Exception {
        Path dir = copyOfRepositoryMigrations(tmp.resolve("m"));
        assertThat(run(db.env(), "migrate", loc(dir)).code()).isEqualTo(0);
        Files.writeString(dir.resolve("V1__create_users.sql"), "\n-- edited after it was applied\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        migrations(dir, "V7__more.sql", "CREATE TABLE more (id int);");

        RunnerInvocation r = run(db.env(), "migrate", loc(dir));

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.VALIDATION_FAILED.code());
        assertThat(r.lastErrLine()).contains("checksum mismatch", "version 1", "never edited");
        assertThat(db.exists("more")).isFalse();

        RunnerInvocation validate = run(db.env(), "validate", loc(dir));
        assertThat(validate.code()).isEqualTo(ExitCode.VALIDATION_FAILED.code());
        assertThat(validate.err()).contains("checksum");
    }

    @Test
    void futureMigrationsOfANewerImageAreIgnored() throws Exception {
        Path newer = migrations(tmp.resolve("newer"), "V1__a.sql", "CREATE TABLE a (id int);",
                "V2__b.sql", "CREATE TABLE b (id int);");
        assertThat(run(db.env(), "migrate", loc(newer)).code()).isEqualTo(0);
        Path older = migrations(tmp.resolve("older"), "V1__a.sql", "CREATE TABLE a (id int);");

        RunnerInvocation r = run(db.env(), "migrate", loc(older));

        assertThat(r.code()).as(r.all()).isEqualTo(0);
        assertThat(r.err()).contains("migration V2 b which this image does not know");
        assertThat(run(db.env(), "validate", loc(older)).code()).isEqualTo(0);
    }

    @Test
    void jsonLinesNameEachStep() throws Exception {
        Path dir = copyOfRepositoryMigrations(tmp.resolve("m"));

        RunnerInvocation r = run(db.env(), "migrate", loc(dir), "--log-format", "json");

        assertThat(r.code()).as(r.all()).isEqualTo(0);
        ObjectMapper json = new ObjectMapper();
        List<String> events = new ArrayList<>();
        for (String line : r.outLines()) {
            JsonNode n = json.readTree(line);
            assertThat(n.has("time") && n.has("level") && n.has("message")).as(line).isTrue();
            events.add(n.get("event").asText());
            if (n.get("event").asText().equals("migration_applied")) {
                assertThat(n.get("duration_ms").isNumber()).isTrue();
                assertThat(n.get("version").asText()).isIn("1", "2", "3", "4", "5", "6");
            }
        }
        assertThat(events).containsSubsequence("migrate_start", "connected", "migration_start", "migration_applied",
                "migration_start", "migration_applied", "migrate_done");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void databaseErrorsThatQuoteThePasswordAreRedacted() throws Exception {
        Path dir = migrations(tmp.resolve("m"),
                "V1__leak.sql", "SELECT '" + RunnerTestSupport.PASSWORD.replace("'", "''") + "'::int;");

        RunnerInvocation r = run(db.env(), "migrate", loc(dir));  // run() asserts the password is absent

        assertThat(r.code()).isEqualTo(ExitCode.MIGRATION_FAILED.code());
        assertThat(r.err()).contains("invalid input syntax for type integer", Redactor.MASK);
    }

    @Test
    void worksWithTheRdsSecretAsEcsInjectsIt() throws Exception {
        Path dir = copyOfRepositoryMigrations(tmp.resolve("m"));

        RunnerInvocation r = run(db.secretEnv(db.database()), "migrate", loc(dir));

        assertThat(r.code()).as(r.all()).isEqualTo(0);
        assertThat(r.out()).contains(RunnerTestSupport.ROLE + "@localhost:" + db.port() + "/" + db.database(),
                "from DB_SECRET");
        assertThat(db.history()).containsExactly("1:true", "2:true", "3:true", "4:true", "5:true", "6:true");
    }

    @Test
    void migrationsLocationComesFromTheEnvironment() throws Exception {
        Path dir = migrations(tmp.resolve("m"), "V1__a.sql", "CREATE TABLE from_env (id int);");
        db.env().put("MIGRATIONS_LOCATION", "filesystem:" + dir);

        RunnerInvocation r = run(db.env(), "migrate");

        assertThat(r.code()).as(r.all()).isEqualTo(0);
        assertThat(db.exists("from_env")).isTrue();
    }

    @Test
    void cleanIsNotACommandAndIsDisabledInTheEngine() {
        RunnerInvocation r = run(db.env(), "clean");
        assertThat(r.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());

        try (RunContext ctx = db.context(Duration.ofSeconds(2))) {
            assertThat(ctx.flyway().getConfiguration().isCleanDisabled()).isTrue();
            assertThatThrownBy(() -> ctx.flyway().clean()).hasMessageContaining("disabled");
        }
    }
}
