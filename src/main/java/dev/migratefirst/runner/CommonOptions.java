package dev.migratefirst.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options every runner command takes (a picocli mixin, used through {@link RunnerCommand}).
 * Each option can also be set by the environment variable named in its {@link Env} annotation;
 * the command line wins.
 */
public class CommonOptions {
    /** The image's migrations folder (the Dockerfile copies migrations/ there). */
    public static final Path IMAGE_MIGRATIONS = Path.of("/app/migrations");

    @Env("MIGRATIONS_LOCATION")
    @Option(names = "--locations", split = ",", paramLabel = "LOCATION",
            description = "Migration locations in Flyway syntax, comma-separated (e.g. filesystem:migrations). "
                    + "Env: MIGRATIONS_LOCATION. Default: filesystem:/app/migrations when it exists, "
                    + "else filesystem:migrations.")
    List<String> locations;

    @Env("LOG_FORMAT")
    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "human",
            description = "Output: human (a line per step) or json (JSON lines). Env: LOG_FORMAT. Default: ${DEFAULT-VALUE}.")
    LogFormat logFormat;

    @Option(names = "--embedded",
            description = "Run against a throwaway embedded PostgreSQL instead of DATABASE_URL/DB_SECRET/DB_HOST.")
    boolean embedded;

    @Env("LOCK_TIMEOUT")
    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "lock_timeout of every migration connection: the longest a statement (and the app's "
                    + "queries queued behind it) waits for a lock. Env: LOCK_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    Duration lockTimeout;

    @Env("LOCK_RETRIES")
    @Option(names = "--lock-retries", paramLabel = "N", defaultValue = "10",
            description = "Retries of a migration that hit lock_timeout (SQLSTATE 55P03); 0 disables. "
                    + "Env: LOCK_RETRIES. Default: ${DEFAULT-VALUE}.")
    int lockRetries;

    @Env("LOCK_RETRY_BACKOFF")
    @Option(names = "--lock-retry-backoff", paramLabel = "DURATION", defaultValue = "1s",
            converter = DurationConverter.class,
            description = "First wait between lock retries, doubled per retry with jitter. "
                    + "Env: LOCK_RETRY_BACKOFF. Default: ${DEFAULT-VALUE}.")
    Duration lockRetryBackoff;

    @Env("LOCK_RETRY_BACKOFF_MAX")
    @Option(names = "--lock-retry-backoff-max", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Longest wait between lock retries. Env: LOCK_RETRY_BACKOFF_MAX. Default: ${DEFAULT-VALUE}.")
    Duration lockRetryBackoffMax;

    @Env("CONNECT_TIMEOUT")
    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long to keep retrying while the database is unreachable. "
                    + "Env: CONNECT_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    Duration connectTimeout;

    @Env("ADVISORY_LOCK_WAIT")
    @Option(names = "--advisory-lock-wait", paramLabel = "DURATION", defaultValue = "15m",
            converter = DurationConverter.class,
            description = "How long to wait while another runner holds the migration lock. "
                    + "Env: ADVISORY_LOCK_WAIT. Default: ${DEFAULT-VALUE}.")
    Duration advisoryLockWait;

    @Env("DB_SSLMODE")
    @Option(names = "--ssl-mode", paramLabel = "MODE",
            description = "disable, require, verify-ca or verify-full. Env: DB_SSLMODE. Default: require for a "
                    + "remote host, disable for localhost, verify-full when a CA bundle is given.")
    String sslMode;

    @Env("DB_SSL_ROOT_CERT")
    @Option(names = "--ssl-root-cert", paramLabel = "PATH",
            description = "CA bundle (e.g. the RDS global bundle) to verify the server certificate with; "
                    + "implies verify-full. Env: DB_SSL_ROOT_CERT.")
    Path sslRootCert;

    /** The output format. */
    public LogFormat logFormat() {
        return logFormat == null ? LogFormat.human : logFormat;
    }

    /** Whether to run against a throwaway embedded PostgreSQL. */
    public boolean embedded() {
        return embedded;
    }

    /** The guards built from the options. */
    public Guards guards() {
        if (lockTimeout.isZero()) {
            throw RunnerException.configuration("--lock-timeout/LOCK_TIMEOUT must be greater than 0 "
                    + "(0 would let a migration wait for a lock forever while the app's queries queue behind it)");
        }
        if (lockRetries < 0) {
            throw RunnerException.configuration("--lock-retries/LOCK_RETRIES must be 0 or more, got " + lockRetries);
        }
        return new Guards(lockTimeout, lockRetries, lockRetryBackoff, lockRetryBackoffMax, connectTimeout,
                advisoryLockWait);
    }

    /** TLS options as given (null when not given). */
    public ConnectionSettings.SslOptions sslOptions() {
        SslMode mode = sslMode == null || sslMode.isBlank() ? null : SslMode.parse(sslMode, "--ssl-mode/DB_SSLMODE");
        return new ConnectionSettings.SslOptions(mode, sslRootCert);
    }

    /**
     * The locations in Flyway syntax. A bare path is read as {@code filesystem:<path>}.
     *
     * @throws RunnerException (configuration error) when a filesystem location does not exist
     */
    public List<String> locations(Map<String, String> env) {
        List<String> given = locations == null ? List.of() : locations.stream().map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        if (given.isEmpty()) {
            Path dir = Files.isDirectory(IMAGE_MIGRATIONS) ? IMAGE_MIGRATIONS : Path.of("migrations");
            given = List.of("filesystem:" + dir);
        }
        List<String> result = new ArrayList<>();
        for (String l : given) {
            String loc = l.contains(":") ? l : "filesystem:" + l;
            if (loc.startsWith("filesystem:")) {
                Path p = Path.of(loc.substring("filesystem:".length()));
                if (!Files.isDirectory(p)) {
                    throw RunnerException.configuration("--locations/MIGRATIONS_LOCATION: migrations folder not found: "
                            + p.toAbsolutePath().normalize());
                }
            } else if (!loc.startsWith("classpath:")) {
                throw RunnerException.configuration("--locations/MIGRATIONS_LOCATION: unsupported location '" + l
                        + "' (use filesystem:<path> or classpath:<package>)");
            }
            result.add(loc);
        }
        return List.copyOf(result);
    }

    /** Reads {@code 2s}, {@code 500ms}, {@code 1m}, {@code 1h}, a plain number of seconds, or ISO-8601 {@code PT2S}. */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern SIMPLE = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?$");

        @Override
        public Duration convert(String value) {
            return parse(value);
        }

        /** Parses a duration; throws {@link CommandLine.TypeConversionException} with the expected shape. */
        public static Duration parse(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            Matcher m = SIMPLE.matcher(v);
            if (m.matches()) {
                double n = Double.parseDouble(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                double ms = switch (unit) {
                    case "ms" -> n;
                    case "m" -> n * 60_000;
                    case "h" -> n * 3_600_000;
                    default -> n * 1000;
                };
                return Duration.ofMillis(Math.round(ms));
            }
            try {
                Duration d = Duration.parse(value.trim().toUpperCase(Locale.ROOT));
                if (!d.isNegative()) {
                    return d;
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (expected e.g. 500ms, 2s, 1m)");
        }
    }
}
