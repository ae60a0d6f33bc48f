package dev.migratefirst.runner.cli;

import static dev.migratefirst.runner.cli.RunnerTestSupport.run;
import static dev.migratefirst.testsupport.TestMigrations.copyOfRepositoryMigrations;
import static dev.migratefirst.testsupport.TestMigrations.migrations;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.testsupport.RunnerInvocation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code plan}, {@code info} and {@code validate}: what they report, and that they change nothing. */
class ReadOnlyCommandsTest {
    @RegisterExtension
    static final RunnerTestSupport db = new RunnerTestSupport();

    @TempDir
    Path tmp;


    @Test
    void planPrintsThePendingSqlInOrderAndChangesNothing() throws Exception {
        Path dir = copyOfRepositoryMigrations(tmp.resolve("m"));
        String before = catalog();

        RunnerInvocation r = run(db.env(), "plan", "--locations=filesystem:" + dir);

        assertThat(r.code()).as(r.all()).isEqualTo(0);
        String out = r.out();
        assertThat(out).contains("6 pending migrations", "nothing is changed", "CREATE TABLE users (",
                "ALTER TABLE users ADD COLUMN profile_picture varchar(255);",
                "ALTER TABLE users ADD COLUMN email_verified boolean;",
                "ALTER TABLE users ALTER COLUMN email_verified SET NOT NULL;");
        assertThat(out.indexOf("[1/6] V1 create users")).isLessThan(out.indexOf("CREATE TABLE users ("));
        assertThat(out.indexOf("CREATE TABLE users (")).isLessThan(out.indexOf("[2/6] V2 add profile picture"));
        assertThat(out.indexOf("[2/6] V2 add profile picture")).isLessThan(out.indexOf("[3/6] V3 add email verified"));
        assertThat(out.indexOf("[3/6] V3 add email verified")).isLessThan(out.indexOf("[6/6] V6 email verified set not null"));
        assertThat(out).doesNotContain("DROP TABLE users"); // undo scripts are not part of the plan
        assertThat(catalog()).isEqualTo(before);
        assertThat(db.history()).isEmpty();
    }

    @Test
    void planAfterMigrateShowsOnlyWhatIsNew() throws Exception {
        Path dir = copyOfRepositoryMigrations(tmp.resolve("m"));
        assertThat(run(db.env(), "migrate", "--locations=filesystem:" + dir).code()).isEqualTo(0);
        migrations(dir, "V7__avatars.sql", "CREATE TABLE avatars (id int);");

        RunnerInvocation r = run(db.env(), "plan", "--locations=filesystem:" + dir, "--log-format=json");

        assertThat(r.code()).as(r.all()).isEqualTo(0);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> planned = new ArrayList<>();
        for (String l : r.outLines()) {
            JsonNode n = json.readTree(l);
            if (n.get("event").asText().equals("plan_migration")) {
                planned.add(n);
            }
        }
        assertThat(planned).hasSize(1);
        assertThat(planned.get(0).get("version").asText()).isEqualTo("7");
        assertThat(planned.get(0).get("sql").asText()).isEqualTo("CREATE TABLE avatars (id int);");
        assertThat(db.exists("avatars")).isFalse();
    }

    @Test
    void infoListsStatesAndValidatePassesWithPendingMigrations() throws Exception {
        Path dir = migrations(tmp.resolve("m"), "V1__a.sql", "CREATE TABLE a (id int);");
        assertThat(run(db.env(), "migrate", "--locations=filesystem:" + dir).code()).isEqualTo(0);
        migrations(dir, "V2__b.sql", "CREATE TABLE b (id int);");

        RunnerInvocation info = run(db.env(), "info", "--locations=filesystem:" + dir);
        RunnerInvocation validate = run(db.env(), "validate", "--locations=filesystem:" + dir);

        assertThat(info.code()).as(info.all()).isEqualTo(0);
        assertThat(info.outLines()).anyMatch(l -> l.matches("^1\\s+a\\s+Success\\s+\\d{4}-.*ms$"))
                .anyMatch(l -> l.matches("^2\\s+b\\s+Pending\\s*$"));
        assertThat(info.out()).contains("info: schema version 1, 1 pending");
        assertThat(validate.code()).as(validate.all()).isEqualTo(0);
        assertThat(validate.out()).contains("1 pending");
        assertThat(db.exists("b")).isFalse();
    }

    @Test
    void validateRefusesAMigrationMissingLocally() throws Exception {
        Path dir = migrations(tmp.resolve("m"), "V1__a.sql", "CREATE TABLE a (id int);",
                "V2__b.sql", "CREATE TABLE b (id int);", "V3__c.sql", "CREATE TABLE c (id int);");
        assertThat(run(db.env(), "migrate", "--locations=filesystem:" + dir).code()).isEqualTo(0);
        java.nio.file.Files.delete(dir.resolve("V2__b.sql"));

        RunnerInvocation r = run(db.env(), "validate", "--locations=filesystem:" + dir);

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.VALIDATION_FAILED.code());
        assertThat(r.err()).contains("V2");
    }

    private String catalog() throws Exception {
        try (Connection c = db.superuser(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT string_agg(n.nspname || '.' || c.relname, ',' ORDER BY 1) "
                     + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                     + "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')")) {
            rs.next();
            return String.valueOf(rs.getString(1));
        }
    }
}
