package dev.migratefirst.runner.connect;

import dev.migratefirst.runner.RunnerException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code postgresql://} or {@code postgres://} connection URI split into libpq's keywords, as libpq
 * reads it (PostgreSQL documentation, "34.1.1.2. Connection URIs",
 * https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS):
 * {@code postgresql://[user[:password]@][host][:port][/dbname][?param=value&...]}, every part
 * percent-decoded, an IPv6 host in brackets, the password optional, parameters as keywords. Several
 * hosts ({@code h1,h2}) are refused: the runner migrates exactly one primary. Messages never quote
 * the URI (it may hold the password).
 */
final class ConnectionUrl {
    /** The query parameters the runner reads (libpq keyword names). */
    static final String SUPPORTED = "sslmode, sslrootcert, application_name, connect_timeout, options, user, "
            + "password, dbname, host, port";

    private static final String SHAPE = "DATABASE_URL: expected postgresql://[user[:password]@]host[:port]/database";

    private ConnectionUrl() {
    }

    /**
     * The URI's parts as libpq keywords ({@code user}, {@code password}, {@code host}, {@code port},
     * {@code dbname}, and the query parameters); absent parts are absent keys.
     *
     * @throws RunnerException (configuration error) with a one-line message naming the bad part
     */
    static Map<String, String> parse(String url) {
        String scheme;
        if (url.startsWith("postgresql://")) {
            scheme = "postgresql://";
        } else if (url.startsWith("postgres://")) {
            scheme = "postgres://";
        } else {
            throw RunnerException.configuration(SHAPE + " (scheme must be postgresql:// or postgres://)");
        }
        String rest = url.substring(scheme.length());
        Map<String, String> keywords = new LinkedHashMap<>();
        int query = rest.indexOf('?');
        String params = query < 0 ? null : rest.substring(query + 1);
        rest = query < 0 ? rest : rest.substring(0, query);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? null : rest.substring(slash + 1);
        // the password may hold a raw '@' (libpq wants it encoded, but a host never holds one)
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            put(keywords, "user", decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user"));
            if (colon >= 0) {
                put(keywords, "password", decode(userInfo.substring(colon + 1), "password"));
            }
        }
        hostAndPort(authority, keywords);
        if (path != null && !path.isEmpty()) {
            put(keywords, "dbname", decode(path, "database name"));
        }
        if (params != null && !params.isEmpty()) {
            for (String param : params.split("&")) {
                if (param.isEmpty()) {
                    continue;
                }
                int eq = param.indexOf('=');
                if (eq < 0) {
                    throw RunnerException.configuration("DATABASE_URL: parameter '" + decode(param, "parameter")
                            + "' has no value (expected name=value)");
                }
                String key = decode(param.substring(0, eq), "parameter name");
                if (!(", " + SUPPORTED + ",").contains(", " + key + ",")) {
                    throw RunnerException.configuration("DATABASE_URL: unsupported parameter '" + key
                            + "' (supported: " + SUPPORTED + ")");
                }
                String value = decode(param.substring(eq + 1), key);
                if ((key.equals("host") || key.equals("port")) && value.contains(",")) {
                    throw severalHosts();
                }
                keywords.put(key, value);
            }
        }
        return keywords;
    }

    private static void hostAndPort(String authority, Map<String, String> keywords) {
        if (authority.contains(",")) {
            throw severalHosts();
        }
        String host;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw RunnerException.configuration(SHAPE + " (an IPv6 host must end with ']')");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw RunnerException.configuration(SHAPE + " (expected ':port' after the IPv6 host)");
                }
                port = after.substring(1);
            }
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? null : authority.substring(colon + 1);
        }
        put(keywords, "host", decode(host, "host"));
        if (port != null) {
            keywords.put("port", port);
        }
    }

    private static RunnerException severalHosts() {
        return RunnerException.configuration("DATABASE_URL: several hosts are not supported: the runner migrates "
                + "one primary, give its single host (e.g. the RDS instance endpoint)");
    }

    private static void put(Map<String, String> keywords, String key, String value) {
        if (!value.isEmpty()) {
            keywords.put(key, value);
        }
    }

    /** Percent-decoding as libpq does it: {@code %XX} only, {@code +} stays a plus. */
    static String decode(String s, String part) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw badEncoding(part);
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw badEncoding(part);
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                int end = s.indexOf('%', i);
                byte[] b = s.substring(i, end < 0 ? s.length() : end).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
                i = (end < 0 ? s.length() : end) - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static RunnerException badEncoding(String part) {
        // never quote the text: it may be (part of) the password
        return RunnerException.configuration("DATABASE_URL: malformed %-encoding in the " + part.toLowerCase(Locale.ROOT)
                + " (write %XX with two hex digits; encode a literal % as %25)");
    }
}
