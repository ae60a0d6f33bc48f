/**
 * A schema snapshot read from PostgreSQL's catalog, and the differences between two snapshots. JDBC
 * only (no Flyway, no runner): the runner's undo round trip compares the schema before a migration
 * with the schema after its undo, and the safety check may reuse it.
 */
package dev.migratefirst.safety.schema;
