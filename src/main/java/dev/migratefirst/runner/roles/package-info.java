/**
 * The app's own least-privilege database role, prepared by {@code migrate} before it applies anything
 * ({@link dev.migratefirst.runner.roles.AppRoleGrants}): the login role is created when missing (with
 * the app secret's password; an existing role's password is never touched, rotation owns it), and
 * granted USAGE on the app's schemas, SELECT/INSERT/UPDATE/DELETE on their tables, USAGE/SELECT on
 * their sequences, and default privileges so that tables the migration user creates later are covered
 * too. No DDL, no CREATE on a schema, no ownership, nothing on the schema history table.
 *
 * <p>The role holds the privileges; the alternate login that Secrets Manager's multi-user rotation
 * creates ({@code <role>_clone}) is a member of it and inherits them. Depends on {@code history} and the
 * runner's root types only.
 */
package dev.migratefirst.runner.roles;
