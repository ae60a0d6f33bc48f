/**
 * Size-aware verdicts ({@code check --stats}): the production statistics file
 * ({@link dev.migratefirst.safety.size.ProductionStats}, made by {@code runner stats} or the same SQL
 * query in psql), the costs of the work that holds a lock, measured per page and per row on the
 * scratch server ({@link dev.migratefirst.safety.size.CostModel}), and the estimate of how long each
 * statement's lock would be held at production size ({@link dev.migratefirst.safety.size.LockEstimator}).
 * Reads the facts of a migration, never a rule: the root package decides what an estimate does to a
 * finding's severity.
 */
package dev.migratefirst.safety.size;
