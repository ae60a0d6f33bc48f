package dev.migratefirst.runner.migrate;

import java.util.Optional;

/**
 * What a {@link MigrateEngine} run applied.
 *
 * @param applied        migrations applied (0 when the schema was up to date)
 * @param initialVersion the schema version before the run; empty for an empty schema
 * @param targetVersion  the schema version after the run; empty when nothing was applied
 * @param durationMillis wall time of the run, connecting included
 * @param appliedDirectly of {@code applied}, how many the runner's own loop applied ({@code DirectApply});
 *                        the rest Flyway applied
 */
public record MigrateOutcome(int applied, Optional<String> initialVersion, Optional<String> targetVersion,
                             long durationMillis, int appliedDirectly) {
}
