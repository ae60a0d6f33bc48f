package dev.migratefirst.migration;

import dev.migratefirst.internal.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.IgnoreMode;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerImageConfig;
import software.constructs.Construct;

/**
 * The MigrateFirst application image as a {@link ContainerImage}: {@code app-image/Dockerfile} built
 * as a CDK image asset with the project root as build context, after {@code mvn package} made
 * {@code target/app-image/} (docs/image.md).
 *
 * <p>One image, two uses: the migration task runs the runner (the image's ENTRYPOINT, command
 * {@code migrate}); the service runs {@link #SERVE_ENTRYPOINT} on {@link #SERVICE_PORT}.
 * <pre>{@code
 * ContainerImage image = ApplicationImage.fromProjectDirectory(".");
 * MigrationTask.Builder.create(this, "Migrations").image(image)...;
 * taskDefinition.addContainer("App", ContainerDefinitionOptions.builder()
 *         .image(image).entryPoint(ApplicationImage.SERVE_ENTRYPOINT)
 *         .portMappings(List.of(PortMapping.builder().containerPort(ApplicationImage.SERVICE_PORT).build()))...);
 * }</pre>
 *
 * <p>The build context admits only {@link #CONTEXT_PATTERNS} (the same as the root
 * {@code .dockerignore}), so the staged asset holds runner.jar, lib/, migrations/ and app-image/, never
 * node_modules, src, target/classes or cdk.out. When {@code target/app-image/runner.jar} is missing, or
 * older than the compiled classes it should hold (a stale jar would deploy old runner code), binding the
 * image fails under the CDK CLI ({@code cdk synth}, {@code cdk deploy}: "run mvn package first") and
 * adds a warning otherwise (unit tests run before {@code package}).
 */
public final class ApplicationImage extends ContainerImage {
    /** The Dockerfile, relative to the project directory. */
    public static final String DOCKERFILE = "app-image/Dockerfile";
    /** The runnable jar that {@code mvn package} builds, relative to the project directory. */
    public static final String RUNNER_JAR = "target/app-image/runner.jar";
    /**
     * The build context's ignore patterns ({@link IgnoreMode#DOCKER} syntax): everything but what the
     * Dockerfile copies. The root {@code .dockerignore} holds the same lines for {@code docker build}.
     */
    public static final List<String> CONTEXT_PATTERNS =
            List.of("*", "!app-image/", "!target/app-image/", "!migrations/");
    /** The entry point of the example service: {@code /app/bin/serve} (DemoApp, port 8080). */
    public static final List<String> SERVE_ENTRYPOINT = List.of("/app/bin/serve");
    /** The port the example service listens on (its {@code PORT} environment variable overrides it). */
    public static final int SERVICE_PORT = 8080;
    /** Where the image holds the migrations ({@code filesystem:/app/migrations} in Flyway's syntax). */
    public static final String MIGRATIONS_PATH = "/app/migrations";
    /** The numeric uid (and gid) the image runs as: never root. */
    public static final int USER_ID = 10001;

    /** The packages runner.jar holds (pom.xml, runner-jar execution). */
    private static final List<String> IMAGE_PACKAGES = List.of("dev/migratefirst/runner", "dev/migratefirst/safety",
            "dev/migratefirst/migrations", "dev/migratefirst/demoapp");

    private final Path directory;
    private final AssetImageProps assetProps;
    private final ContainerImage asset;

    private ApplicationImage(Path directory, AssetImageProps assetProps) {
        this.directory = directory;
        this.assetProps = assetProps;
        this.asset = ContainerImage.fromAsset(directory.toString(), assetProps);
    }

    /**
     * The application image of the project in {@code directory} (the repository root: it holds
     * {@code app-image/Dockerfile}, {@code target/app-image/} and {@code migrations/}), with the
     * public base image and the linux/amd64 platform.
     *
     * @throws IllegalArgumentException when {@code directory} has no {@code app-image/Dockerfile}
     */
    public static ApplicationImage fromProjectDirectory(String directory) {
        return fromProjectDirectory(directory, ApplicationImageProps.builder().build());
    }

