package dev.migratefirst.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The gate's properties change when a migration file changes and stay the same when nothing does.
 * One app, one synth, one stack per migrations folder: a copy of the example's folder, an identical
 * second copy, a copy with one file edited, a copy with a file added, and the first copy with a
 * force-run token.
 */
class GateFingerprintTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path temp;
    private static Map<String, JsonNode> gate;

    @BeforeAll
    static void synth() throws IOException {
        Path base = copy(Path.of("migrations"), temp.resolve("base"));
        Path same = copy(Path.of("migrations"), temp.resolve("same"));
        Path edited = copy(Path.of("migrations"), temp.resolve("edited"));
        Files.writeString(edited.resolve("V2__add_profile_picture.sql"), "\n-- a comment is a change too\n",
                java.nio.file.StandardOpenOption.APPEND);
        Path backfill = copy(Path.of("migrations"), temp.resolve("backfill"));
        Files.writeString(backfill.resolve("D3__backfill_email_verified.sql"), "\n-- a backfill counts too\n",
                java.nio.file.StandardOpenOption.APPEND);
        Path added = copy(Path.of("migrations"), temp.resolve("added"));
        Files.writeString(added.resolve("V7__add_index.sql"), "CREATE INDEX users_email ON users (email);\n");
        Path crlf = copy(Path.of("migrations"), temp.resolve("crlf"));
        try (Stream<Path> files = Files.list(crlf)) {
            for (Path f : files.toList()) {
                Files.writeString(f, Files.readString(f).replace("\n", "\r\n"));
            }
        }
        Files.writeString(same.resolve("README.md"), "not a migration: does not count\n");

        App app = new App();
        Map<String, Object[]> cases = Map.of(
                "Base", new Object[] {base, null},
                "Same", new Object[] {same, null},
                "Edited", new Object[] {edited, null},
                "Added", new Object[] {added, null},
                "Backfill", new Object[] {backfill, null},
                "Crlf", new Object[] {crlf, null},
                "Forced", new Object[] {base, "2026-11-25T10:00"});
        Map<String, Stack> stacks = new java.util.HashMap<>();
        cases.forEach((name, c) -> {
            Stack s = new Stack(app, name);
            new MigrationStackFixture(s, (Path) c[0], (String) c[1]);
            stacks.put(name, s);
        });
        app.synth();
        gate = new java.util.HashMap<>();
        stacks.forEach((name, s) -> {
            JsonNode t = JSON.valueToTree(Template.fromStack(s).toJSON());
            t.get("Resources").forEach(r -> {
                if (MigrationGate.RESOURCE_TYPE.equals(r.path("Type").asText())) {
                    gate.put(name, r.get("Properties"));
                }
            });
        });
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    private static String prop(String stack, String name) {
        return gate.get(stack).path(name).asText();
    }

    @Test
    void nothingChangedMeansIdenticalTriggerProperties() {
        assertThat(gate.get("Same")).isEqualTo(gate.get("Base"));
        assertThat(prop("Crlf", "Fingerprint")).as("line endings do not count").isEqualTo(prop("Base", "Fingerprint"));
    }

    @Test
    void anEditedMigrationChangesTheFingerprint() {
        assertThat(prop("Edited", "MigrationsFingerprint")).isNotEqualTo(prop("Base", "MigrationsFingerprint"));
        assertThat(prop("Edited", "Fingerprint")).isNotEqualTo(prop("Base", "Fingerprint"));
        assertThat(gate.get("Edited").path("Image")).isEqualTo(gate.get("Base").path("Image"));
    }

    @Test
    void anEditedBackfillOfTheWorkedExampleChangesTheFingerprint() {
        assertThat(prop("Backfill", "MigrationsFingerprint")).isNotEqualTo(prop("Base", "MigrationsFingerprint"));
        assertThat(prop("Backfill", "MigrationsFingerprint")).isNotEqualTo(prop("Edited", "MigrationsFingerprint"));
    }

    @Test
    void anAddedMigrationChangesTheFingerprint() {
        assertThat(prop("Added", "Fingerprint")).isNotEqualTo(prop("Base", "Fingerprint"));
        assertThat(prop("Added", "Fingerprint")).isNotEqualTo(prop("Edited", "Fingerprint"));
    }

    @Test
    void theForceRunTokenChangesTheFingerprintButNotTheMigrationsFingerprint() {
        assertThat(prop("Forced", "Fingerprint")).isNotEqualTo(prop("Base", "Fingerprint"));
        assertThat(prop("Forced", "MigrationsFingerprint")).isEqualTo(prop("Base", "MigrationsFingerprint"));
    }
}
