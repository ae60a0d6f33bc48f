/**
 * The migration safety check ({@code check}): runs a migration history on a scratch PostgreSQL and
 * reports the hazards of each migration under check from what the database did, not from the SQL text.
 *
 * <p>One migration goes through four layers, each reading only the one before:
 * <ol>
 *   <li>{@link dev.migratefirst.safety.trace}: the trace. The migration runs statement by statement
 *   while the tracer records locks, storage identifiers, the catalog before and after each statement
 *   and the planner's view of data changes.</li>
 *   <li>{@link dev.migratefirst.safety.facts}: the facts, collected from the trace in one pass. What
 *   each statement did to pre-existing objects: relations rewritten, indexes built, constraints added
 *   or validated, columns and tables dropped, renamed or changed, rows changed, blocking locks taken.</li>
 *   <li>{@link dev.migratefirst.safety.rules}: the rules, one class each, every one a small function
 *   over the facts that returns the statements it flags. A rule never reads another rule, so adding
 *   one touches no other.</li>
 *   <li>{@link dev.migratefirst.safety.size} (only with production statistics, {@code check --stats}):
 *   how long each statement's lock would be held at production size, from its facts, the costs
 *   measured on the scratch server and the production table sizes.</li>
 *   <li>This package: {@link dev.migratefirst.safety.Rule} pairs each check with its id, severity
 *   and documentation (the rule table in docs/safety.md is generated from it);
 *   {@link dev.migratefirst.safety.SafetyChecker} runs the layers and applies the suppression
 *   comments; {@link dev.migratefirst.safety.Sizing} turns estimates into severities; {@link dev.migratefirst.safety.ReportWriter} renders the report.</li>
 * </ol>
 */
package dev.migratefirst.safety;
