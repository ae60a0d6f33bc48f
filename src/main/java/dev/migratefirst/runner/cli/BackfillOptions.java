package dev.migratefirst.runner.cli;

import dev.migratefirst.runner.Env;
import dev.migratefirst.runner.Guards;
import dev.migratefirst.runner.RunnerException;
import dev.migratefirst.runner.backfill.BackfillSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/**
 * How {@code backfill} paces its batches (a picocli mixin of {@code backfill}, and of {@code migrate}, which
 * runs a backfill in place when the migrations after it arrive in the same run). See docs/backfill.md.
 */
public class BackfillOptions {
    @Env("BACKFILL_BATCH_DURATION")
    @Option(names = "--batch-duration", paramLabel = "DURATION", defaultValue = "200ms",
            converter = DurationConverter.class,
            description = "Target duration of one batch: the batch size adapts toward it. Env: BACKFILL_BATCH_DURATION. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration batchDuration;

    @Env("BACKFILL_PAUSE")
    @Option(names = "--batch-pause", paramLabel = "DURATION", defaultValue = "20ms", converter = DurationConverter.class,
            description = "Pause after each batch. Env: BACKFILL_PAUSE. Default: ${DEFAULT-VALUE}.")
    Duration pause;

    @Env("BACKFILL_BATCH_SIZE")
    @Option(names = "--batch-size", paramLabel = "KEYS", defaultValue = "1000",
            description = "Keys in the first batch (a file's header batch-size wins). Env: BACKFILL_BATCH_SIZE. "
                    + "Default: ${DEFAULT-VALUE}.")
    long batchSize;

    @Env("BACKFILL_MAX_BATCH_SIZE")
    @Option(names = "--max-batch-size", paramLabel = "KEYS", defaultValue = "1000000",
            description = "Largest batch, in keys. Env: BACKFILL_MAX_BATCH_SIZE. Default: ${DEFAULT-VALUE}.")
    long maxBatchSize;

    @Env("BACKFILL_MAX_REPLICATION_LAG")
    @Option(names = "--max-replication-lag", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Wait before a batch while a replica's replay_lag (pg_stat_replication) is above this. "
                    + "Env: BACKFILL_MAX_REPLICATION_LAG. Default: no ceiling.")
    Duration maxReplicationLag;

    @Env("BACKFILL_MAX_LOCK_WAITERS")
    @Option(names = "--max-lock-waiters", paramLabel = "N",
            description = "Wait before a batch while more than N sessions of the database wait for a lock "
                    + "(pg_stat_activity). Env: BACKFILL_MAX_LOCK_WAITERS. Default: no ceiling.")
    Integer maxLockWaiters;

    @Env("BACKFILL_PROGRESS_INTERVAL")
    @Option(names = "--progress-interval", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How often a progress line is printed. Env: BACKFILL_PROGRESS_INTERVAL. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration progressInterval;

    /**
     * The settings of these options.
     *
     * @throws RunnerException (configuration error) naming the option that is out of range
     */
    BackfillSettings settings(Guards guards) {
        if (batchDuration.isZero()) {
            throw RunnerException.configuration("--batch-duration/BACKFILL_BATCH_DURATION must be greater than 0");
        }
        if (batchSize < 1 || maxBatchSize < 1) {
            throw RunnerException.configuration("--batch-size and --max-batch-size must be at least 1");
        }
        if (maxLockWaiters != null && maxLockWaiters < 0) {
            throw RunnerException.configuration("--max-lock-waiters/BACKFILL_MAX_LOCK_WAITERS must be 0 or more");
        }
        return new BackfillSettings(guards, batchDuration, pause, batchSize, maxBatchSize,
                Optional.ofNullable(maxReplicationLag),
                maxLockWaiters == null ? OptionalInt.empty() : OptionalInt.of(maxLockWaiters), progressInterval);
    }
}
