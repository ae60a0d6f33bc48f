/**
 * The second layer of the safety check: {@link dev.migratefirst.safety.facts.MigrationFacts}, read
 * from a trace in one pass. Per statement: relations rewritten, indexes built, constraints added or
 * validated, column and table changes, data changes and blocking locks taken on objects that existed
 * before the migration. The facts judge nothing; the rules do.
 */
package dev.migratefirst.safety.facts;
