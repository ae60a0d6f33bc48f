package dev.migratefirst.migrations;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One SQL migration file of a migrations folder, with the parts of its name that Flyway reads.
 *
 * @param kind        versioned, undo or repeatable
 * @param version     the version as written in the file name ({@code "1"}, {@code "1.2"}); empty for repeatable
 * @param description the description part of the name, underscores turned into spaces
 * @param path        the file
 */
public record MigrationFile(MigrationKind kind, Optional<MigrationVersion> version, String description, Path path) {

    public MigrationFile {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(path, "path");
        if (kind == MigrationKind.REPEATABLE && version.isPresent()) {
            throw new IllegalArgumentException("a repeatable migration has no version: " + path);
        }
        if (kind != MigrationKind.REPEATABLE && version.isEmpty()) {
            throw new IllegalArgumentException("a " + kind + " migration needs a version: " + path);
        }
    }

    /** The file name, e.g. {@code V2__add_profile_picture.sql}. */
    public String fileName() {
        return path.getFileName().toString();
    }
}
