package dev.migratefirst.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.migration.RunnerImage;
import dev.migratefirst.migration.RunnerImageProps;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RunnerImage} built for real: the context it stages from the packaged distribution and a
 * migrations folder outside the project root, built with buildah on a glibc base without Java (the
 * Debian base of {@code .ci/build-tool-base}), runs its ENTRYPOINT with {@code migrate} as uid 10001
 * against a PostgreSQL on the host.
 */
class RunnerImageIT {
    private static final String TAG = "localhost/migratefirst/runner-only:it";
    private static final String PASSWORD = "runner-image-it-never-printed";

    @TempDir
    Path tmp;

    @Test
    void builtFromAFolderOutsideTheProjectItMigratesARealPostgres() throws Exception {
        String base = ToolImages.requireBase();
        Path migrations = Files.createDirectories(tmp.resolve("team-repo/db/migrations"));
        Files.writeString(migrations.resolve("V1__create_users.sql"), "CREATE TABLE users (id bigint PRIMARY KEY);\n");
        Files.writeString(migrations.resolve("V2__add_profile_picture.sql"),
                "ALTER TABLE users ADD COLUMN profile_picture text;\n");
        RunnerImage image = RunnerImage.fromMigrationsDirectory(migrations.toString(), RunnerImageProps.builder()
                .distributionDirectory("target/runner-dist/migratefirst-runner").baseImage(base).build());
        assertThat(Path.of(image.getDirectory()).startsWith(Path.of("").toAbsolutePath())).isFalse();

        Command.Result build = ToolImages.buildah(Duration.ofMinutes(10), "bud", "--quiet", "--isolation", "chroot",
                "--build-arg", "BASE_IMAGE=" + base, "-t", TAG, image.getDirectory());
        assertThat(build.exitCode()).as(build.describe()).isZero();
        JsonNode config = new ObjectMapper().readTree(ToolImages.buildah(Duration.ofMinutes(1), "inspect", "--type",
                "image", TAG).stdout()).get("OCIv1").get("config");
        List<String> entrypoint = new ArrayList<>();
        config.get("Entrypoint").forEach(n -> entrypoint.add(n.asText()));
        assertThat(entrypoint).containsExactly("/opt/migratefirst-runner/bin/migratefirst-runner");
        assertThat(config.get("User").asText()).isEqualTo("10001:10001");

        String container = ToolImages.buildah(Duration.ofMinutes(2), "from", "--quiet", TAG).stdout().trim();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE app LOGIN PASSWORD '" + PASSWORD + "'");
                s.execute("CREATE DATABASE app OWNER app");
            }
            List<String> command = new ArrayList<>(entrypoint);
            command.add("migrate");
            Command.Result migrate = Command.of(ToolImages.run(container, "10001:10001", List.of("DATABASE_URL=postgresql://app:"
                    + PASSWORD + "@127.0.0.1:" + postgres.getPort() + "/app", "MIGRATIONS_LOCATION="
                    + "filesystem:/app/migrations"), command)).timeout(Duration.ofMinutes(3)).run();
            assertThat(migrate.exitCode()).as(migrate.describe()).isZero();
            assertThat(migrate.stdout()).contains("applied 2 migrations");
            assertThat(migrate.stdout() + migrate.stderr()).doesNotContain(PASSWORD);
            Command.Result noJava = Command.of(ToolImages.run(container, null, List.of(),
                    List.of("sh", "-c", "command -v java || echo no-java"))).run();
            assertThat(noJava.stdout()).contains("no-java");
            try (Connection c = postgres.getDatabase("postgres", "app").getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.columns"
                         + " WHERE table_name = 'users' AND column_name = 'profile_picture'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        } finally {
            ToolImages.buildah(Duration.ofMinutes(2), "rm", container);
        }
    }
}
