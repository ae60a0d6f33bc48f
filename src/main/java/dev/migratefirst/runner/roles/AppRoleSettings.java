package dev.migratefirst.runner.roles;

import dev.migratefirst.runner.RunnerException;
import dev.migratefirst.runner.history.SchemaHistoryTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the app role step prepares. {@link #toString()} never shows the password.
 *
 * @param role     the role that holds the app's privileges ({@code app}); never the migration user
 * @param login    the login of the app secret: {@code role}, or {@code role_clone} after an odd number of
 *                 multi-user rotations
 * @param password the app secret's password, used only when the login role is created (never printed)
 * @param schemas  the app's schemas; empty: the migration connection's current schema
 * @param history  Flyway's schema history table, on which the app gets no privilege; empty: none known
 */
public record AppRoleSettings(String role, String login, String password, List<String> schemas,
                              Optional<SchemaHistoryTable> history) {

    /** What Secrets Manager's PostgreSQL multi-user rotation appends to the username for the alternate user. */
    public static final String CLONE_SUFFIX = "_clone";

    private static final Set<String> RESERVED = Set.of("public", "none", "current_user", "session_user",
            "current_role", "postgres");

    public AppRoleSettings {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(password, "password");
        schemas = List.copyOf(schemas);
        Objects.requireNonNull(history, "history");
    }

    /**
     * Settings from the app secret's login and password, checked.
     *
     * @param role    the role holding the privileges; null: {@code login} without the {@value #CLONE_SUFFIX}
     *                suffix (the rotation's own rule for the alternate user)
     * @throws RunnerException (configuration error) naming the variable that is missing or malformed
     */
    public static AppRoleSettings of(String role, String login, String password, List<String> schemas,
                                     Optional<SchemaHistoryTable> history) {
        String user = trimmed(login);
        if (user == null) {
            throw RunnerException.configuration("APP_DB_USER (--app-user) is required with APP_DB_PASSWORD");
        }
        if (password == null || password.isEmpty()) {
            throw RunnerException.configuration("APP_DB_PASSWORD is not set: the app role step needs the app "
                    + "secret's password along with APP_DB_USER (" + user + ")");
        }
        String base = trimmed(role) != null ? trimmed(role) : baseRole(user);
        checkName("APP_DB_USER (--app-user)", user);
        checkName("APP_DB_ROLE (--app-role)", base);
        if (!user.equals(base) && !user.equals(base + CLONE_SUFFIX)) {
            throw RunnerException.configuration("APP_DB_USER (--app-user): '" + user + "' is neither the app role '"
                    + base + "' nor its rotation alternate '" + base + CLONE_SUFFIX + "'");
        }
        List<String> names = schemas == null ? List.of() : schemas.stream().map(String::trim)
                .filter(s -> !s.isEmpty()).distinct().toList();
        for (String s : names) {
            if (s.getBytes(StandardCharsets.UTF_8).length > 63) {
                throw RunnerException.configuration("APP_DB_SCHEMAS (--app-schemas): '" + s
                        + "' is longer than PostgreSQL's 63-byte identifier limit");
            }
        }
        return new AppRoleSettings(base, user, password, names, history);
    }

    /** The role a login belongs to: the login without a trailing {@value #CLONE_SUFFIX}. */
    public static String baseRole(String login) {
        return login.endsWith(CLONE_SUFFIX) && login.length() > CLONE_SUFFIX.length()
                ? login.substring(0, login.length() - CLONE_SUFFIX.length()) : login;
    }

    private static void checkName(String what, String name) {
        if (name.getBytes(StandardCharsets.UTF_8).length > 63) {
            throw RunnerException.configuration(what + ": '" + name + "' is longer than PostgreSQL's 63-byte limit");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("pg_") || lower.startsWith("rds") || RESERVED.contains(lower)) {
            throw RunnerException.configuration(what + ": '" + name + "' is reserved by PostgreSQL or RDS");
        }
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        return "AppRoleSettings[role=" + role + ", login=" + login + ", password=***, schemas=" + schemas
                + ", history=" + history.map(SchemaHistoryTable::qualified).orElse("none") + "]";
    }
}
