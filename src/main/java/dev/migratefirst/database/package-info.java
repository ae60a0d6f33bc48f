/** RDS for PostgreSQL with its Secrets Manager secret, parameter group, rotation, and import by attributes. */
package dev.migratefirst.database;