    /**
     * The application image of the project in {@code directory}, with options.
     *
     * @throws IllegalArgumentException when {@code directory} has no {@code app-image/Dockerfile}
     */
    public static ApplicationImage fromProjectDirectory(String directory, ApplicationImageProps props) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(props, "props");
        Path dir = Path.of(directory).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve(DOCKERFILE))) {
            throw new ValidationException(ApplicationImage.class.getSimpleName(), "directory", "no " + DOCKERFILE
                    + " in " + dir + " (it must be the MigrateFirst project root)");
        }
        Map<String, String> buildArgs = new LinkedHashMap<>();
        if (props.getBaseImage() != null) {
            if (props.getBaseImage().isBlank()) {
                throw new ValidationException(ApplicationImage.class.getSimpleName(), "baseImage", "must not be blank");
            }
            buildArgs.put("BASE_IMAGE", props.getBaseImage());
        }
        AssetImageProps assetProps = AssetImageProps.builder()
                .file(DOCKERFILE)
                .ignoreMode(IgnoreMode.DOCKER)
                .exclude(CONTEXT_PATTERNS)
                .platform(props.getPlatform() == null ? Platform.LINUX_AMD64 : props.getPlatform())
                .buildArgs(buildArgs.isEmpty() ? null : Map.copyOf(buildArgs))
                .build();
        return new ApplicationImage(dir, assetProps);
    }

    @Override
    public ContainerImageConfig bind(Construct scope, ContainerDefinition containerDefinition) {
        checkRunnerJar(directory, System.getenv(), scope);
        return asset.bind(scope, containerDefinition);
    }

    /**
     * Fails when the runner jar cannot be shipped and the CDK CLI runs the app ({@code CDK_OUTDIR} set:
     * the asset is about to be built and deployed); adds a warning to {@code scope} otherwise.
     *
     * @throws IllegalStateException naming the jar and "run mvn package first"
     */
    static void checkRunnerJar(Path projectDirectory, Map<String, String> env, Construct scope) {
        Optional<String> problem = runnerJarProblem(projectDirectory);
        if (problem.isEmpty()) {
            return;
        }
        if (env.get("CDK_OUTDIR") != null) {
            throw new IllegalStateException(problem.get());
        }
        Annotations.of(scope).addWarningV2("migratefirst:runnerJar", problem.get());
    }

    /**
     * Why {@code target/app-image/runner.jar} cannot be shipped as is: missing, or older than the
     * compiled classes of the image packages in {@code target/classes} (a class there that the jar
     * lacks or holds with other bytes). Empty when it is current.
     */
    static Optional<String> runnerJarProblem(Path projectDirectory) {
        Path jar = projectDirectory.resolve(RUNNER_JAR);
        String fix = ": run mvn package first (it builds target/app-image/, which app-image/Dockerfile copies)";
        if (!Files.isRegularFile(jar)) {
            return Optional.of("ApplicationImage: " + jar + " is missing" + fix);
        }
        Path classes = projectDirectory.resolve("target/classes");
        try (JarFile runner = new JarFile(jar.toFile())) {
            for (String pkg : IMAGE_PACKAGES) {
                Path dir = classes.resolve(pkg);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                        String entry = classes.relativize(f).toString().replace('\\', '/');
                        JarEntry inJar = runner.getJarEntry(entry);
                        if (inJar == null || !Arrays.equals(Files.readAllBytes(f), read(runner, inJar))) {
                            return Optional.of("ApplicationImage: " + jar + " is older than target/classes ("
                                    + entry + " changed)" + fix);
                        }
                    }
                }
            }
        } catch (IOException e) {
            return Optional.of("ApplicationImage: cannot read " + jar + " (" + e.getMessage() + ")" + fix);
        }
        return Optional.empty();
    }

    private static byte[] read(JarFile jar, JarEntry entry) throws IOException {
        try (InputStream in = jar.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    /** The project directory (absolute), the image's build context. */
    public String getDirectory() {
        return directory.toString();
    }

    /** The asset options the image is built with (Dockerfile, ignore patterns, platform, build args). */
    public AssetImageProps getAssetProps() {
        return assetProps;
    }
}
