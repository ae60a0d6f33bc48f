package dev.migratefirst.safety;

import dev.migratefirst.migrations.MigrationVersion;
import dev.migratefirst.safety.size.ProductionStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to check.
 *
 * @param after        check only versioned migrations after this version; earlier ones are replayed
 *                     without being checked. Empty: check all.
 * @param repeatable   also check repeatable ({@code R__}) migrations, after the versioned ones
 * @param placeholders Flyway placeholders ({@code ${name}}) replaced in each script before it runs, as
 *                     Flyway replaces them; empty with {@code replacePlaceholders} false: scripts run as written
 * @param replacePlaceholders whether {@code ${name}} is replaced (Flyway's {@code placeholderReplacement});
 *                     a placeholder without a value is then an error naming the file
 * @param schemas      Flyway's {@code schemas}: created on the scratch database, the first one is the
 *                     search_path of every migration (Flyway's default schema); empty: {@code public}
 * @param runnerLockTimeout the lock_timeout the runner sets on its migration connection (e.g. {@code 2s}),
 *                     which covers every statement run before the migration SETs its own; empty when
 *                     the migrations run under plain Flyway or a tool under {@code exec}, which set none
 * @param stats        production statistics ({@code check --stats}): each finding whose harm is a lock held
 *                     while work runs gets an estimate at production size; empty: no estimates
 * @param maxLock      with stats: the longest lock production accepts; an estimate above it is an error,
 *                     below it an info. Empty: findings estimated under {@link Sizing#TINY} drop to info
 */
public record CheckOptions(Optional<MigrationVersion> after, boolean repeatable, Map<String, String> placeholders,
                           boolean replacePlaceholders, List<String> schemas, Optional<String> runnerLockTimeout,
                           Optional<ProductionStats> stats, Optional<Duration> maxLock) {

    public CheckOptions {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(runnerLockTimeout, "runnerLockTimeout");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(maxLock, "maxLock");
        placeholders = Map.copyOf(placeholders);
        schemas = List.copyOf(schemas);
    }

    /** Without production statistics. */
    public CheckOptions(Optional<MigrationVersion> after, boolean repeatable, Map<String, String> placeholders,
                        boolean replacePlaceholders, List<String> schemas, Optional<String> runnerLockTimeout) {
        this(after, repeatable, placeholders, replacePlaceholders, schemas, runnerLockTimeout, Optional.empty(),
                Optional.empty());
    }

    /** No placeholders replaced, the public schema, no runner lock_timeout assumed. */
    public CheckOptions(Optional<MigrationVersion> after, boolean repeatable) {
        this(after, repeatable, Map.of(), false, List.of(), Optional.empty());
    }

    /** No placeholders replaced, the public schema, the given runner lock_timeout. */
    public CheckOptions(Optional<MigrationVersion> after, boolean repeatable, Optional<String> runnerLockTimeout) {
        this(after, repeatable, Map.of(), false, List.of(), runnerLockTimeout);
    }

    /** The same options with the runner's lock_timeout assumed (or none). */
    public CheckOptions withRunnerLockTimeout(Optional<String> lockTimeout) {
        return new CheckOptions(after, repeatable, placeholders, replacePlaceholders, schemas, lockTimeout, stats,
                maxLock);
    }

    /** The same options with production statistics (and the longest lock production accepts, if given). */
    public CheckOptions withStats(ProductionStats productionStats, Optional<Duration> longestLock) {
        return new CheckOptions(after, repeatable, placeholders, replacePlaceholders, schemas, runnerLockTimeout,
                Optional.of(productionStats), longestLock);
    }

    /** Check every migration, repeatable ones included, assuming no runner lock_timeout. */
    public static CheckOptions all() {
        return new CheckOptions(Optional.empty(), true);
    }
}
