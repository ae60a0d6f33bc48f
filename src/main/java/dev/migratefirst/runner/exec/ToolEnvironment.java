package dev.migratefirst.runner.exec;

import dev.migratefirst.runner.Guards;
import dev.migratefirst.runner.connect.ConnectionSettings;
import dev.migratefirst.runner.connect.SslMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The environment a tool run by {@code exec} gets: the runner's own environment plus the resolved
 * connection in every form migration tools read, and the lock guards as session settings.
 *
 * <ul>
 *   <li>{@code DATABASE_URL}: {@code postgresql://user:password@host:port/db?sslmode=...} (libpq,
 *       SQLAlchemy/alembic, Django's dj-database-url, Rails, sqitch);</li>
 *   <li>{@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD},
 *       {@code PGSSLMODE} (and {@code PGSSLROOTCERT}): every libpq client;</li>
 *   <li>{@code PGOPTIONS}: {@code -c lock_timeout=...} (and {@code -c statement_timeout=...} when set)
 *       appended to any PGOPTIONS already there, so every session a libpq tool opens has them;</li>
 *   <li>{@code JDBC_DATABASE_URL}, {@code FLYWAY_URL}/{@code FLYWAY_USER}/{@code FLYWAY_PASSWORD},
 *       {@code SPRING_DATASOURCE_URL}/{@code _USERNAME}/{@code _PASSWORD}, {@code LIQUIBASE_COMMAND_URL}/
 *       {@code _USERNAME}/{@code _PASSWORD}: JDBC tools, whose URL carries the same session settings in
 *       pgjdbc's {@code options} parameter (JDBC ignores PGOPTIONS).</li>
 * </ul>
 */
public final class ToolEnvironment {
    /** Every variable this class sets (a tool's documentation can rely on the list). */
    public static final List<String> VARIABLES = List.of("DATABASE_URL", "PGHOST", "PGPORT", "PGDATABASE", "PGUSER",
            "PGPASSWORD", "PGSSLMODE", "PGSSLROOTCERT", "PGOPTIONS", "JDBC_DATABASE_URL", "FLYWAY_URL",
            "FLYWAY_USER", "FLYWAY_PASSWORD", "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
            "SPRING_DATASOURCE_PASSWORD", "LIQUIBASE_COMMAND_URL", "LIQUIBASE_COMMAND_USERNAME",
            "LIQUIBASE_COMMAND_PASSWORD");

    private ToolEnvironment() {
    }

    /**
     * The tool's environment.
     *
     * @param inherited        the runner's environment (kept, except what is set here)
     * @param settings         the resolved connection
     * @param guards           the runner's guards ({@code lock_timeout})
     * @param statementTimeout {@code statement_timeout} for the tool's sessions; zero leaves it unset
     */
    public static Map<String, String> build(Map<String, String> inherited, ConnectionSettings settings, Guards guards,
                                            Duration statementTimeout) {
        Objects.requireNonNull(settings, "settings");
        Map<String, String> env = new LinkedHashMap<>(inherited);
        VARIABLES.forEach(v -> {
            if (!v.equals("PGOPTIONS")) {
                env.remove(v);
            }
        });
        String sessionOptions = sessionOptions(guards.lockTimeout(), statementTimeout);

        env.put("DATABASE_URL", databaseUrl(settings));
        env.put("PGHOST", settings.host());
        env.put("PGPORT", Integer.toString(settings.port()));
        env.put("PGDATABASE", settings.database());
        env.put("PGUSER", settings.user());
        putIfSet(env, "PGPASSWORD", settings.password());
        env.put("PGSSLMODE", settings.sslMode().value());
        if (settings.sslRootCert() != null) {
            env.put("PGSSLROOTCERT", settings.sslRootCert().toString());
        }
        String existing = inherited.get("PGOPTIONS");
        env.put("PGOPTIONS", existing == null || existing.isBlank() ? sessionOptions : existing.trim() + " " + sessionOptions);

        String jdbc = jdbcUrl(settings, sessionOptions);
        env.put("JDBC_DATABASE_URL", jdbc);
        for (String[] tool : new String[][] {{"FLYWAY_URL", "FLYWAY_USER", "FLYWAY_PASSWORD"},
            {"SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD"},
            {"LIQUIBASE_COMMAND_URL", "LIQUIBASE_COMMAND_USERNAME", "LIQUIBASE_COMMAND_PASSWORD"}}) {
            env.put(tool[0], jdbc);
            env.put(tool[1], settings.user());
            putIfSet(env, tool[2], settings.password());
        }
        return env;
    }

    /** {@code -c lock_timeout=2000ms [-c statement_timeout=...ms]}: the guards as libpq session options. */
    public static String sessionOptions(Duration lockTimeout, Duration statementTimeout) {
        String s = "-c lock_timeout=" + lockTimeout.toMillis() + "ms";
        if (statementTimeout != null && !statementTimeout.isZero()) {
            s += " -c statement_timeout=" + statementTimeout.toMillis() + "ms";
        }
        return s;
    }

    /** {@code postgresql://user:password@host:port/db?sslmode=...}, each part URL-encoded. */
    static String databaseUrl(ConnectionSettings s) {
        StringBuilder b = new StringBuilder("postgresql://").append(encode(s.user()));
        if (s.password() != null) {
            b.append(':').append(encode(s.password()));
        }
        b.append('@').append(host(s)).append(':').append(s.port()).append('/').append(encode(s.database()))
                .append("?sslmode=").append(s.sslMode().value());
        if (s.sslRootCert() != null && s.sslMode() != SslMode.DISABLE) {
            b.append("&sslrootcert=").append(encode(s.sslRootCert().toString()));
        }
        return b.toString();
    }

    /** The JDBC URL with TLS and the session options (pgjdbc {@code options}); no user or password. */
    static String jdbcUrl(ConnectionSettings s, String sessionOptions) {
        StringBuilder b = new StringBuilder(s.jdbcUrl()).append("?sslmode=").append(s.sslMode().value());
        if (s.sslRootCert() != null) {
            b.append("&sslrootcert=").append(encode(s.sslRootCert().toString()));
        }
        return b.append("&ApplicationName=migratefirst-runner-exec&options=").append(encode(sessionOptions)).toString();
    }

    private static String host(ConnectionSettings s) {
        return s.host().contains(":") && !s.host().startsWith("[") ? "[" + s.host() + "]" : s.host();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void putIfSet(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }
}
