/**
 * {@code runner exec -- <command...>}: another migration tool (alembic, Liquibase, sqitch, a script)
 * run under the runner's guards. {@code ToolEnvironment} hands the resolved connection to the tool in
 * the forms tools read (DATABASE_URL, PG*, a JDBC URL, FLYWAY_*, SPRING_DATASOURCE_*) with
 * {@code lock_timeout}/{@code statement_timeout} in PGOPTIONS and the JDBC URL's {@code options};
 * {@code ExecEngine} holds the runner's session advisory lock on a connection of its own for the
 * tool's whole run, forwards SIGTERM to it and maps its exit status onto the runner's exit codes
 * ({@code ExecOutcome}). Depends on the runner's root package and {@code history} (the lock key); knows
 * nothing of picocli.
 */
package dev.migratefirst.runner.exec;
