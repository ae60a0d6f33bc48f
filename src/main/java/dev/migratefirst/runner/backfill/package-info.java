/**
 * Batched, resumable backfills ({@code D<version>__<description>.sql}, run by {@code backfill}, or in place by
 * {@code migrate} when later migrations of the same run need them): {@code BackfillScript} reads a file (header
 * {@code -- migratefirst:backfill table=... key=...}, one statement with {@code :from}/{@code :to}),
 * {@code BackfillEngine} runs it batch by batch with each batch's checkpoint ({@code Checkpoints},
 * {@code BackfillState}) committed in the batch's own transaction, and {@code BackfillGate} decides what
 * {@code migrate} does about unfinished ones. Depends on {@code history}, {@code migrate}'s {@code LockRetry}
 * and the runner's root package; knows nothing of picocli. See docs/backfill.md.
 */
package dev.migratefirst.runner.backfill;
