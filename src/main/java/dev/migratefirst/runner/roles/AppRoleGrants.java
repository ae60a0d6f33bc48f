package dev.migratefirst.runner.roles;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Messages;
import dev.migratefirst.runner.Reporter;
import dev.migratefirst.runner.RunnerException;
import dev.migratefirst.runner.history.SchemaHistoryTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.postgresql.PGConnection;

/**
 * Prepares the app's least-privilege role in one transaction, safe to re-run: creates the role (and the
 * login, when the app secret's login is the rotation's alternate {@code <role>_clone}) when missing, with
 * the app secret's password (sent as a SCRAM/MD5 verifier computed by the driver, never in clear text);
 * an existing role keeps its password, which rotation owns. Then, for each app schema that exists:
 * <pre>
 * GRANT USAGE ON SCHEMA s TO role;
 * GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA s TO role;
 * GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA s TO role;
 * ALTER DEFAULT PRIVILEGES FOR ROLE owner IN SCHEMA s GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO role;
 * ALTER DEFAULT PRIVILEGES FOR ROLE owner IN SCHEMA s GRANT USAGE, SELECT ON SEQUENCES TO role;
 * </pre>
 * where {@code owner} is the migration user (who creates the tables of later migrations), and
 * {@code REVOKE ALL} on the schema history table. Nothing else: no CREATE on a schema, no DDL, no
 * ownership. Identifiers are quoted by the driver ({@code escapeIdentifier}). The caller holds the
 * runner lock, so two tasks never run it at once, and retries it when it meets {@code lock_timeout}.
 */
public final class AppRoleGrants {
    private static final String TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE";
    private static final String SEQUENCE_PRIVILEGES = "USAGE, SELECT";

    private final AppRoleSettings settings;
    private final Reporter reporter;

