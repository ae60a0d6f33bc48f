package dev.migratefirst.runner.cli;

import dev.migratefirst.migrations.MigrationsFolder;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Guards;
import dev.migratefirst.runner.Interruption;
import dev.migratefirst.runner.Redactor;
import dev.migratefirst.runner.Reporter;
import dev.migratefirst.runner.RunnerException;
import dev.migratefirst.runner.connect.ConnectionSettings;
import dev.migratefirst.runner.connect.GuardedDataSource;
import dev.migratefirst.runner.connect.SslMode;
import dev.migratefirst.runner.migrate.FlywaySupport;
import dev.migratefirst.runner.migrate.MigrationEncoding;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Everything one command invocation needs, created lazily: the reporter, the resolved connection
 * settings (or a throwaway embedded PostgreSQL with {@code --embedded}), a {@link GuardedDataSource}
 * and a Flyway configuration with every guard applied. Commands obtain connections and Flyway only
 * from here, so no command can forget a guard. Closing it stops the embedded database, if any.
 */
public final class RunContext implements AutoCloseable {
    private final LocationOptions locationOptions;
    private final ConnectionOptions connectionOptions;
    private final Map<String, String> env;
    private final Interruption interruption;
    private final Reporter reporter;
    private final Guards guards;

    private EmbeddedPostgres embedded;
    private ConnectionSettings settings;
    private GuardedDataSource dataSource;
    private List<Location> locations;
    private List<MigrationsFolder> folders;
    private FlywayConfig flywayConfig;

    /**
     * The context of one command.
     *
     * @param output     the output options
     * @param locations  the migration locations
     * @param connection the connection options; null for a command that connects to no database ({@code check})
     * @param guards     the lock guard options; null for a command that connects to no database (the defaults)
     * @throws RunnerException (configuration error) for a bad guard value
     */
    public RunContext(OutputOptions output, LocationOptions locations, ConnectionOptions connection,
                      GuardOptions guards, Map<String, String> env, PrintStream out, PrintStream err,
                      Interruption interruption) {
        this.locationOptions = Objects.requireNonNull(locations, "locations");
        this.connectionOptions = connection;
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.interruption = Objects.requireNonNull(interruption, "interruption");
        this.reporter = Reporter.create(output.logFormat(), out, err, new Redactor());
        this.guards = guards == null ? Guards.DEFAULTS
                : guards.guards(connection == null ? Guards.DEFAULTS.connectTimeout() : connection.connectTimeout());
        // register every secret the environment could hold before anything is printed
        reporter.redactor().addSecret(this.env.get("DB_PASSWORD"));
        reporter.redactor().addSecret(this.env.get("APP_DB_PASSWORD"));
        reporter.redactor().addSecret(this.env.get("PGPASSWORD"));
        String secretJson = this.env.get("DB_SECRET");
        if (secretJson != null) {
            try {
                var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(secretJson);
                if (node != null && node.hasNonNull("password")) {
                    reporter.redactor().addSecret(node.get("password").asText());
                }
            } catch (IOException e) {
                // malformed: reported (without its content) when the settings are resolved
            }
        }
        String url = this.env.get("DATABASE_URL");
        if (url != null) {
            try {
                ConnectionSettings s = ConnectionSettings.fromUrl(url.trim(), ConnectionSettings.SslOptions.DEFAULTS);
                reporter.redactor().addSecret(s.password());
            } catch (RunnerException e) {
                // malformed: reported when the settings are resolved
            }
        }
    }

    /** Where to print progress; every line is redacted. */
    public Reporter reporter() {
        return reporter;
    }

    /** The guards of this run. */
    public Guards guards() {
        return guards;
    }

    /** The stop request shared with the signal handler. */
    public Interruption interruption() {
        return interruption;
    }

    /** The environment the runner was started with. */
    public Map<String, String> env() {
        return env;
    }

    /**
     * The migration locations in Flyway syntax (e.g. {@code filesystem:/app/migrations}). Every
     * {@code .sql} file of a filesystem location must be named like a migration ({@code V<n>__},
     * {@code U<n>__}, {@code R__}): a typo would otherwise be skipped silently.
     *
     * @throws RunnerException (configuration error) for a missing folder or a misnamed file
     */
    public synchronized List<Location> locations() {
        if (locations == null) {
            List<Location> given = locationOptions.locations();
            List<MigrationsFolder> read = new ArrayList<>();
            for (Location l : given) {
                if (LocationOptions.isFilesystem(l)) {
                    try {
                        MigrationsFolder folder = MigrationsFolder.read(LocationOptions.folder(l));
                        // UTF-8: the encoding Flyway reads migrations with unless configured otherwise
                        MigrationEncoding.requireValid(folder, java.nio.charset.StandardCharsets.UTF_8);
                        read.add(folder);
                    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                        throw RunnerException.configuration("--locations/MIGRATIONS_LOCATION: " + e.getMessage());
                    }
                }
            }
            folders = List.copyOf(read);
            locations = given;
        }
        return locations;
    }

    /** The locations as printed and reported ({@code filesystem:/app/migrations}, ...). */
    public List<String> describeLocations() {
        return locations().stream().map(Location::getDescriptor).toList();
    }

    /**
     * The folders of the {@code filesystem:} locations, in location order, as read once when
     * {@link #locations()} checked them.
     *
     * @throws RunnerException (configuration error) as {@link #locations()}
     */
    public synchronized List<MigrationsFolder> filesystemFolders() {
        locations();
        return folders;
    }

