/**
 * Flyway's schema history as the runner reads and changes it, shared by {@code migrate} and
 * {@code undo}: {@code SchemaHistoryTable} (its rows, deletes, lock keys), {@code AppliedMigration},
 * the two session advisory locks ({@code MigrationLock}) and the runner lock both commands hold for a
 * whole run ({@code RunnerLocks}). Depends on the runner's root package only.
 */
package dev.migratefirst.runner.history;
