package dev.migratefirst.runner.undo;

import dev.migratefirst.migrations.MigrationVersion;
import java.util.List;

/**
 * What a passing round trip did.
 *
 * @param proven       versions applied, undone to the same schema and re-applied, in order
 * @param irreversible versions marked irreversible, applied only
 */
public record RoundTripResult(List<MigrationVersion> proven, List<MigrationVersion> irreversible) {
    public RoundTripResult {
        proven = List.copyOf(proven);
        irreversible = List.copyOf(irreversible);
    }
}
