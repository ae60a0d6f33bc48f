package dev.migratefirst.runner.cli;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Interruption;
import dev.migratefirst.runner.Messages;
import dev.migratefirst.runner.Redactor;
import dev.migratefirst.runner.Reporter;
import dev.migratefirst.runner.RunnerException;
import dev.migratefirst.runner.migrate.FlywaySupport;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flywaydb.core.api.FlywayException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Base class of every runner subcommand: takes the {@link OutputOptions} and {@link LocationOptions}
 * (a command that connects to a database extends {@link DatabaseCommand}, which adds the connection and
 * lock options), builds the {@link RunContext} (reporter, connection, guarded Flyway) and turns every failure into one
 * redacted error line and an {@link ExitCode}. A subcommand implements {@link #execute(RunContext)}
 * and is registered in {@link Main}'s subcommand list.
 */
public abstract class RunnerCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    OutputOptions output;

    @Mixin
    LocationOptions locations;

    @Spec
    CommandSpec spec;

    /**
     * Runs the command.
     *
     * @return the exit code; failures may also be thrown as {@link RunnerException}
     */
    protected abstract ExitCode execute(RunContext context) throws Exception;

    /** The connection options, or null for a command that does not connect to a database. */
    ConnectionOptions connectionOptions() {
        return null;
    }

    /** The lock guard options, or null for a command that does not connect to a database. */
    GuardOptions guardOptions() {
        return null;
    }

    /** The command's name as typed ({@code migrate}, {@code info}, ...). */
    protected String commandName() {
        return spec.name();
    }

    @Override
    public final Integer call() {
        Interruption interruption = main.interruption();
        RunContext context;
        try {
            context = new RunContext(output, locations, connectionOptions(), guardOptions(), main.env(), main.out(), main.err(), interruption);
        } catch (RunnerException e) {
            // a bad option value: the context (and its reporter) could not be built; the message
            // holds no secret (option values are never secrets)
            Reporter.create(output.logFormat(), main.out(), main.err(), new Redactor())
                    .error(commandName() + "_failed", e.getMessage(), Map.of("exit_code", e.exitCode().code()));
            return e.exitCode().code();
        }
        Reporter reporter = context.reporter();
        try (context) {
            return execute(context).code();
        } catch (Exception e) {
            RunnerException failure = FlywaySupport.findRunnerException(e);
            if (interruption.isRequested()) {
                reporter.error(commandName() + "_interrupted", "interrupted (SIGTERM): " + commandName()
                        + " stopped; the running statement was cancelled and its transaction rolled back",
                        Map.of("exit_code", ExitCode.INTERRUPTED.code()));
                return ExitCode.INTERRUPTED.code();
            }
            if (failure != null) {
                reporter.error(commandName() + "_failed", FlywaySupport.withoutForeignAdvice(failure.getMessage()),
                        Map.of("exit_code", failure.exitCode().code()));
                return failure.exitCode().code();
            }
            if (e instanceof FlywayException fe) {
                failure = FlywaySupport.classify(fe, commandName());
                reporter.error(commandName() + "_failed", FlywaySupport.withoutForeignAdvice(failure.getMessage()),
                        Map.of("exit_code", failure.exitCode().code()));
                return failure.exitCode().code();
            }
            reporter.error(commandName() + "_failed", "internal error: " + e.getClass().getSimpleName() + ": "
                    + Messages.oneLine(e.getMessage()), Map.of("exit_code", ExitCode.INTERNAL_ERROR.code()));
            return ExitCode.INTERNAL_ERROR.code();
        }
    }
}
