package dev.migratefirst.runner.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migratefirst.runner.Redactor;
import dev.migratefirst.runner.RunnerException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
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
 * {@code DB_USER}/{@code DB_PASSWORD}). {@link #toString()} never shows the password.
 *
 * @param host        database host name or address
 * @param port        TCP port
 * @param database    database name
 * @param user        login role
 * @param password    the password (never printed)
 * @param sslMode     TLS mode
 * @param sslRootCert CA bundle for {@code verify-ca}/{@code verify-full}; null otherwise
 * @param source      which variable the settings came from (for messages)
 */
public record ConnectionSettings(String host, int port, String database, String user, String password,
                                 SslMode sslMode, Path sslRootCert, String source) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ConnectionSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(sslMode, "sslMode");
        Objects.requireNonNull(source, "source");
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
            return fromUrl(url, ssl);
        }
        String secret = nonBlank(env.get("DB_SECRET"));
        if (secret != null) {
            return fromSecret(secret, env, ssl);
        }
        if (nonBlank(env.get("DB_HOST")) != null) {
            return fromDiscrete(env, ssl);
        }
        throw RunnerException.configuration("no database configured: set DATABASE_URL, DB_SECRET, or DB_HOST, "
                + "DB_NAME, DB_USER and DB_PASSWORD (or pass --embedded for a throwaway database)");
    }

    public static ConnectionSettings fromUrl(String url, SslOptions ssl) {
        String shape = "DATABASE_URL: expected postgresql://user:password@host:port/database";
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // the URI's text (and so the exception's message) may contain the password: never print it
            throw RunnerException.configuration(shape + " (not a valid URL; URL-encode special characters)");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("postgresql") || scheme.equals("postgres"))) {
            throw RunnerException.configuration(shape + " (scheme must be postgresql:// or postgres://)");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw RunnerException.configuration(shape + " (no host)");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || userInfo.isEmpty()) {
            throw RunnerException.configuration(shape + " (no user)");
        }
        int colon = userInfo.indexOf(':');
        String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        String password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        if (user.isEmpty()) {
            throw RunnerException.configuration(shape + " (no user)");
        }
        if (password == null || password.isEmpty()) {
            throw RunnerException.configuration(shape + " (no password)");
        }
        String path = uri.getRawPath();
        String database = path == null || path.length() <= 1 ? "" : decode(path.substring(1));
        if (database.isEmpty() || database.contains("/")) {
            throw RunnerException.configuration(shape + " (no database name)");
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        SslMode mode = ssl.mode();
        Path rootCert = ssl.rootCert();
        String query = uri.getRawQuery();
        if (query != null) {
            for (String param : query.split("&")) {
                int eq = param.indexOf('=');
                String key = decode(eq < 0 ? param : param.substring(0, eq));
                String value = eq < 0 ? "" : decode(param.substring(eq + 1));
                switch (key) {
                    case "sslmode" -> mode = mode != null ? mode : SslMode.parse(value, "DATABASE_URL sslmode");
                    case "sslrootcert" -> rootCert = rootCert != null ? rootCert : Path.of(value);
                    default -> throw RunnerException.configuration("DATABASE_URL: unsupported parameter '" + key
                            + "' (supported: sslmode, sslrootcert)");
                }
            }
        }
        return build(host, port, database, user, password, new SslOptions(mode, rootCert), "DATABASE_URL");
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
        return build(host, port, database, user, password, ssl, "DB_SECRET");
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
        return build(host, port, database, user, password, ssl, "DB_HOST");
    }

    private static ConnectionSettings build(String host, int port, String database, String user, String password,
                                            SslOptions ssl, String source) {
        Path rootCert = ssl.rootCert();
        SslMode mode = ssl.mode();
        if (mode == null) {
            if (rootCert != null) {
                mode = SslMode.VERIFY_FULL;
            } else {
                mode = isLocal(host) ? SslMode.DISABLE : SslMode.REQUIRE;
            }
        }
        if (mode == SslMode.VERIFY_CA || mode == SslMode.VERIFY_FULL) {
            if (rootCert == null) {
                throw RunnerException.configuration("sslmode " + mode.value()
                        + " needs a CA bundle: set --ssl-root-cert or DB_SSL_ROOT_CERT");
            }
            if (!Files.isReadable(rootCert)) {
                throw RunnerException.configuration("DB_SSL_ROOT_CERT: CA bundle not found or not readable: " + rootCert);
            }
        } else {
            rootCert = null;
        }
        return new ConnectionSettings(host, port, database, user, password, mode, rootCert, source);
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
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("sslmode", sslMode.value());
        if (sslRootCert != null) {
            p.setProperty("sslrootcert", sslRootCert.toString());
        }
        p.setProperty("ApplicationName", "migratefirst-runner");
        p.setProperty("connectTimeout", Integer.toString(Math.max(1, connectTimeoutSeconds)));
        p.setProperty("loginTimeout", Integer.toString(Math.max(1, connectTimeoutSeconds)));
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

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RunnerException.configuration("DATABASE_URL: malformed %-encoding");
        }
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
