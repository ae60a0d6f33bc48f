package dev.migratefirst.runner.migrate;

import dev.migratefirst.runner.Guards;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link MigrateEngine} run is told.
 *
 * @param database  the target as it may be printed ({@code host:port/db as user}, never a password)
 * @param locations the migration locations in Flyway syntax, for the start line
 * @param guards    lock_timeout, lock retries and their backoff, the advisory lock wait
 */
public record MigrateSettings(String database, List<String> locations, Guards guards) {
    public MigrateSettings {
        Objects.requireNonNull(database, "database");
        locations = List.copyOf(locations);
        Objects.requireNonNull(guards, "guards");
    }
}
