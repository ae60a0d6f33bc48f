package dev.migratefirst.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Copies the repository's {@code migrations/} folder (V1, V2, U1, U2) into {@code dir}. */
    public static Path copyOfRepositoryMigrations(Path dir) {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(Path.of("migrations"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
