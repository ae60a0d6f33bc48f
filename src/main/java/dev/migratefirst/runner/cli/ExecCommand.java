package dev.migratefirst.runner.cli;

import dev.migratefirst.runner.Env;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.exec.ExecEngine;
import dev.migratefirst.runner.exec.ExecOutcome;
import dev.migratefirst.runner.exec.ToolEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code exec -- <command...>}: runs another migration tool (alembic, Liquibase, sqitch, a script)
 * under the runner's guards. The connection is resolved as for {@code migrate} and handed to the tool
 * in the forms tools read ({@link ToolEnvironment}); the work is the {@link ExecEngine}'s.
 */
@Command(name = "exec", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run another migration tool under the runner's guards: runner exec -- alembic upgrade head",
            "The connection (DATABASE_URL, DB_SECRET, DB_HOST..., as for migrate) is handed to the tool as DATABASE_URL, "
                + "PGHOST/PGPORT/PGDATABASE/PGUSER/PGPASSWORD, JDBC_DATABASE_URL, FLYWAY_URL/USER/PASSWORD and "
                + "SPRING_DATASOURCE_URL/USERNAME/PASSWORD; lock_timeout (and statement_timeout) go into PGOPTIONS "
                + "and the JDBC URL. The runner lock is held for the tool's whole run; SIGTERM is forwarded to the tool. "
                + "Exit: 0 when the tool exits 0, 1 when it exits non-zero, 143 when a signal ended it."})
public final class ExecCommand extends DatabaseCommand {

    @Env("STATEMENT_TIMEOUT")
    @Option(names = "--statement-timeout", paramLabel = "DURATION", defaultValue = "0s",
            converter = DurationConverter.class,
            description = "statement_timeout of every session the tool opens; 0 leaves the server's setting. "
                    + "Env: STATEMENT_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    Duration statementTimeout;

    @Parameters(paramLabel = "COMMAND", arity = "1..*",
            description = "The tool and its arguments, after --: e.g. -- alembic upgrade head")
    List<String> command;

    @Override
    protected ExitCode execute(RunContext context) throws Exception {
        Map<String, String> toolEnv = ToolEnvironment.build(context.env(), context.connectionSettings(),
                context.guards(), statementTimeout);
        ExecOutcome outcome = new ExecEngine(command, toolEnv, context::connect, context.guards().advisoryLockWait(),
                context.interruption(), context.reporter(), main.out(), main.err()).run();
        return outcome.exitCode();
    }
}
