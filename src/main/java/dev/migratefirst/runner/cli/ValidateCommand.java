package dev.migratefirst.runner.cli;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Messages;
import dev.migratefirst.runner.Reporter;
import dev.migratefirst.runner.RunnerException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import picocli.CommandLine.Command;

/**
 * {@code validate}: the local migrations agree with what the database applied: no applied migration
 * was edited (checksum), none is missing locally, none failed. Pending migrations are fine (migrate
 * applies them) and future ones are ignored (a rollback image). Changes nothing.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check that the local migrations match what the database applied: no applied migration "
                + "edited or missing, none failed. Pending migrations pass; future ones (applied by a newer image) "
                + "are ignored. Changes nothing."})
public final class ValidateCommand extends DatabaseCommand {

    @Override
    protected ExitCode execute(RunContext context) {
        Reporter reporter = context.reporter();
        reporter.info("validate_start", "validate: " + context.connectionSettings().describe() + ", locations "
                + String.join(",", context.describeLocations()));
        List<String> patterns = new ArrayList<>(context.ignoreMigrationPatterns());
        patterns.add("*:pending");
        Flyway flyway = context.flywayConfiguration().ignoreMigrationPatterns(patterns.toArray(String[]::new)).load();
        ValidateResult result = flyway.validateWithResult();
        int pending = flyway.info().pending().length;
        if (result.validationSuccessful) {
            reporter.info("validate_done", "validate: " + result.validateCount + " migrations valid, " + pending
                    + " pending", Map.of("validated", result.validateCount, "pending", pending));
            return ExitCode.SUCCESS;
        }
        for (ValidateOutput o : result.invalidMigrations) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("version", o.version);
            f.put("description", o.description);
            f.put("path", o.filepath);
            f.put("error", o.errorDetails == null ? null : Messages.oneLine(o.errorDetails.errorMessage));
            reporter.error("invalid_migration", "invalid: V" + o.version + " " + o.description + ": "
                    + (o.errorDetails == null ? "" : Messages.oneLine(o.errorDetails.errorMessage)), f);
        }
        String message = result.errorDetails != null ? Messages.oneLine(result.errorDetails.errorMessage)
                : Messages.oneLine(result.getAllErrorMessages());
        throw new RunnerException(ExitCode.VALIDATION_FAILED, "validate failed: " + message);
    }
}
