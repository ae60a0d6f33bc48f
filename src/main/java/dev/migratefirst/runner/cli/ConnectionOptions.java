package dev.migratefirst.runner.cli;

import dev.migratefirst.runner.Env;
import dev.migratefirst.runner.connect.ConnectionSettings;
import dev.migratefirst.runner.connect.SslMode;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How to reach the database (a picocli mixin of the commands that connect to one): the embedded
 * throwaway server, the connect-retry bound and TLS. The connection itself comes from the
 * environment (DATABASE_URL, DB_SECRET, DB_HOST..., PG*), see {@link ConnectionSettings}.
 */
public class ConnectionOptions {
    @Option(names = "--embedded",
            description = "Run against a throwaway embedded PostgreSQL instead of DATABASE_URL/DB_SECRET/DB_HOST.")
    boolean embedded;

    @Env("CONNECT_TIMEOUT")
    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long to keep retrying while the database is unreachable. "
                    + "Env: CONNECT_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    Duration connectTimeout;

    @Env("DB_SSLMODE")
    @Option(names = "--ssl-mode", paramLabel = "MODE",
            description = "disable, allow, prefer, require, verify-ca or verify-full. Env: DB_SSLMODE. Default: "
                    + "verify-full for a remote host (with the bundled Amazon RDS CAs unless a CA bundle is given), "
                    + "disable for localhost. Wins over the URL's sslmode and PGSSLMODE.")
    String sslMode;

    @Env("DB_SSL_ROOT_CERT")
    @Option(names = "--ssl-root-cert", paramLabel = "PATH",
            description = "CA bundle to verify the server certificate with instead of the bundled Amazon RDS "
                    + "CAs; implies verify-full. Env: DB_SSL_ROOT_CERT.")
    Path sslRootCert;

    /** Whether to run against a throwaway embedded PostgreSQL. */
    public boolean embedded() {
        return embedded;
    }

    /** How long to keep retrying while the database is unreachable. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** TLS options as given (null when not given). */
    public ConnectionSettings.SslOptions sslOptions() {
        SslMode mode = sslMode == null || sslMode.isBlank() ? null : SslMode.parse(sslMode, "--ssl-mode/DB_SSLMODE");
        return new ConnectionSettings.SslOptions(mode, sslRootCert);
    }
}
