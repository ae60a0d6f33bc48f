package dev.migratefirst.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Shared by the image tests of the runner distribution (AlembicImageIT, RunnerImageIT): the
 * prerequisites (buildah, debootstrap, root, the packaged distribution; a failure instead of a skip
 * under {@code CI=true} or {@code -Dimage.test.required=true}), the Debian base with python3 and alembic
 * and no Java ({@code .ci/build-tool-base}, cached), and buildah calls.
 */
final class ToolImages {
    private ToolImages() {
    }

    /** Skips (or fails under CI) without buildah, debootstrap, root or the distribution; returns the base image. */
    static String requireBase() {
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("buildah", "debootstrap")) {
            if (Command.of(List.of("sh", "-c", "command -v " + tool)).run().exitCode() != 0) {
                missing.add(tool + " is not installed");
            }
        }
        if (!"0".equals(Command.of(List.of("id", "-u")).run().stdout().trim())) {
            missing.add("not running as root");
        }
        if (distributionTarball() == null) {
            missing.add("no target/*-runner-dist.tar.gz (run mvn package)");
        }
        if (!missing.isEmpty()) {
            String reason = "runner distribution image test: " + String.join(", ", missing)
                    + " (apt-get install -y buildah debootstrap, as root; .ci/run does it)";
            if ("true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean("image.test.required")) {
                throw new AssertionError(reason + ": required because CI=true or -Dimage.test.required=true");
            }
            System.err.println("SKIPPED " + reason);
            Assumptions.abort(reason);
        }
        Command.Result base = Command.of(List.of(".ci/build-tool-base")).timeout(Duration.ofMinutes(15)).run();
        if (base.exitCode() != 0) {
            throw new AssertionError(base.describe());
        }
        return base.stdout().trim();
    }

    /** The packaged distribution tarball, or null. */
    static Path distributionTarball() {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner-dist.tar.gz")).findFirst().orElse(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static Command.Result buildah(Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>(List.of("buildah", "--storage-driver", "vfs"));
        cmd.addAll(List.of(args));
        return Command.of(cmd).timeout(timeout).run();
    }

    /** {@code buildah run} in {@code container} on the host network, with {@code env}. */
    static List<String> run(String container, String user, List<String> env, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("buildah", "--storage-driver", "vfs", "run", "--isolation", "chroot",
                "--network", "host"));
        if (user != null) {
            cmd.addAll(List.of("--user", user));
        }
        for (String e : env) {
            cmd.addAll(List.of("--env", e));
        }
        cmd.add(container);
        cmd.add("--");
        cmd.addAll(command);
        return cmd;
    }
}
