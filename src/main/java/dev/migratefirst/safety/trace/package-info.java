/**
 * The first layer of the safety check: what PostgreSQL did while one migration ran on the scratch
 * database ({@link dev.migratefirst.safety.trace.MigrationTracer} records a
 * {@link dev.migratefirst.safety.trace.MigrationTrace}), and the splitting of a script into the
 * statements it runs. Knows nothing of facts or rules.
 */
package dev.migratefirst.safety.trace;
