package dev.migratefirst.runner.cli;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Reporter;
import dev.migratefirst.runner.RunnerException;
import dev.migratefirst.runner.migrate.ProgressCallback;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import picocli.CommandLine.Command;

/**
 * {@code plan}: the pending migrations with their full SQL, in the order {@code migrate} would
 * apply them. Reads the schema history and changes nothing (no table, no lock): the free
 * equivalent of a dry run.
 */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the pending migrations with their full SQL, in the order migrate would apply them. "
                + "Reads the schema history only: changes nothing."})
public final class PlanCommand extends DatabaseCommand {

    @Override
    protected ExitCode execute(RunContext context) {
        Reporter reporter = context.reporter();
        Flyway flyway = context.flyway();
        MigrationInfoService info = flyway.info();
        MigrationInfo[] pending = info.pending();
        MigrationInfo current = info.current();
        reporter.info("plan_start", "-- plan: " + pending.length + " pending migration" + (pending.length == 1 ? "" : "s")
                + " against " + context.connectionSettings().describe() + " (schema version "
                + (current == null || current.getVersion() == null ? "<empty>" : current.getVersion().getVersion())
                + "); nothing is changed", Map.of("pending", pending.length));
        int i = 0;
        for (MigrationInfo m : pending) {
            i++;
            String sql = sqlOf(m);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("order", i);
            f.put("version", m.getVersion() == null ? null : m.getVersion().getVersion());
            f.put("description", m.getDescription());
            f.put("script", m.getScript());
            f.put("sql", sql);
            String text = "-- [" + i + "/" + pending.length + "] " + ProgressCallback.name(m) + System.lineSeparator()
                    + sql.stripTrailing();
            reporter.info("plan_migration", text, f);
        }
        reporter.info("plan_done", "-- plan: end (" + pending.length + " pending)", Map.of("pending", pending.length));
        return ExitCode.SUCCESS;
    }

    private static String sqlOf(MigrationInfo m) {
        String location = m.getPhysicalLocation();
        if (location == null || location.isBlank()) {
            throw new RunnerException(ExitCode.CONFIGURATION_ERROR, "plan: cannot read the SQL of " + ProgressCallback.name(m)
                    + " (not a file: use a filesystem: location)");
        }
        try {
            return Files.readString(Path.of(location), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RunnerException(ExitCode.CONFIGURATION_ERROR, "plan: cannot read " + location + ": " + e.getMessage(), e);
        }
    }
}
