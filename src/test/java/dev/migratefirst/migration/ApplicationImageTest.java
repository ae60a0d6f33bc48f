package dev.migratefirst.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;

/**
 * What the image asset stages, on a throwaway project laid out like this repository (with the large
 * things the build context must never carry), synthesized once.
 */
class ApplicationImageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    private static Path project;
    private static Path outdir;
    private static Stack complete;
    private static Stack withoutJar;
    private static ApplicationImage image;
    private static CloudAssembly assembly;

    @BeforeAll
    static void synthesize() throws IOException {
        project = tmp.resolve("project");
        Path repo = Path.of("").toAbsolutePath();
        write(project.resolve("app-image/Dockerfile"), Files.readString(repo.resolve("app-image/Dockerfile")));
        write(project.resolve("app-image/serve"), Files.readString(repo.resolve("app-image/serve")));
        write(project.resolve(".dockerignore"), Files.readString(repo.resolve(".dockerignore")));
        write(project.resolve("migrations/V1__create_users.sql"), "CREATE TABLE users (id bigint);");
        write(project.resolve("migrations/nested/V2__more.sql"), "ALTER TABLE users ADD COLUMN x int;");
        writeJar(project.resolve("target/app-image/runner.jar"), Map.of("dev/migratefirst/runner/Main.class", "main"));
        write(project.resolve("target/classes/dev/migratefirst/runner/Main.class"), "main");
        write(project.resolve("target/app-image/lib/flyway-core.jar"), "flyway");
        // what must stay out of the build context
        write(project.resolve("node_modules/aws-cdk/big.js"), "x".repeat(100_000));
        write(project.resolve("src/main/java/App.java"), "class App {}");
        write(project.resolve("target/classes/App.class"), "class");
        write(project.resolve("target/migratefirst-0.1.0-SNAPSHOT.jar"), "jar");
        write(project.resolve("cdk.out/manifest.json"), "{}");
        write(project.resolve("pom.xml"), "<project/>");
        write(project.resolve(".git/HEAD"), "ref: refs/heads/main");

        Path noJar = tmp.resolve("no-jar");
        write(noJar.resolve("app-image/Dockerfile"), "FROM scratch");

        outdir = tmp.resolve("cdk.out");
        App app = new App(AppProps.builder().outdir(outdir.toString()).build());
        complete = new Stack(app, "Complete");
        image = ApplicationImage.fromProjectDirectory(project.toString(),
                ApplicationImageProps.builder().baseImage("localhost/jre-base").build());
        FargateTaskDefinition task = new FargateTaskDefinition(complete, "Task");
        task.addContainer("Migrate", ContainerDefinitionOptions.builder().image(image).build());
        task.addContainer("Serve", ContainerDefinitionOptions.builder().image(image)
                .entryPoint(ApplicationImage.SERVE_ENTRYPOINT).essential(false).build());

        withoutJar = new Stack(app, "WithoutJar");
        new FargateTaskDefinition(withoutJar, "Task").addContainer("Migrate", ContainerDefinitionOptions.builder()
                .image(ApplicationImage.fromProjectDirectory(noJar.toString())).build());
        assembly = app.synth();
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static void writeJar(Path file, Map<String, String> entries) throws IOException {
        Files.createDirectories(file.getParent());
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
    }

    private static JsonNode dockerImages(String stack) throws IOException {
        return JSON.readTree(outdir.resolve(stack + ".assets.json").toFile()).get("dockerImages");
    }

    private static Set<String> filesUnder(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void stagedContextHoldsExactlyWhatTheDockerfileCopies() throws IOException {
        JsonNode images = dockerImages("Complete");
        assertThat(images.size()).as("both containers share one asset").isEqualTo(1);
        JsonNode source = images.elements().next().get("source");
        Set<String> staged = filesUnder(outdir.resolve(source.get("directory").asText()));
        assertThat(staged).containsExactlyInAnyOrder(
                ".dockerignore",
                "app-image/Dockerfile", "app-image/serve",
                "migrations/V1__create_users.sql", "migrations/nested/V2__more.sql",
                "target/app-image/runner.jar", "target/app-image/lib/flyway-core.jar");
        assertThat(staged).noneMatch(f -> f.startsWith("target/classes") || f.startsWith("src/")
                || f.startsWith("node_modules/") || f.startsWith("cdk.out/"));
    }

    @Test
    void builtFromAppImageDockerfileForAmd64WithTheBaseImageArgument() throws IOException {
        JsonNode source = dockerImages("Complete").elements().next().get("source");
        assertThat(source.get("dockerFile").asText()).isEqualTo("app-image/Dockerfile");
        assertThat(source.get("platform").asText()).isEqualTo("linux/amd64");
        assertThat(source.get("dockerBuildArgs").get("BASE_IMAGE").asText()).isEqualTo("localhost/jre-base");
        assertThat(image.getDirectory()).isEqualTo(project.toString());
        assertThat(image.getAssetProps().getExclude()).isEqualTo(ApplicationImage.CONTEXT_PATTERNS);
    }

    @Test
    void serviceContainerUsesTheServeEntrypoint() {
        Template.fromStack(complete).hasResourceProperties(
                "AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Name", "Serve", "EntryPoint", List.of("/app/bin/serve")))))));
    }

    @Test
    void missingRunnerJarIsAWarningOutsideTheCdkCli() {
        assertThat(warnings(withoutJar)).anySatisfy(w -> assertThat(w).startsWith("/WithoutJar/Task/Migrate: ")
                .contains("target/app-image/runner.jar is missing: run mvn package first"));
        assertThat(warnings(complete)).noneMatch(w -> w.contains("runner.jar"));
    }

    /**
     * "path: message" of the stack's warnings, read from the one synthesized assembly
     * (Annotations.fromStack would synthesize the app again, re-staging the image assets, per call).
     */
    @SuppressWarnings("deprecation") // cxapi read API: deprecated for the TS toolkit library, no Java binding
    private static List<String> warnings(Stack stack) {
        return assembly.getStackByName(stack.getStackName()).findMetadataByType("aws:cdk:warning").stream()
                .map(e -> e.getPath() + ": " + e.getData())
                .collect(Collectors.toList());
    }

    @Test
    void missingRunnerJarFailsUnderTheCdkCli() {
        Stack scope = new Stack(new App(), "Cli");
        assertThatThrownBy(() -> ApplicationImage.checkRunnerJar(tmp.resolve("no-jar"),
                Map.of("CDK_OUTDIR", "/tmp/cdk.out"), scope))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-jar/target/app-image/runner.jar is missing: run mvn package first");
        ApplicationImage.checkRunnerJar(project, Map.of("CDK_OUTDIR", "/tmp/cdk.out"), scope); // current: no error
    }

    @Test
    void aRunnerJarOlderThanTheCompiledClassesIsReported() throws IOException {
        Path p = tmp.resolve("stale");
        Path classes = p.resolve("target/classes/dev/migratefirst");
        write(classes.resolve("runner/Main.class"), "main v2");
        write(classes.resolve("app/ExampleApp.class"), "not in the image: ignored");
        writeJar(p.resolve("target/app-image/runner.jar"), Map.of("dev/migratefirst/runner/Main.class", "main v1"));
        assertThat(ApplicationImage.runnerJarProblem(p)).hasValueSatisfying(m -> assertThat(m)
                .contains("runner.jar is older than target/classes (dev/migratefirst/runner/Main.class changed)")
                .endsWith("run mvn package first (it builds target/app-image/, which app-image/Dockerfile copies)"));

        writeJar(p.resolve("target/app-image/runner.jar"), Map.of("dev/migratefirst/runner/Main.class", "main v2"));
        assertThat(ApplicationImage.runnerJarProblem(p)).isEmpty();

        write(classes.resolve("demoapp/DemoApp.class"), "new class");
        assertThat(ApplicationImage.runnerJarProblem(p)).hasValueSatisfying(m -> assertThat(m)
                .contains("(dev/migratefirst/demoapp/DemoApp.class changed)"));

        write(p.resolve("target/app-image/runner.jar"), "not a jar");
        assertThat(ApplicationImage.runnerJarProblem(p)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("ApplicationImage: cannot read"));
    }

    @Test
    void aDirectoryWithoutTheDockerfileIsRefused() {
        assertThatThrownBy(() -> ApplicationImage.fromProjectDirectory(tmp.resolve("nowhere").toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no app-image/Dockerfile in")
                .hasMessageContaining("project root");
        assertThatThrownBy(() -> ApplicationImage.fromProjectDirectory(project.toString(),
                ApplicationImageProps.builder().baseImage(" ").build()))
                .hasMessage("ApplicationImage: baseImage: must not be blank");
    }

    @Test
    void rootDockerignoreMatchesTheAssetPatterns() throws IOException {
        List<String> lines = Files.readAllLines(Path.of(".dockerignore")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
        assertThat(lines).isEqualTo(ApplicationImage.CONTEXT_PATTERNS);
    }
}
