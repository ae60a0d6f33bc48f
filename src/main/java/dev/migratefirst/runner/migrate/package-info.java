/**
 * {@code migrate}'s engine: {@code MigrateEngine} takes {@code MigrateSettings}, a guarded Flyway
 * configuration and connections, and returns a {@code MigrateOutcome}, retrying lock timeouts
 * ({@code LockRetry}), dropping INVALID indexes a failed {@code CREATE INDEX CONCURRENTLY} left
 * ({@code InvalidIndexes}) and reporting each migration ({@code ProgressCallback}).
 * {@code FlywaySupport} quiets Flyway's log and classifies its failures. Knows nothing of picocli.
 */
package dev.migratefirst.runner.migrate;
