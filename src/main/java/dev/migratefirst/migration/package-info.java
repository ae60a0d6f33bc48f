/**
 * Migrate first: the Fargate task that runs the migration runner ({@link dev.migratefirst.migration.MigrationTask}),
 * the Step Functions workflow that runs it and reports its failure with the task's last log lines
 * ({@link dev.migratefirst.migration.MigrationWorkflow}), and the deploy gate custom resource that makes a
 * {@code cdk deploy} wait for that workflow before anything it guards rolls out
 * ({@link dev.migratefirst.migration.MigrationGate}).
 */
package dev.migratefirst.migration;
