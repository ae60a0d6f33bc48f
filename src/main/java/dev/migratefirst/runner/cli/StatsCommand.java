package dev.migratefirst.runner.cli;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.RunnerException;
import dev.migratefirst.safety.size.ProductionStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stats}: writes the production statistics file that {@code check --stats} sizes its findings
 * with (see {@link ProductionStats}). Reads pg_class only, in a read-only transaction: no row data, no
 * lock on any table, fine on a read-only replica. The same file comes from the SQL query in docs/safety.md.
 */
@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the table sizes check --stats needs: rows, pages, TOAST and index pages per table, "
                + "read from the planner's statistics (pg_class) in a read-only transaction. Reads no row data "
                + "and locks no table, so it runs on a read-only replica. psql with the query in docs/safety.md "
                + "writes the same file."})
public final class StatsCommand extends DatabaseCommand {

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "-",
            description = "Where to write the statistics file (JSON); '-' prints it. Default: ${DEFAULT-VALUE}.")
    String output;

    @Override
    protected ExitCode execute(RunContext context) throws SQLException {
        String text;
        try (Connection c = context.connect()) {
            text = ProductionStats.read(c);
        }
        ProductionStats stats = ProductionStats.parse(text);
        if (output.equals("-")) {
            main.out().print(text);
            main.out().flush();
            return ExitCode.SUCCESS;
        }
        Path file = Path.of(output);
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw RunnerException.configuration("--output: cannot write " + file.toAbsolutePath().normalize()
                    + " (" + e.getClass().getSimpleName() + ")");
        }
        context.reporter().info("stats_done", "stats: " + stats.tables().size() + " table(s) of " + stats.database()
                + " (PostgreSQL " + stats.serverVersion() + ") written to " + file,
                Map.of("tables", stats.tables().size(), "file", file.toString()));
        return ExitCode.SUCCESS;
    }
}
