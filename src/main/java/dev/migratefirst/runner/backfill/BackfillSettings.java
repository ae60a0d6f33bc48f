package dev.migratefirst.runner.backfill;

import dev.migratefirst.runner.Guards;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How {@code backfill} paces its batches.
 *
 * @param guards              the run's guards: lock_timeout of each batch, lock retries, advisory lock wait
 * @param targetBatchDuration the batch duration the batch size adapts toward (each batch's size is scaled by
 *                            target / measured, at most halved or doubled per batch)
 * @param pause               the pause after each batch (other sessions get the rows, replicas catch up)
 * @param initialBatchSize    keys in the first batch, unless the file's header says {@code batch-size}
 * @param maxBatchSize        the largest batch in keys
 * @param maxReplicationLag   when set: before a batch, wait while the largest {@code replay_lag} in
 *                            {@code pg_stat_replication} is above it
 * @param maxLockWaiters      when set: before a batch, wait while more sessions of this database than this
 *                            wait for a lock ({@code pg_stat_activity.wait_event_type = 'Lock'})
 * @param progressInterval    how often a progress line is printed (and once at the end)
 */
public record BackfillSettings(Guards guards, Duration targetBatchDuration, Duration pause, long initialBatchSize,
                               long maxBatchSize, Optional<Duration> maxReplicationLag, OptionalInt maxLockWaiters,
                               Duration progressInterval) {

    /** The defaults: 200 ms batches, 20 ms pause, 1,000 keys to start, at most 1,000,000, progress every 10 s. */
    public static BackfillSettings defaults(Guards guards) {
        return new BackfillSettings(guards, Duration.ofMillis(200), Duration.ofMillis(20), 1_000, 1_000_000,
                Optional.empty(), OptionalInt.empty(), Duration.ofSeconds(10));
    }

    public BackfillSettings {
        Objects.requireNonNull(guards, "guards");
        Objects.requireNonNull(targetBatchDuration, "targetBatchDuration");
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(maxReplicationLag, "maxReplicationLag");
        Objects.requireNonNull(maxLockWaiters, "maxLockWaiters");
        Objects.requireNonNull(progressInterval, "progressInterval");
        if (targetBatchDuration.isNegative() || targetBatchDuration.isZero() || pause.isNegative()
                || initialBatchSize < 1 || maxBatchSize < 1 || progressInterval.isNegative()) {
            throw new IllegalArgumentException("backfill settings: durations must be positive, batch sizes at least 1");
        }
    }
}
