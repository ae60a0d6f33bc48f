package dev.migratefirst.runner.connect;

import dev.migratefirst.runner.Backoff;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Guards;
import dev.migratefirst.runner.Interruption;
import dev.migratefirst.runner.Messages;
import dev.migratefirst.runner.Reporter;
import dev.migratefirst.runner.RunnerException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * The only way the runner opens database connections. Every connection it hands out:
 * <ul>
 *   <li>was opened with connect retries: while the database is unreachable (SQLSTATE class 08,
 *       57P03 "starting up", 53300 "too many connections") it retries with exponential backoff
 *       and jitter until {@link Guards#connectTimeout()} has passed, then fails with
 *       {@link ExitCode#DATABASE_UNREACHABLE}; wrong credentials or an unknown database fail at
 *       once with {@link ExitCode#CONFIGURATION_ERROR};</li>
 *   <li>has {@code lock_timeout} set for the session ({@link Guards#lockTimeout()});</li>
 *   <li>is cancelled (its running statement, server side) when the run is interrupted.</li>
 * </ul>
 * Exceptions never carry the password: messages are redacted before they leave.
 */
public final class GuardedDataSource implements DataSource {
    private static final Duration MAX_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * pgjdbc logs through java.util.logging (e.g. "SEVERE: Server name validation failed" with its class
     * name on stderr); the runner reports every connect failure itself, in words. Held so it is not collected.
     */
    private static final Logger PGJDBC_LOG = Logger.getLogger("org.postgresql");

    static {
        PGJDBC_LOG.setLevel(java.util.logging.Level.OFF);
    }

    private final ConnectionSettings settings;
    private final Guards guards;
    private final Interruption interruption;
    private final Reporter reporter;
    private final List<Connection> open = new CopyOnWriteArrayList<>();
    private final org.postgresql.Driver driver = new org.postgresql.Driver();

    public GuardedDataSource(ConnectionSettings settings, Guards guards, Interruption interruption, Reporter reporter) {
        this.settings = settings;
        this.guards = guards;
        this.interruption = interruption;
        this.reporter = reporter;
        interruption.onRequest(this::cancelAll);
    }

    /** The settings connections are opened with. */
    public ConnectionSettings settings() {
        return settings;
    }

    @Override
    public Connection getConnection() throws SQLException {
        long deadline = System.nanoTime() + guards.connectTimeout().toNanos();
        Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5));
        int attempt = 0;
        while (true) {
            interruption.check();
            long leftNanos = deadline - System.nanoTime();
            int timeoutSeconds = (int) Math.max(1, Math.min(MAX_ATTEMPT_TIMEOUT.toSeconds(),
                    Duration.ofNanos(Math.max(0, leftNanos)).toSeconds()));
            try {
                Connection c = driver.connect(settings.jdbcUrl(), settings.jdbcProperties(timeoutSeconds));
                if (c == null) {
                    throw new SQLException("the PostgreSQL driver does not accept " + settings.jdbcUrl());
                }
                return guard(c);
            } catch (SQLException e) {
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                String why = reporter.redactor().redact(describe(e));
                RunnerException refused = refused(e, state);
                if (refused != null) {
                    throw refused;
                }
                if (state.startsWith("28")) {
                    throw new RunnerException(ExitCode.CONFIGURATION_ERROR, "cannot log in to " + settings.describe()
                            + ": " + why + " (check the user and password in " + settings.source() + ")");
                }
                if (state.equals("3D000")) {
                    throw new RunnerException(ExitCode.CONFIGURATION_ERROR, "database '" + settings.database()
                            + "' does not exist on " + settings.host() + ":" + settings.port() + " (from "
                            + settings.source() + ")");
                }
                if (!retryable(state)) {
                    throw new RunnerException(ExitCode.DATABASE_UNREACHABLE, "cannot connect to "
                            + settings.describe() + ": " + why + " (SQLSTATE " + state + ")");
                }
                Duration wait = backoff.delay(attempt++);
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new RunnerException(ExitCode.DATABASE_UNREACHABLE, "database unreachable after "
                            + Messages.seconds(guards.connectTimeout()) + " (" + attempt + " attempts): " + settings.describe()
                            + ": " + why);
                }
                if (wait.toNanos() > left) {
                    wait = Duration.ofNanos(left);
                }
                reporter.warn("connect_retry", "cannot connect to " + settings.host() + ":" + settings.port()
                        + " (" + why + "); retrying in " + wait.toMillis() + " ms",
                        java.util.Map.of("attempt", attempt, "retry_in_ms", wait.toMillis()));
                interruption.sleep(wait);
            }
        }
    }

    /**
     * A connect failure that retrying cannot fix, in words (configuration error, exit 2): a server
     * certificate that fails verification, a server that accepts only TLS while TLS is off, a
     * pg_hba.conf that has no entry for this connection, a password the server asks for and none was
     * given. Null for anything else.
     */
    private RunnerException refused(SQLException e, String state) {
        String where = settings.host() + ":" + settings.port();
        String message = String.valueOf(e.getMessage());
        if (message.contains("could not be verified by hostnameverifier")) {
            return RunnerException.configuration("the server certificate of " + where + " does not name the host "
                    + settings.host() + " (sslmode " + settings.sslMode().value() + "): connect with the host name the "
                    + "certificate was issued for, or set sslmode=verify-ca");
        }
        if (hasCause(e, java.security.cert.CertificateException.class)
                || hasCause(e, javax.net.ssl.SSLHandshakeException.class) && settings.sslMode().verifies()) {
            String ca = settings.usesBundledRdsCa() ? "the Amazon RDS CAs the runner ships"
                    : "the CA bundle " + settings.sslRootCert();
            return RunnerException.configuration("the server certificate of " + where + " failed verification: it is "
                    + "not signed by " + ca + " (sslmode " + settings.sslMode().value() + "): set sslrootcert "
                    + "(DB_SSL_ROOT_CERT) to the CA that signed it, or sslmode=require to skip verification");
        }
        if (state.startsWith("28") && message.contains("no encryption")) {
            return RunnerException.configuration(where + " accepts only TLS connections from here (its pg_hba.conf "
                    + "has no entry without encryption) and sslmode is " + settings.sslMode().value()
                    + ": set sslmode=verify-full (or require)");
        }
        if (state.startsWith("28") && message.contains("no pg_hba.conf entry")) {
            return RunnerException.configuration(where + " refuses this connection: its pg_hba.conf has no entry for "
                    + "user " + settings.user() + ", database " + settings.database() + " and this client address"
                    + " (sslmode " + settings.sslMode().value() + ")");
        }
        if (message.contains("no password was provided")) {
            return RunnerException.configuration(where + " asks for a password and none was given for user "
                    + settings.user() + ": put it in " + settings.source() + ", or set PGPASSWORD, or add a line to "
                    + "the password file (~/.pgpass or PGPASSFILE)");
        }
        if (settings.sslMode() != SslMode.DISABLE && message.contains("does not support SSL")) {
            return RunnerException.configuration(where + " does not offer TLS and sslmode is "
                    + settings.sslMode().value() + ": enable ssl on the server, or set sslmode=disable for a "
                    + "database on a trusted network");
        }
        return null;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** The driver's message plus its network cause in words ("Connection refused", "unknown host db.internal"). */
    private static String describe(SQLException e) {
        String message = Messages.oneLine(e.getMessage());
        Throwable cause = e.getCause();
        if (cause instanceof java.net.UnknownHostException) {
            return message + " (unknown host " + Messages.oneLine(cause.getMessage()) + ")";
        }
        if (cause != null && cause != e && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message = message + " (" + Messages.oneLine(cause.getMessage()) + ")";
        }
        return message;
    }

    private static boolean retryable(String state) {
        return state.startsWith("08") || state.equals("57P03") || state.equals("53300") || state.isEmpty();
    }

    private Connection guard(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '" + guards.lockTimeout().toMillis() + "ms'");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        open.removeIf(this::isClosed);
        open.add(c);
        return c;
    }

    private boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** Cancels the statement running on every open connection (their transactions then roll back). */
    public void cancelAll() {
        for (Connection c : open) {
            try {
                if (!c.isClosed()) {
                    c.unwrap(PGConnection.class).cancelQuery();
                }
            } catch (SQLException e) {
                // the connection is gone: nothing runs on it any more
            }
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the runner's credentials come from its configuration");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // not used
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the connect bound comes from Guards.connectTimeout
    }

    @Override
    public int getLoginTimeout() {
        return (int) guards.connectTimeout().toSeconds();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

}