    /**
     * The connection settings: from the environment, or of the embedded database started for
     * {@code --embedded}.
     *
     * @throws RunnerException (configuration error) naming a missing or malformed variable
     */
    public synchronized ConnectionSettings connectionSettings() {
        if (settings == null) {
            if (connectionOptions == null) {
                throw new IllegalStateException("this command connects to no database");
            }
            if (connectionOptions.embedded()) {
                startEmbedded();
            } else {
                settings = ConnectionSettings.fromEnvironment(env, connectionOptions.sslOptions());
                reporter.redactor().addSecret(settings.password());
            }
        }
        return settings;
    }

    private void startEmbedded() {
        reporter.info("embedded_start", "starting a throwaway embedded PostgreSQL (--embedded)");
        try {
            embedded = EmbeddedPostgres.builder().start();
        } catch (IOException | RuntimeException e) {
            throw new RunnerException(ExitCode.DATABASE_UNREACHABLE, "cannot start the embedded PostgreSQL: "
                    + e.getMessage(), e);
        }
        settings = new ConnectionSettings("localhost", embedded.getPort(), "postgres", "postgres", null,
                SslMode.DISABLE, null, "--embedded");
    }

    /** The data source every connection of this run comes from (guards applied). */
    public synchronized GuardedDataSource dataSource() {
        if (dataSource == null) {
            dataSource = new GuardedDataSource(connectionSettings(), guards, interruption, reporter);
        }
        return dataSource;
    }

    /**
     * A new guarded connection (lock_timeout set, connect retries applied, cancelled on SIGTERM).
     * The caller closes it.
     *
     * @throws RunnerException {@link ExitCode#DATABASE_UNREACHABLE} when the connect bound passes
     */
    public Connection connect() {
        try {
            return dataSource().getConnection();
        } catch (SQLException e) {
            throw new RunnerException(ExitCode.DATABASE_UNREACHABLE, "cannot connect: "
                    + reporter.redactor().redact(e.getMessage()), e);
        }
    }

    /**
     * The team's Flyway settings ({@code flyway.conf}/{@code flyway.toml} in the working directory, then
     * in each migrations folder, then {@code FLYWAY_*}), read once; settings the runner does not read are
     * reported once as a warning. Every command (migrate, info, validate, plan, undo, check) uses these.
     *
     * @throws RunnerException (configuration error) naming the setting and its source when one is refused
     */
    public synchronized FlywayConfig flywayConfig() {
        if (flywayConfig == null) {
            List<java.nio.file.Path> dirs = new ArrayList<>();
            dirs.add(FlywayConfig.workingDirectory());
            filesystemFolders().forEach(f -> dirs.add(f.root()));
            flywayConfig = FlywayConfig.load(dirs, env);
            for (String ignored : flywayConfig.ignored()) {
                reporter.warn("flyway_setting_ignored", ignored + " is not read by the runner (see docs/runner.md, "
                        + "Flyway configuration)", Map.of("setting", ignored));
            }
        }
        return flywayConfig;
    }

    /**
     * A Flyway configuration with the team's Flyway settings ({@link #flywayConfig()}) and the runner's guards: the guarded data source, the locations,
     * {@code clean} disabled, future migrations ignored (a rollback image), validation on migrate
     * (an edited applied migration is refused), strict naming, the PostgreSQL lock taken as a
     * session advisory lock ({@code flyway.postgresql.transactional.lock=false}, so
     * {@code CREATE INDEX CONCURRENTLY} cannot wait on the runner's own lock transaction),
     * baseline on migrate, mixed and out of order off unless the team's settings turn them on. Callers
     * may add callbacks; they must not loosen a guard.
     */
    public FluentConfiguration flywayConfiguration() {
        FlywaySupport.install();
        FlywayConfig team = flywayConfig();
        FluentConfiguration configuration = Flyway.configure(RunContext.class.getClassLoader());
        configuration.configuration(team.flywayProperties());
        List<String> ignorePatterns = ignoreMigrationPatterns();
        // flyway.postgresql.transactional.lock=false: the lock is a session pg_advisory_lock, not a
        // pg_advisory_xact_lock held by an open transaction that CREATE INDEX CONCURRENTLY would wait for
        configuration.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return configuration
                .dataSource(dataSource())
                .locations(locations().toArray(Location[]::new))
                .failOnMissingLocations(true)
                .cleanDisabled(true)
                .ignoreMigrationPatterns(ignorePatterns.toArray(String[]::new))
                .validateOnMigrate(true)
                // Flyway Community does not know U<n>__ undo scripts: naming is checked when the
                // filesystem folders are read (MigrationsFolder, see locations())
                .validateMigrationNaming(false)
                .outOfOrder(team.flag("outOfOrder", false))
                .baselineOnMigrate(team.flag("baselineOnMigrate", false))
                .mixed(team.flag("mixed", false))
                .group(false)
                .connectRetries(0)
                .lockRetryCount((int) Math.max(1, guards.advisoryLockWait().toSeconds()));
    }

    /**
     * The ignore patterns of {@link #flywayConfiguration()}: the team's {@code ignoreMigrationPatterns}
     * and the runner's {@code *:future} (a rollback image meets migrations it does not know).
     */
    public List<String> ignoreMigrationPatterns() {
        List<String> patterns = new ArrayList<>(flywayConfig().list("ignoreMigrationPatterns"));
        patterns.add("*:future");
        return patterns.stream().distinct().toList();
    }

    /** A Flyway engine with {@link #flywayConfiguration()}. */
    public Flyway flyway() {
        return flywayConfiguration().load();
    }

    /** Stops the embedded database, if one was started. */
    @Override
    public synchronized void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                reporter.warn("embedded_stop_failed", "could not stop the embedded PostgreSQL: " + e.getMessage());
            }
            embedded = null;
        }
    }
}
