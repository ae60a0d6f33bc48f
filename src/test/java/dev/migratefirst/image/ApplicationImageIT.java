package dev.migratefirst.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.migration.ApplicationImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;

/**
 * The image asset of this repository after {@code mvn package}: the staged build context in cdk.out
 * holds exactly what app-image/Dockerfile copies, byte for byte, and nothing large besides.
 */
class ApplicationImageIT {
    /** runner.jar, lib/ (8 MB), the jlink runtime (40 MB), the PostgreSQL binaries (15 MB), migrations. */
    private static final long MAX_CONTEXT_BYTES = 80L * 1024 * 1024;

    @TempDir
    static Path outdir;
    private static Path staged;
    private static Stack stack;

    @BeforeAll
    static void synthesize() throws IOException {
        App app = new App(AppProps.builder().outdir(outdir.toString()).build());
        stack = new Stack(app, "Image");
        new FargateTaskDefinition(stack, "Task").addContainer("Migrate",
                ContainerDefinitionOptions.builder().image(ApplicationImage.fromProjectDirectory(".")).build());
        app.synth();
        JsonNode images = new ObjectMapper().readTree(outdir.resolve("Image.assets.json").toFile()).get("dockerImages");
        staged = outdir.resolve(images.elements().next().get("source").get("directory").asText());
    }

    private static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void stagedContextIsWhatTheDockerfileCopies() throws IOException {
        Set<String> expected = new TreeSet<>();
        expected.add(".dockerignore");
        for (String dir : new String[] {"app-image", "target/app-image", "migrations"}) {
            files(Path.of(dir)).forEach(f -> expected.add(dir + "/" + f));
        }
        assertThat(files(staged)).isEqualTo(expected);
        assertThat(staged.resolve("target/app-image/runner.jar")).hasSameBinaryContentAs(
                Path.of("target/app-image/runner.jar"));
        assertThat(staged.resolve("app-image/serve")).isExecutable();
        for (String never : new String[] {"src", "node_modules", "cdk.out", "target/classes", "pom.xml", ".git"}) {
            assertThat(staged.resolve(never)).doesNotExist();
        }
    }

    @Test
    void freshlyPackagedRunnerJarIsCurrent() {
        Annotations.fromStack(stack).hasNoWarning("*", Match.stringLikeRegexp(".*runner.jar.*"));
    }

    @Test
    void stagedContextIsSmall() throws IOException {
        long bytes;
        try (Stream<Path> walk = Files.walk(staged)) {
            bytes = walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        System.err.println("image asset: staged build context " + bytes / 1024 + " KiB");
        assertThat(bytes).isLessThan(MAX_CONTEXT_BYTES);
    }
}
