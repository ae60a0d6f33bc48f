/**
 * The undo engine behind {@code runner undo}: reverting applied versioned migrations with their
 * {@code U<version>__*.sql} scripts under Flyway's own migration lock, and the round trip that proves
 * every undo script on a scratch database (apply, undo, compare the catalog snapshot, apply again).
 * JDBC, the migrations reader and the schema history ({@code runner.history}); Flyway only in the
 * round trip, which applies migrations the way {@code migrate} does and compares catalog snapshots
 * ({@code runner.undo.schema}). Knows nothing of picocli.
 */
package dev.migratefirst.runner.undo;
