package dev.migratefirst.runner;

import java.util.concurrent.Callable;
import org.flywaydb.core.api.FlywayException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Base class of every runner subcommand: takes the {@link CommonOptions}, builds the
 * {@link RunContext} (reporter, connection, guarded Flyway) and turns every failure into one
 * redacted error line and an {@link ExitCode}. A subcommand implements {@link #execute(RunContext)}
 * and is registered in {@link Main}'s subcommand list.
 */
public abstract class RunnerCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    /**
     * Runs the command.
     *
     * @return the exit code; failures may also be thrown as {@link RunnerException}
     */
    protected abstract ExitCode execute(RunContext context) throws Exception;

    /** The command's name as typed ({@code migrate}, {@code info}, ...). */
    protected String commandName() {
        return spec.name();
    }

    @Override
    public final Integer call() {
        Interruption interruption = main.interruption();
        RunContext context;
        try {
            context = new RunContext(common, main.env(), main.out(), main.err(), interruption);
        } catch (RunnerException e) {
            // a bad option value: the context (and its reporter) could not be built; the message
            // holds no secret (option values are never secrets)
            Reporter.create(common.logFormat(), main.out(), main.err(), new Redactor())
                    .error(commandName() + "_failed", e.getMessage(), java.util.Map.of("exit_code", e.exitCode().code()));
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
                        java.util.Map.of("exit_code", ExitCode.INTERRUPTED.code()));
                return ExitCode.INTERRUPTED.code();
            }
            if (failure != null) {
                reporter.error(commandName() + "_failed", failure.getMessage(),
                        java.util.Map.of("exit_code", failure.exitCode().code()));
                return failure.exitCode().code();
            }
            if (e instanceof FlywayException fe) {
                failure = FlywaySupport.classify(fe, commandName());
                reporter.error(commandName() + "_failed", failure.getMessage(),
                        java.util.Map.of("exit_code", failure.exitCode().code()));
                return failure.exitCode().code();
            }
            reporter.error(commandName() + "_failed", "internal error: " + e.getClass().getSimpleName() + ": "
                    + FlywaySupport.oneLine(e.getMessage()), java.util.Map.of("exit_code", ExitCode.INTERNAL_ERROR.code()));
            return ExitCode.INTERNAL_ERROR.code();
        }
    }
}
