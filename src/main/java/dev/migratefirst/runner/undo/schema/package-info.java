/**
 * A snapshot of a PostgreSQL schema read from the catalog (JDBC only) and the named differences
 * between two snapshots: what {@code undo --round-trip} compares before a migration and after its undo.
 */
package dev.migratefirst.runner.undo.schema;