    /**
     * The step for {@code settings}.
     *
     * @param reporter where the outcome and warnings are reported (the app password is registered on its redactor)
     */
    public AppRoleGrants(AppRoleSettings settings, Reporter reporter) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        reporter.redactor().addSecret(settings.password());
    }

    /**
     * Runs one pass on {@code c} (connected as the migration user) and commits it; on failure the
     * transaction rolls back and nothing of the pass remains.
     *
     * @throws RunnerException (configuration error) when the app role is the migration user, or the
     *                         migration user lacks a privilege it must grant (SQLSTATE 42501)
     * @throws SQLException    any other database error (e.g. lock_timeout, SQLSTATE 55P03: the caller retries)
     */
    public AppRoleOutcome apply(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try {
            AppRoleOutcome outcome = applyInTransaction(c);
            c.commit();
            report(outcome);
            return outcome;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            if (e instanceof SQLException s && "42501".equals(s.getSQLState())) {
                throw RunnerException.configuration("app role " + settings.role() + ": "
                        + reporter.redactor().redact(Messages.oneLine(s.getMessage()))
                        + " (the migration user needs CREATEROLE and must own the app's tables, or hold them "
                        + "WITH GRANT OPTION)");
            }
            throw e;
        }
    }

    private AppRoleOutcome applyInTransaction(Connection c) throws SQLException {
        String owner = text(c, "SELECT current_user", List.of());
        String role = settings.role();
        String login = settings.login();
        if (role.equals(owner) || login.equals(owner)) {
            throw RunnerException.configuration("APP_DB_USER/APP_DB_ROLE: the app role must not be the migration "
                    + "user " + owner + " (the app would own the schema and could run DDL)");
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        String quotedRole = pg.escapeIdentifier(role);
        List<String> created = new ArrayList<>();
        if (!roleExists(c, role)) {
            // a login role either way: after the next rotation its password is the one the secret holds
            execute(c, "CREATE ROLE " + quotedRole + " LOGIN");
            created.add(role);
            if (login.equals(role)) {
                pg.alterUserPassword(role, settings.password().toCharArray(), null);
            }
        } else {
            warnAboutAttributes(c, role);
        }
        if (!login.equals(role)) {
            if (!roleExists(c, login)) {
                execute(c, "CREATE ROLE " + pg.escapeIdentifier(login) + " LOGIN IN ROLE " + quotedRole);
                pg.alterUserPassword(login, settings.password().toCharArray(), null);
                created.add(login);
            } else if (!isMember(c, login, role)) {
                execute(c, "GRANT " + quotedRole + " TO " + pg.escapeIdentifier(login));
            }
        }

        List<String> wanted = settings.schemas().isEmpty()
                ? List.of(text(c, "SELECT current_schema()", List.of())) : settings.schemas();
        List<String> granted = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        int tables = 0;
        String quotedOwner = pg.escapeIdentifier(owner);
        for (String schema : wanted) {
            if (schema == null || !schemaExists(c, schema)) {
                missing.add(String.valueOf(schema));
                continue;
            }
            String s = pg.escapeIdentifier(schema);
            execute(c, "GRANT USAGE ON SCHEMA " + s + " TO " + quotedRole);
            execute(c, "GRANT " + TABLE_PRIVILEGES + " ON ALL TABLES IN SCHEMA " + s + " TO " + quotedRole);
            execute(c, "GRANT " + SEQUENCE_PRIVILEGES + " ON ALL SEQUENCES IN SCHEMA " + s + " TO " + quotedRole);
            execute(c, "ALTER DEFAULT PRIVILEGES FOR ROLE " + quotedOwner + " IN SCHEMA " + s + " GRANT "
                    + TABLE_PRIVILEGES + " ON TABLES TO " + quotedRole);
            execute(c, "ALTER DEFAULT PRIVILEGES FOR ROLE " + quotedOwner + " IN SCHEMA " + s + " GRANT "
                    + SEQUENCE_PRIVILEGES + " ON SEQUENCES TO " + quotedRole);
            tables += Integer.parseInt(text(c, "SELECT count(*) FROM pg_class WHERE relnamespace = "
                    + "(SELECT oid FROM pg_namespace WHERE nspname = ?) AND relkind IN ('r', 'p', 'v', 'm', 'f')",
                    List.of(schema)));
            if ("t".equals(text(c, "SELECT has_schema_privilege(?, ?, 'CREATE')", List.of(role, schema)))) {
                reporter.warn("app_role_can_create", "app role " + role + " may CREATE in schema " + schema
                        + " through a grant this step did not make (PUBLIC on PostgreSQL before 15?): revoke it, e.g. "
                        + "REVOKE CREATE ON SCHEMA " + s + " FROM PUBLIC", Map.of("role", role, "schema", schema));
            }
            granted.add(schema);
        }
        boolean historyExists = false;
        SchemaHistoryTable history = settings.history().orElse(null);
        if (history != null && history.exists(c)) {
            historyExists = true;
            tables -= granted.contains(history.schema()) ? 1 : 0;
            execute(c, "REVOKE ALL ON " + history.quoted() + " FROM " + quotedRole);
        }
        return new AppRoleOutcome(role, owner, created, granted, missing, tables, historyExists);
    }

    private void report(AppRoleOutcome o) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("role", o.role());
        fields.put("login", settings.login());
        fields.put("created", o.createdRoles());
        fields.put("schemas", o.schemas());
        fields.put("tables", o.tables());
        fields.put("default_privileges_for", o.owner());
        String created = o.createdRoles().isEmpty() ? "exists (password left to rotation)"
                : "created " + String.join(", ", o.createdRoles()) + " with the app secret's password";
        reporter.info("app_role_ready", "app role " + o.role() + " (login " + settings.login() + "): " + created
                + "; DML on " + o.tables() + " table" + (o.tables() == 1 ? "" : "s") + " in "
                + (o.schemas().isEmpty() ? "no schema" : String.join(",", o.schemas()))
                + ", and on the tables " + o.owner() + " creates there later; no DDL", fields);
        if (!o.missingSchemas().isEmpty()) {
            reporter.info("app_role_schema_missing", "app schema " + String.join(",", o.missingSchemas())
                    + " does not exist yet: granted after migrate", Map.of("schemas", o.missingSchemas()));
        }
    }

    private void warnAboutAttributes(Connection c, String role) throws SQLException {
        String attrs = text(c, "SELECT concat_ws(',', CASE WHEN rolsuper THEN 'SUPERUSER' END, "
                + "CASE WHEN rolcreaterole THEN 'CREATEROLE' END, CASE WHEN rolcreatedb THEN 'CREATEDB' END, "
                + "CASE WHEN rolbypassrls THEN 'BYPASSRLS' END) FROM pg_roles WHERE rolname = ?", List.of(role));
        if (attrs != null && !attrs.isEmpty()) {
            reporter.warn("app_role_privileged", "app role " + role + " exists with " + attrs
                    + ": it holds more than the DML this step grants", Map.of("role", role, "attributes", attrs));
        }
    }

    private static boolean roleExists(Connection c, String role) throws SQLException {
        return text(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", List.of(role)) != null;
    }

    private static boolean schemaExists(Connection c, String schema) throws SQLException {
        return text(c, "SELECT 1 FROM pg_namespace WHERE nspname = ?", List.of(schema)) != null;
    }

    private static boolean isMember(Connection c, String member, String role) throws SQLException {
        return text(c, "SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
                + "JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = ? AND u.rolname = ?", List.of(role, member)) != null;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The first column of the first row as text, or null when there is no row. */
    private static String text(Connection c, String sql, List<String> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Wraps a database failure of the step that is not a lock timeout as the runner reports it. */
    public static RunnerException failure(SQLException e, Reporter reporter) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = reporter.redactor().redact(Messages.oneLine(e.getMessage()));
        if (state.startsWith("08")) {
            return new RunnerException(ExitCode.DATABASE_UNREACHABLE, "lost the connection during the app role step: "
                    + message, e);
        }
        return new RunnerException(ExitCode.MIGRATION_FAILED, "the app role step failed: " + message
                + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")") + "; its transaction rolled back, nothing was "
                + "migrated", e);
    }
}
