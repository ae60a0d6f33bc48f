package dev.migratefirst.runner.cli;

import dev.migratefirst.runner.Env;
import dev.migratefirst.runner.RunnerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.Location;
import picocli.CommandLine.Option;

/**
 * Where the migrations are (a picocli mixin every command takes), read into Flyway's own
 * {@link Location}, so the runner and Flyway agree on what a location means.
 */
public class LocationOptions {
    /** The image's migrations folder (the Dockerfile copies migrations/ there). */
    public static final Path IMAGE_MIGRATIONS = Path.of("/app/migrations");

    @Env("MIGRATIONS_LOCATION")
    @Option(names = "--locations", split = ",", paramLabel = "LOCATION",
            description = "Migration locations in Flyway syntax, comma-separated (e.g. filesystem:migrations). "
                    + "Env: MIGRATIONS_LOCATION. Default: filesystem:/app/migrations when it exists, "
                    + "else filesystem:migrations.")
    List<String> locations;

    /**
     * The locations. A bare path is read as {@code filesystem:<path>} (Flyway itself would read it as
     * a classpath package); {@code filesystem:} and {@code classpath:} are accepted.
     *
     * @throws RunnerException (configuration error) for another prefix or a filesystem folder that does not exist
     */
    public List<Location> locations() {
        List<String> given = locations == null ? List.of() : locations.stream().map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        if (given.isEmpty()) {
            Path dir = Files.isDirectory(IMAGE_MIGRATIONS) ? IMAGE_MIGRATIONS : Path.of("migrations");
            given = List.of(dir.toString());
        }
        List<Location> result = new ArrayList<>();
        for (String l : given) {
            Location location = parse(l);
            if (isFilesystem(location) && !Files.isDirectory(folder(location))) {
                throw RunnerException.configuration("--locations/MIGRATIONS_LOCATION: migrations folder not found: "
                        + folder(location).toAbsolutePath().normalize());
            }
            result.add(location);
        }
        return List.copyOf(result);
    }

    /**
     * Whether a location is a {@code filesystem:} folder. Flyway 13 deprecates {@code isFileSystem()}
     * (as it does the {@code Location(String)} constructor) without a public replacement; the runner
     * calls such members in this class only.
     */
    @SuppressWarnings("deprecation")
    public static boolean isFilesystem(Location location) {
        return location.isFileSystem();
    }

    /** The folder of a {@code filesystem:} location. */
    public static Path folder(Location location) {
        return Path.of(location.getRootPath());
    }

    /**
     * One location as Flyway reads it. Flyway 13 deprecates the {@code Location(String)} constructor but
     * offers no other public parser of a location string, so it is called here and nowhere else.
     */
    @SuppressWarnings("deprecation")
    static Location parse(String given) {
        String descriptor = given.contains(":") ? given : Location.FILESYSTEM_PREFIX + given;
        Location location;
        try {
            location = new Location(descriptor);
        } catch (FlywayException e) {
            location = null;
        }
        if (location == null || !(isFilesystem(location) || location.isClassPath())) {
            throw RunnerException.configuration("--locations/MIGRATIONS_LOCATION: unsupported location '" + given
                    + "' (use filesystem:<path> or classpath:<package>)");
        }
        return location;
    }
}
