package dev.migratefirst.runner.backfill;

import java.time.Instant;
import java.util.Optional;

/**
 * One row of the checkpoint table: where a backfill stands. Written in the same transaction as each
 * batch, so it always says exactly which keys are done.
 *
 * @param version       the backfill's version ({@code 3} for {@code D3__...})
 * @param script        its file name
 * @param checksum      SHA-256 of the file it was started with
 * @param rangeMin      the smallest key when it started
 * @param rangeMax      the largest key when it started (rows added later are the new app version's)
 * @param nextFrom      the first key not done yet ({@code > rangeMax}: every batch is done)
 * @param rowsDone      rows the statement reported changed, over all batches
 * @param rowsEstimated rows in the table when it started (the planner's estimate, or a count)
 * @param batches       batches committed
 * @param batchSize     the batch size (keys) the last batch used
 * @param state         {@code running} or {@code done}
 * @param startedAt     when the first runner started it
 * @param updatedAt     when the last batch committed
 * @param finishedAt    when it was done
 */
public record BackfillState(String version, String script, String checksum, long rangeMin, long rangeMax,
                            long nextFrom, long rowsDone, long rowsEstimated, long batches, long batchSize,
                            String state, Instant startedAt, Instant updatedAt, Optional<Instant> finishedAt) {

    /** The state of a finished backfill. */
    public static final String DONE = "done";
    /** The state of a started, unfinished backfill. */
    public static final String RUNNING = "running";

    /** Whether every batch is done. */
    public boolean done() {
        return DONE.equals(state);
    }

    /** Keys done over keys in the range, 0 to 100. */
    public double percent() {
        long total = rangeMax - rangeMin + 1;
        if (total <= 0) {
            return 100.0;
        }
        return Math.min(100.0, 100.0 * Math.max(0, nextFrom - rangeMin) / total);
    }
}
