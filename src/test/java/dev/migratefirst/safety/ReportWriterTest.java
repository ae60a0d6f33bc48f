package dev.migratefirst.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.migrations.MigrationFile;
import dev.migratefirst.migrations.MigrationKind;
import dev.migratefirst.migrations.MigrationVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The JSON report's contract (docs/safety.md), for a report built by hand: no server needed. */
class ReportWriterTest {

    @Test
    void jsonKeepsTheDocumentedFieldsNullsAndEscapes() throws Exception {
        MigrationFile v3 = new MigrationFile(MigrationKind.VERSIONED, Optional.of(MigrationVersion.parse("3")),
                "broken", Path.of("V3__broken.sql"));
        Finding failed = new Finding(Rule.MIGRATION_FAILED, "V3__broken.sql", -1, 1, "",
                "replaying it failed: relation \"nope\"\ndoes not exist\t(42P01)", null);
        Finding suppressed = new Finding(Rule.DATA_BACKFILL, "V3__broken.sql", 0, 2, "UPDATE t SET a = 'x\\y'",
                "updated rows", null).suppressedBecause("tiny table");
        CheckReport report = new CheckReport("17.7", List.of(new MigrationResult(v3, null, List.of(failed, suppressed))),
                List.of("V4__later.sql"), 12);

        JsonNode doc = new ObjectMapper().readTree(ReportWriter.json(report));

        assertThat(doc.fieldNames()).toIterable().containsExactly("serverVersion", "unsafe", "errors", "warnings",
                "suppressed", "millis", "migrations", "notChecked");
        assertThat(doc.get("unsafe").asBoolean()).isTrue();
        assertThat(doc.get("errors").asLong()).isEqualTo(1);
        assertThat(doc.get("suppressed").asLong()).isEqualTo(1);
        assertThat(doc.get("millis").asLong()).isEqualTo(12);
        assertThat(doc.get("notChecked")).extracting(JsonNode::asText).containsExactly("V4__later.sql");
        JsonNode m = doc.get("migrations").get(0);
        assertThat(m.get("version").asText()).isEqualTo("3");
        assertThat(m.get("transactional").isNull()).isTrue();
        assertThat(m.get("statements")).isEmpty();
        JsonNode first = m.get("findings").get(0);
        assertThat(first.fieldNames()).toIterable().containsExactly("rule", "severity", "file", "statement", "line",
                "sql", "observed", "saferWay", "suppressed", "reason");
        assertThat(first.get("observed").asText()).isEqualTo(failed.observed());
        assertThat(first.get("reason").isNull()).isTrue();
        JsonNode second = m.get("findings").get(1);
        assertThat(second.get("sql").asText()).isEqualTo("UPDATE t SET a = 'x\\y'");
        assertThat(second.get("suppressed").asBoolean()).isTrue();
        assertThat(second.get("reason").asText()).isEqualTo("tiny table");
    }
}
