/**
 * The third layer of the safety check: one {@link dev.migratefirst.safety.rules.RuleCheck} per rule,
 * each a small function over {@link dev.migratefirst.safety.facts.MigrationFacts}, named after the rule
 * it detects. A rule reads facts only, never another rule. To add one: a class here, and a constant
 * in {@link dev.migratefirst.safety.Rule} with its id, severity, documentation and bad/good examples.
 */
package dev.migratefirst.safety.rules;
