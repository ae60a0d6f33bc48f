package dev.migratefirst.runner.exec;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Interruption;
import dev.migratefirst.runner.Messages;
import dev.migratefirst.runner.Reporter;
import dev.migratefirst.runner.RunnerException;
import dev.migratefirst.runner.history.MigrationLock;
import dev.migratefirst.runner.history.SchemaHistoryTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs one tool under the runner's guards: takes the runner's session advisory lock (the key
 * {@code migrate} and {@code undo} hold, on the default schema history table) on a connection of its
 * own and keeps it for the tool's whole run, so two tasks never run the tool at once and a tool never
 * runs beside a {@code migrate}; starts the tool with the {@link ToolEnvironment}; copies its output
 * (redacted) to the runner's streams; forwards a stop request (SIGTERM) to it and waits for it to
 * exit; maps its exit status ({@link ExecOutcome#map}).
 */
public final class ExecEngine {
    private static final Duration PUMP_DRAIN = Duration.ofSeconds(2);

    private final List<String> command;
    private final Map<String, String> toolEnv;
    private final Supplier<Connection> lockConnection;
    private final Duration lockWait;
    private final Interruption interruption;
    private final Reporter reporter;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param command        the tool and its arguments (not empty)
     * @param toolEnv        the tool's whole environment ({@link ToolEnvironment#build})
     * @param lockConnection opens the guarded connection the lock is held on (closed by the engine)
     * @param lockWait       how long to wait for another runner's lock ({@code --advisory-lock-wait})
     * @param out            where the tool's standard output goes
     * @param err            where the tool's standard error goes
     */
    public ExecEngine(List<String> command, Map<String, String> toolEnv, Supplier<Connection> lockConnection,
                      Duration lockWait, Interruption interruption, Reporter reporter, PrintStream out,
                      PrintStream err) {
        if (command == null || command.isEmpty()) {
            throw RunnerException.configuration("exec: no command given (usage: runner exec -- <command> [args...])");
        }
        this.command = List.copyOf(command);
        this.toolEnv = Map.copyOf(toolEnv);
        this.lockConnection = Objects.requireNonNull(lockConnection, "lockConnection");
        this.lockWait = Objects.requireNonNull(lockWait, "lockWait");
        this.interruption = Objects.requireNonNull(interruption, "interruption");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    /** Takes the lock, runs the tool to its end, releases the lock. */
    public ExecOutcome run() throws SQLException {
        try (Connection connection = lockConnection.get()) {
            connection.setAutoCommit(true);
            SchemaHistoryTable history = SchemaHistoryTable.resolve(connection, Optional.empty(), Optional.empty());
            try (MigrationLock lock = MigrationLock.runner(connection, history, lockWait, interruption::sleep,
                    () -> reporter.info("runner_lock_wait", "waiting for the runner lock of " + history.qualified()
                            + ": another runner is migrating or running a tool",
                            Map.of("lock_key", history.runnerLockKey())))) {
                reporter.info("exec_lock", "holding the runner lock (advisory lock " + history.runnerLockKey()
                        + ") for the whole run", Map.of("lock_key", history.runnerLockKey()));
                return runTool();
            }
        }
    }

    private ExecOutcome runTool() {
        interruption.check();
        // the command line only: the environment (which holds the password) is never printed
        String shown = Messages.oneLine(String.join(" ", command));
        reporter.info("exec_start", "running: " + shown + " (connection in DATABASE_URL, PG*, JDBC_DATABASE_URL, "
                + "FLYWAY_*, SPRING_DATASOURCE_*; session settings in PGOPTIONS: " + toolEnv.get("PGOPTIONS") + ")",
                Map.of("command", shown));
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT);
        pb.environment().clear();
        pb.environment().putAll(toolEnv);
        long start = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw RunnerException.configuration("exec: cannot start '" + command.get(0) + "': "
                    + Messages.oneLine(e.getMessage()) + " (is it installed and on PATH?)");
        }
        Runnable forward = () -> {
            if (process.isAlive()) {
                process.destroy(); // SIGTERM
            }
        };
        interruption.onRequest(forward);
        Thread stdout = pump(process.getInputStream(), out, "exec-stdout");
        Thread stderr = pump(process.getErrorStream(), err, "exec-stderr");
        int status;
        try {
            status = waitFor(process);
            join(stdout);
            join(stderr);
        } finally {
            interruption.remove(forward);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        ExitCode code = ExecOutcome.map(status, interruption.isRequested());
        Map<String, Object> fields = Map.of("tool_exit_status", status, "exit_code", code.code(),
                "duration_ms", elapsed.toMillis());
        switch (code) {
            case SUCCESS -> reporter.info("exec_done", shown + " finished (exit 0) in " + elapsed.toMillis() + " ms",
                    fields);
            case INTERRUPTED -> reporter.error("exec_interrupted", shown + " was stopped"
                    + (interruption.isRequested() ? " (SIGTERM forwarded to it)" : " by signal " + (status - 128))
                    + "; exit status " + status, fields);
            default -> reporter.error("exec_failed", shown + " failed with exit status " + status
                    + " (the tool's own error is above)", fields);
        }
        return new ExecOutcome(status, code, elapsed);
    }

    /** Waits for the tool; an interrupted wait (the runner itself stopping) still waits for the tool to exit. */
    private static int waitFor(Process process) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return process.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true;
                    process.destroy();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for a pump; bounded, since a process the tool left behind may still hold its output open. */
    private static void join(Thread t) {
        try {
            t.join(PUMP_DRAIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Thread pump(InputStream from, PrintStream to, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    to.println(reporter.redactor().redact(line));
                }
                to.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
