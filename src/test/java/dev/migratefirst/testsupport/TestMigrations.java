package dev.migratefirst.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Migration folders for tests: written on the spot, or a copy of the repository's {@code migrations/}. */
public final class TestMigrations {
    private TestMigrations() {
    }

    /** Writes the given files (name, SQL, name, SQL, ...) into {@code dir}, creating it if needed. */
    public static Path migrations(Path dir, String... nameAndSql) {
        if (nameAndSql.length % 2 != 0) {
            throw new IllegalArgumentException("migrations(dir, name, sql, ...): a name without SQL");
        }
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < nameAndSql.length; i += 2) {
                Files.writeString(dir.resolve(nameAndSql[i]), nameAndSql[i + 1], StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /**
     * Copies the repository's {@code migrations/} folder into {@code dir}: V1, V2 (the example app's users) and
     * the worked backfill example (V3 expand, D3 backfill, V4-V6 contract), with their undo scripts.
     */
    public static Path copyOfRepositoryMigrations(Path dir) {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(Path.of("migrations"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /**
     * Copies the example app's first two migrations of the repository's {@code migrations/} (V1 creates
     * {@code users}, V2 adds {@code profile_picture}) with their undo scripts: a base for tests that add
     * their own V3 and later.
     */
    public static Path copyOfTheUsersMigrations(Path dir) {
        return repositoryMigrations(dir, "V1__create_users.sql", "U1__create_users.sql",
                "V2__add_profile_picture.sql", "U2__add_profile_picture.sql");
    }

    /** Copies the named files of the repository's {@code migrations/} folder into {@code dir}. */
    public static Path repositoryMigrations(Path dir, String... names) {
        try {
            Files.createDirectories(dir);
            for (String name : names) {
                Files.copy(Path.of("migrations", name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
