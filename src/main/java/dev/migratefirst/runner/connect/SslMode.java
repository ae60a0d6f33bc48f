package dev.migratefirst.runner.connect;

import dev.migratefirst.runner.RunnerException;
import java.util.Locale;

/**
 * The PostgreSQL {@code sslmode}s the runner accepts: libpq's six values, with libpq's (and pgjdbc's)
 * meaning (PostgreSQL documentation, "34.19. SSL Support", table "SSL Mode Descriptions",
 * https://www.postgresql.org/docs/current/libpq-ssl.html).
 */
public enum SslMode {
    /** No TLS: only for a database on this host or a throwaway embedded one. */
    DISABLE("disable"),
    /** TLS only if the server insists; certificate not verified (an explicit opt-out only). */
    ALLOW("allow"),
    /** TLS if the server offers it; certificate not verified (libpq's default; an explicit opt-out only). */
    PREFER("prefer"),
    /** TLS, server certificate not verified (an explicit opt-out only). */
    REQUIRE("require"),
    /** TLS, server certificate verified against the CA bundle, host name not checked. */
    VERIFY_CA("verify-ca"),
    /** TLS, certificate and host name verified against the CA bundle (e.g. the RDS global bundle). */
    VERIFY_FULL("verify-full");

    private final String value;

    SslMode(String value) {
        this.value = value;
    }

    /** Whether the server certificate is checked against a CA bundle ({@code verify-ca}, {@code verify-full}). */
    public boolean verifies() {
        return this == VERIFY_CA || this == VERIFY_FULL;
    }

    /** The value of pgjdbc's {@code sslmode} parameter. */
    public String value() {
        return value;
    }

    /**
     * Parses {@code disable}, {@code allow}, {@code prefer}, {@code require}, {@code verify-ca} or
     * {@code verify-full}.
     *
     * @throws RunnerException (configuration error) naming {@code source} for any other value
     */
    public static SslMode parse(String text, String source) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (SslMode m : values()) {
            if (m.value.equals(t)) {
                return m;
            }
        }
        throw RunnerException.configuration(source + ": unknown sslmode '" + text.trim()
                + "' (expected disable, allow, prefer, require, verify-ca or verify-full)");
    }
}
