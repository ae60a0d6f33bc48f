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
 * @param directApply whether the runner applies plain versioned SQL migrations with its own loop
 *                    (Flyway's parser and statements, the runner's bookkeeping: two round trips per
 *                    migration instead of eighteen; see {@code DirectApply}); false: Flyway applies all
 */
public record MigrateSettings(String database, List<String> locations, Guards guards, boolean directApply) {
    public MigrateSettings {
        Objects.requireNonNull(database, "database");
        locations = List.copyOf(locations);
        Objects.requireNonNull(guards, "guards");
    }

    /** Settings with the runner's own apply loop on (the default). */
    public MigrateSettings(String database, List<String> locations, Guards guards) {
        this(database, locations, guards, true);
    }
}
