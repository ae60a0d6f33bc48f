package dev.migratefirst.runner.cli;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Reporter;
import java.text.SimpleDateFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import picocli.CommandLine.Command;

/** {@code info}: every migration with its state (applied, pending, future, failed...). Changes nothing. */
@Command(name = "info", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List every migration with its state: applied (when, how long), pending, future "
                + "(applied by a newer image), failed; then every backfill (D<n>__) with its state: pending, "
                + "running (keys and rows done), done. Changes nothing."})
public final class InfoCommand extends DatabaseCommand {

    @Override
    protected ExitCode execute(RunContext context) throws Exception {
        Reporter reporter = context.reporter();
        Flyway flyway = context.flyway();
        MigrationInfoService info = flyway.info();
        reporter.info("info_start", "info: " + context.connectionSettings().describe() + ", locations "
                + String.join(",", context.describeLocations()));
        SimpleDateFormat time = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT);
        time.setTimeZone(TimeZone.getTimeZone("UTC"));
        reporter.info("info_header", String.format(Locale.ROOT, "%-9s %-36s %-10s %-20s %s",
                "Version", "Description", "State", "Installed on", "Time"));
        for (MigrationInfo m : info.all()) {
            String version = m.getVersion() == null ? "R" : m.getVersion().getVersion();
            String installed = m.getInstalledOn() == null ? "" : time.format(m.getInstalledOn());
            String duration = m.getExecutionTime() == null ? "" : m.getExecutionTime() + " ms";
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("version", version);
            f.put("description", m.getDescription());
            f.put("type", m.getType() == null ? null : m.getType().name());
            f.put("state", m.getState().getDisplayName());
            f.put("script", m.getScript());
            f.put("installed_on", installed.isEmpty() ? null : installed);
            f.put("execution_time_ms", m.getExecutionTime());
            reporter.info("migration_info", String.format(Locale.ROOT, "%-9s %-36s %-10s %-20s %s", version,
                    truncate(m.getDescription(), 36), m.getState().getDisplayName(), installed, duration), f);
        }
        BackfillCommand.report(context, time);
        MigrationInfo current = info.current();
        int pending = info.pending().length;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("schema_version", current == null || current.getVersion() == null ? null
                : current.getVersion().getVersion());
        summary.put("pending", pending);
        reporter.info("info_done", "info: schema version " + (current == null || current.getVersion() == null
                ? "<empty>" : current.getVersion().getVersion()) + ", " + pending + " pending", summary);
        return ExitCode.SUCCESS;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
