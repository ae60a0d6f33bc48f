/**
 * Helpers shared by the MigrateFirst construct packages ({@code network}, {@code database}, {@code access},
 * {@code migration}, {@code app}); not API of their own. It imports no other MigrateFirst package, so every
 * construct package may use it without a cycle.
 */
package dev.migratefirst.internal;
