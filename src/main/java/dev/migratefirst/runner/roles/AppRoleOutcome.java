package dev.migratefirst.runner.roles;

import java.util.List;

/**
 * What one pass of the app role step did.
 *
 * @param role           the role holding the privileges
 * @param owner          the migration user whose future tables and sequences the default privileges cover
 * @param createdRoles   the roles this pass created (empty when they existed: their passwords were not touched)
 * @param schemas        the schemas the role may now use
 * @param missingSchemas configured schemas that do not exist yet (a later pass, after migrate, covers them)
 * @param tables         the tables and views the role may read and write
 * @param historyExisted whether the schema history table existed (and was kept out of reach of the role)
 */
public record AppRoleOutcome(String role, String owner, List<String> createdRoles, List<String> schemas,
                             List<String> missingSchemas, int tables, boolean historyExisted) {

    public AppRoleOutcome {
        createdRoles = List.copyOf(createdRoles);
        schemas = List.copyOf(schemas);
        missingSchemas = List.copyOf(missingSchemas);
    }
}
