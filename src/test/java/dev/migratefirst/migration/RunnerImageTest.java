package dev.migratefirst.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * {@link RunnerImage} (a runner-only image from the distribution and a migrations folder outside the
 * project) and {@link MigrationTaskProps#getExecCommand()} on one synthesized template: the tool task
 * runs {@code exec -- alembic upgrade head} in the runner image. The image itself is built and run in
 * RunnerImageIT.
 */
class RunnerImageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static Path distribution;
    private static Path migrations;
    private static RunnerImage image;
    private static MigrationTask toolTask;
    private static JsonNode template;

    @BeforeAll
    static void synth() throws IOException {
        distribution = tmp.resolve("dist/migratefirst-runner");
        for (String exe : List.of("bin/migratefirst-runner", "runtime/bin/java")) {
            Path f = distribution.resolve(exe);
            Files.createDirectories(f.getParent());
            Files.writeString(f, "#!/bin/sh\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.createDirectories(distribution.resolve("lib"));
        Files.writeString(distribution.resolve("runtime/.modules"), "java.base");
        migrations = Files.createDirectories(tmp.resolve("elsewhere/service/db/migrations"));
        Files.writeString(migrations.resolve("V1__init.sql"), "CREATE TABLE t (id int);\n");

        App app = new App();
        Stack stack = new Stack(app, "RunnerImageTest");
        MigrationStackFixture fixture = new MigrationStackFixture(stack, Path.of("migrations"), null);
        image = RunnerImage.fromMigrationsDirectory(migrations.toString(),
                RunnerImageProps.builder().distributionDirectory(distribution.toString()).build());
        toolTask = MigrationTask.Builder.create(stack, "ToolTask").vpc(fixture.vpc).database(fixture.database)
                .image(image).execCommand(List.of("alembic", "upgrade", "head")).build();
        template = JSON.valueToTree(Template.fromStack(stack).toJSON());
    }

    private static JsonNode container(String taskLogicalIdPrefix) {
        List<JsonNode> found = new ArrayList<>();
        template.get("Resources").fields().forEachRemaining(e -> {
            if (e.getKey().startsWith(taskLogicalIdPrefix)
                    && "AWS::ECS::TaskDefinition".equals(e.getValue().path("Type").asText())) {
                found.add(e.getValue().at("/Properties/ContainerDefinitions/0"));
            }
        });
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @Test
    void execCommandRunsTheToolUnderTheRunner() {
        JsonNode c = container("ToolTask");
        List<String> command = new ArrayList<>();
        c.get("Command").forEach(n -> command.add(n.asText()));
        assertThat(command).containsExactly("exec", "--", "alembic", "upgrade", "head");
        assertThat(toolTask.getCommand()).isEqualTo(command);
        // the connection still comes from the database secret, as for migrate
        assertThat(c.get("Secrets").toString()).contains("DB_PASSWORD");
        assertThat(container("MigrationTask").get("Command").toString()).isEqualTo("[\"migrate\"]");
    }

    @Test
    void theImageIsAnAssetOfTheStagedContextWithTheGeneratedDockerfile() throws IOException {
        JsonNode c = container("ToolTask");
        assertThat(c.at("/Image/Fn::Sub").asText()).contains("cdk-hnb659fds-container-assets");
        Path context = Path.of(image.getDirectory());
        assertThat(Files.readString(context.resolve("Dockerfile"))).isEqualTo(RunnerImage.dockerfile());
        assertThat(context.resolve("migrations/V1__init.sql")).exists();
        assertThat(Files.isExecutable(context.resolve("migratefirst-runner/bin/migratefirst-runner"))).isTrue();
        assertThat(context.resolve("migratefirst-runner/runtime/.modules")).doesNotExist();
        assertThat(image.getAssetProps().getBuildArgs()).containsEntry("BASE_IMAGE", RunnerImage.DEFAULT_BASE_IMAGE);
        assertThat(RunnerImage.dockerfile()).contains("USER 10001:10001",
                "ENV MIGRATIONS_LOCATION=filesystem:" + MigrationTask.IMAGE_MIGRATIONS_PATH,
                "ENTRYPOINT [\"/opt/migratefirst-runner/bin/migratefirst-runner\"]");
    }

    @Test
    void badInputNamesTheProp() {
        assertThatThrownBy(() -> RunnerImage.fromMigrationsDirectory(tmp.resolve("nope").toString(),
                RunnerImageProps.builder().distributionDirectory(distribution.toString()).build()))
                .hasMessageStartingWith("RunnerImage: migrationsDirectory: not a directory");
        assertThatThrownBy(() -> RunnerImage.fromMigrationsDirectory(migrations.toString(),
                RunnerImageProps.builder().distributionDirectory(tmp.toString()).build()))
                .hasMessageStartingWith("RunnerImage: distributionDirectory: no runner distribution in")
                .hasMessageContaining("MIGRATEFIRST_RUNNER_DIST");
        assertThat(RunnerImage.distribution(RunnerImageProps.builder().build(), Map.of("MIGRATEFIRST_RUNNER_DIST", "/x")))
                .isEqualTo(Path.of("/x"));
        Stack s = new Stack(new App(), "Bad");
        MigrationStackFixture f = new MigrationStackFixture(s, Path.of("migrations"), null);
        assertThatThrownBy(() -> MigrationTask.Builder.create(s, "T").vpc(f.vpc).database(f.database).image(image)
                .command(List.of("migrate")).execCommand(List.of("alembic")).build())
                .hasMessage("Bad/T: execCommand: give command or execCommand, not both");
    }
}
