package dev.migratefirst.runner.migrate;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Messages;
import dev.migratefirst.runner.RunnerException;
import java.sql.SQLException;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;
import org.flywaydb.core.api.logging.LogFactory;

/**
 * Small helpers around Flyway: silences Flyway's own console logging (the runner prints its own
 * lines), and digs the database's error out of Flyway's exception chain.
 */
public final class FlywaySupport {
    private static volatile boolean installed;

    private FlywaySupport() {
    }

    /** Routes Flyway's log to nowhere (idempotent): its progress is reported by the runner's callbacks. */
    public static void install() {
        if (installed) {
            return;
        }
        synchronized (FlywaySupport.class) {
            if (!installed) {
                LogCreator quiet = type -> new QuietLog();
                LogFactory.setLogCreator(quiet);
                LogFactory.setFallbackLogCreator(quiet);
                installed = true;
            }
        }
    }

    /**
     * The exit code and one-line message of a Flyway failure that no command handled itself:
     * validation errors, lost connections, lock timeouts, anything else as a failed command.
     */
    public static RunnerException classify(FlywayException e, String command) {
        String state = sqlState(e);
        if (e instanceof FlywayValidateException) {
            return new RunnerException(ExitCode.VALIDATION_FAILED, command + ": validation failed: " + Messages.oneLine(e.getMessage()), e);
        }
        if (state.startsWith("08")) {
            return new RunnerException(ExitCode.DATABASE_UNREACHABLE, command + ": lost the connection to the database: "
                    + databaseMessage(e), e);
        }
        if (LockRetry.LOCK_NOT_AVAILABLE.equals(state)) {
            return new RunnerException(ExitCode.LOCK_RETRIES_EXHAUSTED, command + ": a lock was not granted within "
                    + "lock_timeout: " + databaseMessage(e), e);
        }
        return new RunnerException(ExitCode.MIGRATION_FAILED, command + " failed: " + Messages.oneLine(e.getMessage()), e);
    }

    /**
     * A one-line message with Flyway's advice that does not fit the runner taken out: sentences with a
     * help URL ("Need more flexibility with validation rules? Learn more: https://...") are dropped,
     * and "run repair" points to {@code runner repair}, the guarded repair the runner has.
     */
    public static String withoutForeignAdvice(String message) {
        if (message == null) {
            return "";
        }
        String[] parts = message.split("(?<=[.?!|])\\s+");
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (part.contains("http://") || part.contains("https://") || part.startsWith("Learn more")
                    || part.startsWith("Need more flexibility")) {
                continue;
            }
            out.append(out.length() == 0 ? "" : " ").append(part);
        }
        return out.toString().replaceAll("\\s*\\|\\s*$", "").strip()
                .replaceAll("(?i)\\brun repair\\b", "run 'runner repair' (dry run first)")
                .replaceAll("(?i)\\bflyway repair\\b", "'runner repair'");
    }

    /** The first {@link SQLException} in a cause chain, or null. */
    public static SQLException sqlCause(Throwable t) {
        return firstInChain(t, SQLException.class);
    }

    /** The SQLSTATE of the first {@link SQLException} in a cause chain, or "". */
    public static String sqlState(Throwable t) {
        SQLException s = sqlCause(t);
        return s == null || s.getSQLState() == null ? "" : s.getSQLState();
    }

    /** The first {@link RunnerException} in a cause chain, or null. */
    public static RunnerException findRunnerException(Throwable t) {
        return firstInChain(t, RunnerException.class);
    }

    /** The first throwable of a type in a cause chain, or null. */
    public static <T extends Throwable> T firstInChain(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /** The database's own error message (first line), or the exception's message when none. */
    public static String databaseMessage(Throwable t) {
        SQLException s = sqlCause(t);
        if (s != null && s.getMessage() != null) {
            return Messages.oneLine(s.getMessage());
        }
        return Messages.oneLine(t.getMessage());
    }

    private static final class QuietLog implements Log {
        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public void debug(String message) {
            // dropped
        }

        @Override
        public void info(String message) {
            // dropped
        }

        @Override
        public void warn(String message) {
            // dropped: the runner reports what matters itself
        }

        @Override
        public void error(String message) {
            // dropped: errors surface as exceptions
        }

        @Override
        public void error(String message, Exception e) {
            // dropped: errors surface as exceptions
        }

        @Override
        public void notice(String message) {
            // dropped
        }
    }
}
