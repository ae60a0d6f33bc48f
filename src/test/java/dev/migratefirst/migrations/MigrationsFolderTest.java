package dev.migratefirst.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsFolderTest {

    @TempDir
    Path dir;

    private void write(String name, String sql) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, sql);
    }

    @Test
    void readsVersionedUndoAndRepeatableInFlywayOrder() throws IOException {
        write("V10__later.sql", "select 10;");
        write("V2__second.sql", "select 2;");
        write("sub/V1_1__first_point_one.sql", "select 11;");
        write("U2__second.sql", "select -2;");
        write("R__view.sql", "select 'r';");
        write("README.md", "not a migration");

        MigrationsFolder folder = MigrationsFolder.read(dir);

        assertThat(folder.versioned()).extracting(MigrationFile::fileName)
                .containsExactly("V1_1__first_point_one.sql", "V2__second.sql", "V10__later.sql");
        assertThat(folder.versioned().get(0).description()).isEqualTo("first point one");
        assertThat(folder.repeatable()).extracting(MigrationFile::fileName).containsExactly("R__view.sql");
        assertThat(folder.undoOf(MigrationVersion.parse("2"))).map(MigrationFile::fileName).hasValue("U2__second.sql");
        assertThat(folder.undoOf(MigrationVersion.parse("10"))).isEmpty();
    }

    @Test
    void readsBackfillsAsTheirOwnKindInVersionOrder() throws IOException {
        write("V3__expand.sql", "alter table users add column email_verified boolean;");
        write("D10__later.sql", "select 10;");
        write("D3__backfill_email_verified.sql", "-- migratefirst:backfill table=users key=id");

        MigrationsFolder folder = MigrationsFolder.read(dir);

        assertThat(folder.backfills()).extracting(MigrationFile::fileName)
                .containsExactly("D3__backfill_email_verified.sql", "D10__later.sql");
        assertThat(folder.backfills().get(0).kind()).isEqualTo(MigrationKind.BACKFILL);
        assertThat(folder.versioned()).extracting(MigrationFile::fileName).containsExactly("V3__expand.sql");
    }

    @Test
    void rejectsSqlFilesFlywayWouldNotReadNamingTheFile() throws IOException {
        write("V1_create.sql", "select 1;");
        assertThatThrownBy(() -> MigrationsFolder.read(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("V1_create.sql");
    }

    @Test
    void rejectsAMissingFolder() {
        assertThatThrownBy(() -> MigrationsFolder.read(dir.resolve("nope")))
                .hasMessageContaining("migrations folder not found");
    }

    @Test
    void versionsCompareNumerically() {
        assertThat(MigrationVersion.parse("1.10")).isGreaterThan(MigrationVersion.parse("1.9"));
        assertThat(MigrationVersion.parse("1.0")).isEqualTo(MigrationVersion.parse("1"));
        assertThat(MigrationVersion.parse("1_2")).isEqualTo(MigrationVersion.parse("1.2"));
        assertThatThrownBy(() -> MigrationVersion.parse("1.x")).hasMessageContaining("1.x");
    }

    @Test
    void fingerprintChangesWithContentOrNameAndIgnoresOtherFilesAndLineEndings() throws IOException {
        write("V1__a.sql", "create table a (id int);\n");
        String first = Fingerprint.of(MigrationsFolder.read(dir));
        assertThat(first).hasSize(64).isEqualTo(MigrationsFolder.read(dir).fingerprint());

        write("notes.txt", "ignored");
        assertThat(Fingerprint.of(MigrationsFolder.read(dir))).isEqualTo(first);

        write("V1__a.sql", "create table a (id int);\r\n");
        assertThat(Fingerprint.of(MigrationsFolder.read(dir))).isEqualTo(first);

        write("V1__a.sql", "create table a (id bigint);\n");
        String edited = Fingerprint.of(MigrationsFolder.read(dir));
        assertThat(edited).isNotEqualTo(first);

        write("V2__b.sql", "select 1;");
        assertThat(Fingerprint.of(MigrationsFolder.read(dir))).isNotEqualTo(edited);
    }

    @Test
    void combineIsOrderIndependentAndSeparatesParts() {
        assertThat(Fingerprint.combine(Map.of("a", "1", "b", "2")))
                .isEqualTo(Fingerprint.combine(Map.of("b", "2", "a", "1")));
        assertThat(Fingerprint.combine(Map.of("a", "bc"))).isNotEqualTo(Fingerprint.combine(Map.of("ab", "c")));
    }
}
