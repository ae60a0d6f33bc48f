package dev.migratefirst.runner.connect;

import dev.migratefirst.runner.RunnerException;
import java.util.Locale;

/** The PostgreSQL {@code sslmode}s the runner accepts (pgjdbc semantics). */
public enum SslMode {
    /** No TLS: only for a database on this host or a throwaway embedded one. */
    DISABLE("disable"),
    /** TLS, server certificate not verified (the default against a remote host). */
    REQUIRE("require"),
    /** TLS, server certificate verified against the CA bundle, host name not checked. */
    VERIFY_CA("verify-ca"),
    /** TLS, certificate and host name verified against the CA bundle (e.g. the RDS global bundle). */
    VERIFY_FULL("verify-full");

    private final String value;

    SslMode(String value) {
        this.value = value;
    }

    /** The value of pgjdbc's {@code sslmode} parameter. */
    public String value() {
        return value;
    }

    /**
     * Parses {@code disable}, {@code require}, {@code verify-ca} or {@code verify-full}.
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
                + "' (expected disable, require, verify-ca or verify-full)");
    }
}
