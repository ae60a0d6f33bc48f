package dev.migratefirst.runner.cli;

import dev.migratefirst.runner.Env;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The app's own database role, prepared by {@code migrate} before it applies anything (a picocli mixin):
 * the login and the role from the app secret ({@code APP_DB_USER}; the password only from the
 * environment, {@code APP_DB_PASSWORD}, never from the command line), and the app's schemas. Without
 * {@code APP_DB_USER} the step is off. See {@link dev.migratefirst.runner.roles.AppRoleGrants}.
 */
public class AppRoleOptions {
    /** The variable that holds the app secret's password (never an option: it would show in the process list). */
    public static final String PASSWORD_VARIABLE = "APP_DB_PASSWORD";

    @Env("APP_DB_USER")
    @Option(names = "--app-user", paramLabel = "NAME",
            description = "The app's login role: the username of the app secret (multi-user rotation alternates "
                    + "ROLE and ROLE_clone). With it, migrate first creates the app role when missing (password "
                    + "from APP_DB_PASSWORD; an existing role keeps its password) and grants it DML only on the "
                    + "app's schemas, also for tables later migrations create. Env: APP_DB_USER.")
    String user;

    @Env("APP_DB_ROLE")
    @Option(names = "--app-role", paramLabel = "NAME",
            description = "The role that holds the app's privileges. Env: APP_DB_ROLE. Default: --app-user "
                    + "without a trailing _clone.")
    String role;

    @Env("APP_DB_SCHEMAS")
    @Option(names = "--app-schemas", split = ",", paramLabel = "SCHEMA",
            description = "The app's schemas. Env: APP_DB_SCHEMAS. Default: the schema Flyway migrates (the "
                    + "connection's current schema, usually public).")
    List<String> schemas;

    /** Whether the step is on (an app login is given, or its password is: then the login is missing). */
    boolean enabled(java.util.Map<String, String> env) {
        return (user != null && !user.isBlank()) || env.get(PASSWORD_VARIABLE) != null;
    }
}
