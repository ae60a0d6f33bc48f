package dev.migratefirst.runner.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.runner.Redactor;
import dev.migratefirst.runner.RunnerException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where and as whom to connect: resolved from the environment in the runner's order of precedence
 * ({@code DATABASE_URL} &gt; {@code DB_SECRET} &gt; {@code DB_HOST}/{@code DB_PORT}/{@code DB_NAME}/
 * {@code DB_USER}/{@code DB_PASSWORD} &gt; the libpq variables {@code PGHOST}, {@code PGPORT},
 * {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD}). As in libpq, {@code PGPASSWORD} and then the
 * password file ({@link PgPass}) give the password when the chosen source has none, and
 * {@code PGSSLMODE}, {@code PGSSLROOTCERT}, {@code PGAPPNAME}, {@code PGOPTIONS} and
 * {@code PGCONNECT_TIMEOUT} give what the source does not set. {@link #toString()} never shows the password.
 *
 * @param host                  database host name or address (an IPv6 address without brackets)
 * @param port                  TCP port
 * @param database              database name
 * @param user                  login role
 * @param password              the password (never printed); null when none is needed (trust) or the
 *                              server is to be asked without one
 * @param sslMode               TLS mode
 * @param sslRootCert           CA bundle for {@code verify-ca}/{@code verify-full}; null otherwise
 * @param source                which variable the settings came from (for messages)
 * @param applicationName       the {@code application_name} of the sessions
 * @param options               libpq {@code options} (e.g. {@code -c search_path=app}); null for none
 * @param connectTimeoutSeconds libpq {@code connect_timeout}: the bound of one connection attempt in
 *                              seconds; 0 for the runner's default
 */
public record ConnectionSettings(String host, int port, String database, String user, String password,
                                 SslMode sslMode, Path sslRootCert, String source, String applicationName,
                                 String options, int connectTimeoutSeconds) {

    /** The {@code application_name} of the runner's sessions unless the connection string sets one. */
    public static final String DEFAULT_APPLICATION_NAME = "migratefirst-runner";

    private static final ObjectMapper JSON = new ObjectMapper();

    public ConnectionSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(sslMode, "sslMode");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(applicationName, "applicationName");
    }

    /** Settings with the default application name, no options and the runner's connect timeout. */
    public ConnectionSettings(String host, int port, String database, String user, String password,
                              SslMode sslMode, Path sslRootCert, String source) {
        this(host, port, database, user, password, sslMode, sslRootCert, source, DEFAULT_APPLICATION_NAME, null, 0);
    }

    /**
     * TLS options from the command line or environment ({@code --ssl-mode}/{@code DB_SSLMODE},
     * {@code --ssl-root-cert}/{@code DB_SSL_ROOT_CERT}); either may be null.
     */
    public record SslOptions(SslMode mode, Path rootCert) {
        /** No TLS options given: the defaults apply. */
        public static final SslOptions DEFAULTS = new SslOptions(null, null);
    }

    /**
     * Resolves the connection settings from the environment.
     *
     * @throws RunnerException (configuration error) with a one-line message naming the variable
     *                         that is missing or malformed; the message never contains a value that
     *                         could hold the password
     */
    public static ConnectionSettings fromEnvironment(Map<String, String> env, SslOptions ssl) {
        String url = nonBlank(env.get("DATABASE_URL"));
        if (url != null) {
            return fromUrl(url, env, ssl);
        }
        String secret = nonBlank(env.get("DB_SECRET"));
        if (secret != null) {
            return fromSecret(secret, env, ssl);
        }
        if (nonBlank(env.get("DB_HOST")) != null) {
            return fromDiscrete(env, ssl);
        }
        if (nonBlank(env.get("PGHOST")) != null || nonBlank(env.get("PGDATABASE")) != null) {
            return fromLibpqVariables(env, ssl);
        }
        throw RunnerException.configuration("no database configured: set DATABASE_URL, DB_SECRET, or DB_HOST, "
                + "DB_NAME, DB_USER and DB_PASSWORD, or PGHOST/PGDATABASE (or pass --embedded for a throwaway database)");
    }

    /** {@link #fromUrl(String, Map, SslOptions)} with no other environment variable. */
    public static ConnectionSettings fromUrl(String url, SslOptions ssl) {
        return fromUrl(url, Map.of(), ssl);
    }

    /**
     * Settings from a libpq connection URI ({@link ConnectionUrl}); what it leaves out comes from the
     * libpq variables of {@code env} ({@code PGUSER}, {@code PGPASSWORD}, the password file, ...).
     *
     * @throws RunnerException (configuration error) naming the bad part, never quoting the URI
     */
    public static ConnectionSettings fromUrl(String url, Map<String, String> env, SslOptions ssl) {
        Map<String, String> k = ConnectionUrl.parse(url);
        String host = first(k.get("host"), nonBlank(env.get("PGHOST")), "localhost");
        String portText = first(k.get("port"), nonBlank(env.get("PGPORT")), null);
        int port = portText == null ? 5432 : parsePort(portText, k.containsKey("port") ? "DATABASE_URL: port" : "PGPORT");
        String user = first(k.get("user"), nonBlank(env.get("PGUSER")), null);
        if (user == null) {
            throw RunnerException.configuration("DATABASE_URL: no user (write postgresql://user@host/database, "
                    + "or set PGUSER)");
        }
        String database = first(k.get("dbname"), nonBlank(env.get("PGDATABASE")), null);
        if (database == null) {
            throw RunnerException.configuration("DATABASE_URL: expected postgresql://[user[:password]@]host[:port]/"
                    + "database (no database name)");
        }
        return build(host, port, database, user, k.get("password"), k, env, ssl, "DATABASE_URL");
    }

    /**
     * Settings from the libpq variables alone: {@code PGHOST} (default {@code localhost}), {@code PGPORT},
     * {@code PGDATABASE} (default: the user name, as libpq), {@code PGUSER} (default: {@code USER}).
     */
    static ConnectionSettings fromLibpqVariables(Map<String, String> env, SslOptions ssl) {
        String host = first(nonBlank(env.get("PGHOST")), "localhost", null);
        if (host.contains(",")) {
            throw RunnerException.configuration("PGHOST: several hosts are not supported: the runner migrates one "
                    + "primary, give its single host");
        }
        String portText = nonBlank(env.get("PGPORT"));
        int port = portText == null ? 5432 : parsePort(portText, "PGPORT");
        String user = first(nonBlank(env.get("PGUSER")), nonBlank(env.get("USER")), null);
        if (user == null) {
            throw RunnerException.configuration("PGUSER is not set (needed with PGHOST)");
        }
        String database = first(nonBlank(env.get("PGDATABASE")), user, null);
        return build(host, port, database, user, null, Map.of(), env, ssl, "PG*");
    }

    static ConnectionSettings fromSecret(String secret, Map<String, String> env, SslOptions ssl) {
        JsonNode json;
        try {
            json = JSON.readTree(secret);
        } catch (Exception e) {
            // Jackson's message quotes the input: never print it
            throw RunnerException.configuration("DB_SECRET: not valid JSON (expected the RDS secret: "
                    + "username, password, host, port, dbname)");
        }
        if (json == null || !json.isObject()) {
            throw RunnerException.configuration("DB_SECRET: expected a JSON object with username, password, host, "
                    + "port, dbname");
        }
        String user = text(json, "username");
        JsonNode pw = json.get("password");
        String password = pw == null || pw.isNull() || pw.asText().isEmpty() ? null : pw.asText();
        String host = text(json, "host");
        String database = text(json, "dbname");
        if (database == null) {
            database = nonBlank(env.get("DB_NAME"));
        }
        for (String[] f : new String[][] {{"username", user}, {"password", password}, {"host", host}}) {
            if (f[1] == null) {
                throw RunnerException.configuration("DB_SECRET: missing \"" + f[0] + "\"");
            }
        }
        if (database == null) {
            throw RunnerException.configuration("DB_SECRET: missing \"dbname\" (or set DB_NAME)");
        }
        JsonNode portNode = json.get("port");
        int port;
        if (portNode == null || portNode.isNull()) {
            port = 5432;
        } else {
            port = parsePort(portNode.asText(), "DB_SECRET: \"port\"");
        }
        return build(host, port, database, user, password, Map.of(), env, ssl, "DB_SECRET");
    }

    static ConnectionSettings fromDiscrete(Map<String, String> env, SslOptions ssl) {
        String host = nonBlank(env.get("DB_HOST"));
        String database = require(env, "DB_NAME");
        String user = require(env, "DB_USER");
        String password = env.get("DB_PASSWORD");
        if (password == null || password.isEmpty()) {
            throw RunnerException.configuration("DB_PASSWORD is not set (needed with DB_HOST)");
        }
        String portText = nonBlank(env.get("DB_PORT"));
        int port = portText == null ? 5432 : parsePort(portText, "DB_PORT");
        return build(host, port, database, user, password, Map.of(), env, ssl, "DB_HOST");
    }

    /**
     * The settings, with what the source left out filled in libpq's way: the password from
     * {@code PGPASSWORD} and then the password file; {@code sslmode} from the command line
     * ({@code --ssl-mode}/{@code DB_SSLMODE}), the connection string, then {@code PGSSLMODE}; the CA
     * bundle likewise ({@code sslrootcert}, {@code PGSSLROOTCERT}). With no mode given: {@code disable}
     * for a loopback host, else {@code verify-full} with the given CA bundle or, without one, the
     * Amazon RDS CAs the runner ships ({@link RdsCaBundle}).
     */
    private static ConnectionSettings build(String host, int port, String database, String user, String password,
                                            Map<String, String> keywords, Map<String, String> env, SslOptions ssl,
                                            String source) {
        if (password == null || password.isEmpty()) {
            password = nonEmpty(keywords.get("password"));
        }
        if (password == null) {
            password = nonEmpty(env.get("PGPASSWORD"));
        }
        if (password == null) {
            password = PgPass.lookup(env, host, port, database, user).orElse(null);
        }
        SslMode mode = ssl.mode();
        if (mode == null && keywords.containsKey("sslmode")) {
            mode = SslMode.parse(keywords.get("sslmode"), source + " sslmode");
        }
        if (mode == null && nonBlank(env.get("PGSSLMODE")) != null) {
            mode = SslMode.parse(env.get("PGSSLMODE"), "PGSSLMODE");
        }
        Path rootCert = ssl.rootCert();
        String rootCertSource = "DB_SSL_ROOT_CERT";
        if (rootCert == null && nonBlank(keywords.get("sslrootcert")) != null) {
            rootCert = Path.of(keywords.get("sslrootcert").trim());
            rootCertSource = source + " sslrootcert";
        }
        if (rootCert == null && nonBlank(env.get("PGSSLROOTCERT")) != null) {
            rootCert = Path.of(env.get("PGSSLROOTCERT").trim());
            rootCertSource = "PGSSLROOTCERT";
        }
        if (mode == null) {
            mode = rootCert == null && isLocal(host) ? SslMode.DISABLE : SslMode.VERIFY_FULL;
        }
        if (mode.verifies()) {
            if (rootCert == null) {
                rootCert = RdsCaBundle.path();
            } else if (!Files.isReadable(rootCert)) {
                throw RunnerException.configuration(rootCertSource + ": CA bundle not found or not readable: " + rootCert);
            }
        } else {
            rootCert = null;
        }
        String applicationName = first(nonBlank(keywords.get("application_name")), nonBlank(env.get("PGAPPNAME")),
                DEFAULT_APPLICATION_NAME);
        String options = first(nonBlank(keywords.get("options")), nonBlank(env.get("PGOPTIONS")), null);
        String timeoutText = first(nonBlank(keywords.get("connect_timeout")), nonBlank(env.get("PGCONNECT_TIMEOUT")),
                null);
        int connectTimeout = 0;
        if (timeoutText != null) {
            try {
                connectTimeout = Math.max(0, Integer.parseInt(timeoutText));
            } catch (NumberFormatException e) {
                throw RunnerException.configuration(source + ": connect_timeout must be a number of seconds, got '"
                        + timeoutText + "'");
            }
        }
        return new ConnectionSettings(host, port, database, user, password, mode, rootCert, source, applicationName,
                options, connectTimeout);
    }

    /** Whether the CA bundle is the Amazon RDS one the runner ships (the default). */
    public boolean usesBundledRdsCa() {
        return sslRootCert != null && sslMode.verifies() && sslRootCert.equals(RdsCaBundle.path());
    }

    /** True for localhost and loopback addresses, where TLS is off unless asked for. */
    static boolean isLocal(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
    }

    /** The JDBC URL, without user or password. */
    public String jdbcUrl() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    /**
     * Driver properties: user, password, TLS, the application name seen in {@code pg_stat_activity},
     * and a connect timeout.
     */
    public Properties jdbcProperties(int connectTimeoutSeconds) {
        // connectTimeoutSeconds: the runner's bound for this attempt; connect_timeout (if set) caps it
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("sslmode", sslMode.value());
        if (sslRootCert != null) {
            p.setProperty("sslrootcert", sslRootCert.toString());
        }
        p.setProperty("ApplicationName", applicationName);
        if (options != null) {
            p.setProperty("options", options);
        }
        int attempt = Math.max(1, this.connectTimeoutSeconds > 0
                ? Math.min(this.connectTimeoutSeconds, connectTimeoutSeconds) : connectTimeoutSeconds);
        p.setProperty("connectTimeout", Integer.toString(attempt));
        p.setProperty("loginTimeout", Integer.toString(attempt));
        p.setProperty("tcpKeepAlive", "true");
        return p;
    }

    /** Where the runner connects, for log lines: {@code user@host:port/database (sslmode)}. */
    public String describe() {
        return user + "@" + host + ":" + port + "/" + database + " (sslmode " + sslMode.value() + ", from " + source + ")";
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + describe() + ", password=" + Redactor.MASK + "]";
    }

    private static String text(JsonNode json, String field) {
        JsonNode n = json.get(field);
        return n == null || n.isNull() ? null : nonBlank(n.asText());
    }

    private static String require(Map<String, String> env, String name) {
        String v = nonBlank(env.get(name));
        if (v == null) {
            throw RunnerException.configuration(name + " is not set (needed with DB_HOST)");
        }
        return v;
    }

    private static int parsePort(String text, String source) {
        try {
            int p = Integer.parseInt(text.trim());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw RunnerException.configuration(source + " must be a port number 1-65535, got '" + text.trim() + "'");
    }

    private static String first(String a, String b, String c) {
        return a != null ? a : b != null ? b : c;
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
