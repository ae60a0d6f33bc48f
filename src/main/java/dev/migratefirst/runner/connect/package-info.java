/**
 * Reaching PostgreSQL: {@code ConnectionSettings} (DATABASE_URL, DB_SECRET, DB_HOST..., PG* in that
 * order), {@code SslMode}, the {@code GuardedDataSource} that sets lock_timeout on every connection,
 * retries while the database is unreachable and cancels on SIGTERM, and the throwaway servers
 * ({@code ScratchPostgres}, {@code PostgresBinaries}) of {@code check} and {@code --embedded}. Depends
 * on the runner's root package only.
 */
package dev.migratefirst.runner.connect;
