/**
 * {@code runner repair}'s engine: {@code RepairEngine} plans what Flyway's repair would do that the
 * runner allows (delete failed rows of the schema history, realign the checksum of a migration whose
 * file only gained whitespace at line ends, see {@code FlywayChecksum}) and applies the plan under the
 * runner lock. Depends on the runner's root package, {@code runner.history} and the migrations reader;
 * knows nothing of picocli.
 */
package dev.migratefirst.runner.repair;
