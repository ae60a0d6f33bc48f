package dev.migratefirst.migrations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of Flyway SQL migrations ({@code V<n>__*.sql}, {@code U<n>__*.sql}, {@code R__*.sql}) and the
 * runner's batched backfills ({@code D<n>__*.sql}, which Flyway skips),
 * read the same way by the CDK side (for the deploy gate's fingerprint) and by the runner.
 * Sub-folders are read too, as Flyway does for a {@code filesystem:} location.
 */
public final class MigrationsFolder {
    private static final Pattern NAME =
            Pattern.compile("^(?<kind>[VURD])(?<version>[0-9][0-9._]*)?__(?<description>.+)\\.sql$");

    private final Path root;
    private final List<MigrationFile> files;

    private MigrationsFolder(Path root, List<MigrationFile> files) {
        this.root = root;
        this.files = files;
    }

    /**
     * Reads every migration file below {@code root}.
     *
     * @throws IllegalArgumentException when the folder does not exist, or a {@code .sql} file has a
     *                                  name Flyway would not read as a migration (naming the file)
     */
    public static MigrationsFolder read(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("migrations folder not found: " + root);
        }
        List<MigrationFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                String name = p.getFileName().toString();
                if (!name.endsWith(".sql")) {
                    continue;
                }
                files.add(parse(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migrations folder " + root, e);
        }
        files.sort(ORDER);
        return new MigrationsFolder(root, List.copyOf(files));
    }

    private static final Comparator<MigrationFile> ORDER = Comparator
            .comparing(MigrationFile::kind)
            .thenComparing(f -> f.version().orElse(null), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(MigrationFile::description);

    static MigrationFile parse(Path p) {
        String name = p.getFileName().toString();
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a migration file name (expected V<version>__<description>.sql, "
                    + "U<version>__<description>.sql, R__<description>.sql or D<version>__<description>.sql): " + p);
        }
        MigrationKind kind = switch (m.group("kind")) {
            case "V" -> MigrationKind.VERSIONED;
            case "U" -> MigrationKind.UNDO;
            case "D" -> MigrationKind.BACKFILL;
            default -> MigrationKind.REPEATABLE;
        };
        String v = m.group("version");
        Optional<MigrationVersion> version = v == null ? Optional.empty() : Optional.of(MigrationVersion.parse(v));
        if (kind == MigrationKind.REPEATABLE && version.isPresent()) {
            throw new IllegalArgumentException("a repeatable migration takes no version (R__<description>.sql): " + p);
        }
        if (kind != MigrationKind.REPEATABLE && version.isEmpty()) {
            throw new IllegalArgumentException("missing version in migration file name: " + p);
        }
        return new MigrationFile(kind, version, m.group("description").replace('_', ' '), p);
    }

    /** The folder that was read. */
    public Path root() {
        return root;
    }

    /** All migration files: versioned in version order, then undo, then repeatable, then backfills. */
    public List<MigrationFile> files() {
        return files;
    }

    /** Versioned migrations in the order Flyway applies them. */
    public List<MigrationFile> versioned() {
        return files.stream().filter(f -> f.kind() == MigrationKind.VERSIONED).toList();
    }

    /** Repeatable migrations, by description. */
    public List<MigrationFile> repeatable() {
        return files.stream().filter(f -> f.kind() == MigrationKind.REPEATABLE).toList();
    }

    /** Backfills ({@code D<n>__}) in version order: the order {@code backfill} runs them. */
    public List<MigrationFile> backfills() {
        return files.stream().filter(f -> f.kind() == MigrationKind.BACKFILL).toList();
    }

    /** The undo script of a version, if the folder has one. */
    public Optional<MigrationFile> undoOf(MigrationVersion version) {
        return files.stream()
                .filter(f -> f.kind() == MigrationKind.UNDO && f.version().orElseThrow().equals(version))
                .findFirst();
    }

    /** The fingerprint of this folder's migration files (see {@link Fingerprint#of(MigrationsFolder)}). */
    public String fingerprint() {
        return Fingerprint.of(this);
    }
}
