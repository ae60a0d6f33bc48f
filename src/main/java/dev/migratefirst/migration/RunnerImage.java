package dev.migratefirst.migration;

import dev.migratefirst.internal.ValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerImageConfig;
import software.constructs.Construct;

/**
 * A runner-only image as a {@link ContainerImage}: the runner distribution (its own Java runtime) and a
 * team's migrations folder from anywhere on disk, with a Dockerfile this class writes, so the team's
 * repository needs no Dockerfile (docs/distribution.md).
 * <pre>{@code
 * MigrationTask.Builder.create(this, "Migrations")
 *         .image(RunnerImage.fromMigrationsDirectory("../service/db/migrations"))...;
 * }</pre>
 * The build context is staged in a new temporary directory when the image is created:
 * {@code migratefirst-runner/} (the distribution), {@code migrations/} and {@code Dockerfile}
 * ({@link #dockerfile()}). The image runs as uid {@link ApplicationImage#USER_ID}, holds the migrations
 * at {@link MigrationTask#IMAGE_MIGRATIONS_PATH} and its ENTRYPOINT is the runner, so the task's
 * default command {@code migrate} applies them.
 */
public final class RunnerImage extends ContainerImage {
    /** The default base image: a small glibc Debian. */
    public static final String DEFAULT_BASE_IMAGE = "debian:bookworm-slim";
    /** The variable naming the unpacked distribution when the props do not. */
    public static final String DISTRIBUTION_VARIABLE = "MIGRATEFIRST_RUNNER_DIST";
    /** The distribution {@code mvn package} builds in this repository, relative to the project directory. */
    public static final String PROJECT_DISTRIBUTION = "target/runner-dist/migratefirst-runner";
    /** Where the image holds the distribution. */
    public static final String RUNNER_HOME = "/opt/migratefirst-runner";

    private final Path context;
    private final AssetImageProps assetProps;
    private final ContainerImage asset;

    private RunnerImage(Path context, AssetImageProps assetProps) {
        this.context = context;
        this.assetProps = assetProps;
        this.asset = ContainerImage.fromAsset(context.toString(), assetProps);
    }

    /** The runner image for the migrations in {@code migrationsDirectory}, with the default options. */
    public static RunnerImage fromMigrationsDirectory(String migrationsDirectory) {
        return fromMigrationsDirectory(migrationsDirectory, RunnerImageProps.builder().build());
    }

    /**
     * The runner image for the migrations in {@code migrationsDirectory} (any folder: it is copied into
     * the staged build context).
     *
     * @throws ValidationException when the folder or the distribution is missing
     */
    public static RunnerImage fromMigrationsDirectory(String migrationsDirectory, RunnerImageProps props) {
        Objects.requireNonNull(props, "props");
        String name = RunnerImage.class.getSimpleName();
        if (migrationsDirectory == null || !Files.isDirectory(Path.of(migrationsDirectory))) {
            throw new ValidationException(name, "migrationsDirectory", "not a directory: " + migrationsDirectory);
        }
        Path distribution = distribution(props, System.getenv());
        if (!Files.isExecutable(distribution.resolve("bin/migratefirst-runner"))
                || !Files.isExecutable(distribution.resolve("runtime/bin/java"))) {
            throw new ValidationException(name, "distributionDirectory", "no runner distribution in " + distribution
                    + " (bin/migratefirst-runner and runtime/bin/java): run mvn package, or unpack the "
                    + "dev.migratefirst:migratefirst:tar.gz:runner-dist artifact and set " + DISTRIBUTION_VARIABLE);
        }
        if (props.getBaseImage() != null && props.getBaseImage().isBlank()) {
            throw new ValidationException(name, "baseImage", "must not be blank");
        }
        Path context = stage(Path.of(migrationsDirectory), distribution);
        AssetImageProps assetProps = AssetImageProps.builder()
                .file("Dockerfile")
                .platform(props.getPlatform() == null ? Platform.LINUX_AMD64 : props.getPlatform())
                .buildArgs(Map.of("BASE_IMAGE", props.getBaseImage() == null ? DEFAULT_BASE_IMAGE : props.getBaseImage()))
                .build();
        return new RunnerImage(context, assetProps);
    }

    /** The distribution folder: the prop, else {@value #DISTRIBUTION_VARIABLE}, else {@value #PROJECT_DISTRIBUTION}. */
    static Path distribution(RunnerImageProps props, Map<String, String> env) {
        String dir = props.getDistributionDirectory();
        if (dir == null || dir.isBlank()) {
            dir = env.get(DISTRIBUTION_VARIABLE);
        }
        if (dir == null || dir.isBlank()) {
            dir = PROJECT_DISTRIBUTION;
        }
        return Path.of(dir).toAbsolutePath().normalize();
    }

    /** The Dockerfile the build context holds. */
    public static String dockerfile() {
        return String.join("\n", List.of(
                "# Written by MigrateFirst's RunnerImage: the runner distribution (its own Java runtime) and the",
                "# team's migrations on a glibc base. No Java is needed in the base image.",
                "ARG BASE_IMAGE=" + DEFAULT_BASE_IMAGE,
                "FROM ${BASE_IMAGE}",
                "COPY migratefirst-runner/ " + RUNNER_HOME + "/",
                "COPY migrations/ " + MigrationTask.IMAGE_MIGRATIONS_PATH + "/",
                "ENV MIGRATIONS_LOCATION=filesystem:" + MigrationTask.IMAGE_MIGRATIONS_PATH,
                "WORKDIR /tmp",
                "USER " + ApplicationImage.USER_ID + ":" + ApplicationImage.USER_ID,
                "ENTRYPOINT [\"" + RUNNER_HOME + "/bin/migratefirst-runner\"]",
                "CMD [\"--help\"]",
                ""));
    }

    private static Path stage(Path migrations, Path distribution) {
        try {
            Path context = Files.createTempDirectory("migratefirst-runner-image");
            copyTree(distribution, context.resolve("migratefirst-runner"));
            Files.deleteIfExists(context.resolve("migratefirst-runner/runtime/.modules"));
            copyTree(migrations, context.resolve("migrations"));
            Files.writeString(context.resolve("Dockerfile"), dockerfile(), StandardCharsets.UTF_8);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("RunnerImage: cannot stage the build context: " + e.getMessage(), e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    // COPY_ATTRIBUTES keeps the executable bits of the launcher and the runtime
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Override
    public ContainerImageConfig bind(Construct scope, ContainerDefinition containerDefinition) {
        return asset.bind(scope, containerDefinition);
    }

    /** The staged build context (absolute). */
    public String getDirectory() {
        return context.toString();
    }

    /** The asset options the image is built with (Dockerfile, platform, BASE_IMAGE). */
    public AssetImageProps getAssetProps() {
        return assetProps;
    }
}
