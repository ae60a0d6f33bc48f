package dev.migratefirst.runner.cli;

import dev.migratefirst.runner.RunnerException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.internal.configuration.ConfigUtils;

/**
 * The Flyway settings a team already has, read from Flyway's own configuration sources: {@code flyway.conf}
 * and {@code flyway.toml} in the working directory, then in each migrations folder, then the
 * {@code FLYWAY_*} environment (a later source wins, as in Flyway's command line, where the environment
 * overrides the files). Keys are Flyway's own ({@code flyway.placeholders.owner}, {@code flyway.schemas}, ...).
 *
 * <p>Three kinds of setting (docs/runner.md, "Flyway configuration"):
 * <ul>
 *   <li>{@link #PASSED honoured}: handed to Flyway as Flyway reads them (placeholders, schemas, history
 *   table, baseline, encoding, mixed, out of order, ignore patterns, ...);</li>
 *   <li>{@link #REFUSED refused}: a value that would defeat a runner guard ({@code cleanDisabled=false},
 *   {@code validateOnMigrate=false}, the transactional lock, ...) ends the run with exit 2 naming the
 *   setting and the file or variable it came from;</li>
 *   <li>anything else (the connection, callbacks, licensing): not read, reported once as a warning.</li>
 * </ul>
 *
 * <p>Legacy {@code .conf} files and the {@code FLYWAY_*} variables are read with Flyway's own
 * {@code ConfigUtils} (an internal class of flyway-core, called here only); {@code flyway.toml} is read by
 * {@link TomlReader}, because Flyway's TOML loader needs a Jackson 3 TOML module the runner does not ship.
 */
public final class FlywayConfig {
    /** File names read in each folder, in this order. */
    public static final List<String> FILE_NAMES = List.of("flyway.conf", "flyway.toml");

    /** Settings passed to Flyway as given (keys without the {@code flyway.} prefix). */
    static final Set<String> PASSED = Set.of("schemas", "defaultSchema", "createSchemas", "table", "tablespace",
            "baselineOnMigrate", "baselineVersion", "baselineDescription", "encoding", "mixed", "outOfOrder",
            "ignoreMigrationPatterns", "installedBy", "placeholderReplacement", "placeholderPrefix",
            "placeholderSuffix", "placeholderSeparator", "target", "cherryPick");

    private static final String ANY = "*";
    private static final String NONE = "";
    /**
     * Settings the runner fixes itself: a team value is accepted only when it is the runner's own value
     * (given here; {@code *}: any value, {@code ""}: none, the setting itself is refused).
     */
    static final Map<String, String> REFUSED = refused();

    /** Connection settings whose value is never printed (the connection comes from DATABASE_URL/DB_*). */
    static final Set<String> CONNECTION = Set.of("url", "user", "password");

    private final Map<String, String> values;
    private final Map<String, String> sources;
    private final List<String> ignored;

    private FlywayConfig(Map<String, String> values, Map<String, String> sources, List<String> ignored) {
        this.values = values;
        this.sources = sources;
        this.ignored = ignored;
    }

    private static Map<String, String> refused() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cleanDisabled", "true");
        m.put("cleanOnValidationError", "false");
        m.put("validateOnMigrate", "true");
        m.put("validateMigrationNaming", ANY); // the runner always checks names itself: either value accepted
        m.put("group", "false");
        m.put("executeInTransaction", "true");
        m.put("skipExecutingMigrations", "false");
        m.put("postgresql.transactional.lock", "false");
        m.put("lockRetryCount", NONE);
        m.put("initSql", NONE);
        m.put("sqlMigrationPrefix", "V");
        m.put("undoSqlMigrationPrefix", "U");
        m.put("repeatableSqlMigrationPrefix", "R");
        m.put("sqlMigrationSeparator", "__");
        m.put("sqlMigrationSuffixes", ".sql");
        m.put("failOnMissingLocations", "true");
        m.put("batch", "false");
        m.put("callbacks", NONE);
        m.put("resolvers", NONE);
        m.put("skipDefaultCallbacks", "false");
        m.put("skipDefaultResolvers", "false");
        return m;
    }

    /** No configuration (no file, no variable). */
    public static FlywayConfig empty() {
        return new FlywayConfig(Map.of(), Map.of(), List.of());
    }

    /**
     * Reads the files in {@code folders} (in order; a folder listed twice is read once) and then the
     * {@code FLYWAY_*} variables of {@code env}.
     *
     * @throws RunnerException (configuration error) naming the file or variable of a malformed or refused setting
     */
    public static FlywayConfig load(List<Path> folders, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path folder : folders) {
            Path dir = folder.toAbsolutePath().normalize();
            if (!seen.add(dir)) {
                continue;
            }
            for (String name : FILE_NAMES) {
                Path file = dir.resolve(name);
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                Map<String, String> read = name.endsWith(".toml") ? readToml(file, env) : readConf(file);
                read.forEach((k, v) -> {
                    values.put(k, v);
                    sources.put(k, file.toString());
                });
            }
        }
        Map<String, String> fromEnv = ConfigUtils.environmentVariablesToPropertyMap(env);
        fromEnv.forEach((k, v) -> {
            values.put(k, v);
            sources.put(k, envName(k, env));
        });
        List<String> ignored = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey().startsWith("flyway.") ? e.getKey().substring("flyway.".length()) : e.getKey();
            String source = sources.get(e.getKey());
            if (key.startsWith("placeholders.") || PASSED.contains(key) || key.equals("environment")) {
                continue; // environment: already used to pick the flyway.toml environment
            }
            if (REFUSED.containsKey(key)) {
                String allowed = REFUSED.get(key);
                if (allowed.equals(ANY) || allowed.equalsIgnoreCase(e.getValue().trim())) {
                    continue;
                }
                throw RunnerException.configuration("flyway." + key + "=" + shown(key, e.getValue()) + " (from "
                        + source + "): refused: " + why(key));
            }
            ignored.add("flyway." + key + " (from " + source + ")");
        }
        return new FlywayConfig(Map.copyOf(values), Map.copyOf(sources), List.copyOf(ignored));
    }

    private static String shown(String key, String value) {
        return CONNECTION.contains(key) ? "***" : value;
    }

    private static String why(String key) {
        return switch (key) {
            case "cleanDisabled", "cleanOnValidationError" ->
                    "the runner never drops a schema; remove the setting";
            case "validateOnMigrate" -> "an edited applied migration must stop migrate; remove the setting";
            case "group", "executeInTransaction", "batch" ->
                    "the runner runs each migration in its own transaction so a lock timeout retries only that one";
            case "postgresql.transactional.lock", "lockRetryCount" ->
                    "the runner takes Flyway's lock as a session advisory lock with its own wait "
                            + "(--advisory-lock-wait), so CREATE INDEX CONCURRENTLY cannot deadlock";
            case "initSql" -> "every session's settings (lock_timeout) are the runner's guards";
            case "skipExecutingMigrations" -> "it would record migrations as applied without running them";
            case "failOnMissingLocations" -> "a missing migrations folder must stop the run";
            case "callbacks", "resolvers", "skipDefaultCallbacks", "skipDefaultResolvers" ->
                    "Java callbacks and resolvers are not loaded by the runner; SQL callbacks are not supported";
            default -> "the runner reads migration names itself (V<n>__, U<n>__, R__, .sql)";
        };
    }

    private static String envName(String key, Map<String, String> env) {
        String wanted = key.replace("flyway.", "").replace(".", "_");
        for (String name : env.keySet()) {
            if (name.toUpperCase(Locale.ROOT).startsWith("FLYWAY_")
                    && name.replace("_", "").equalsIgnoreCase("flyway" + wanted.replace("_", ""))) {
                return "environment " + name;
            }
        }
        return "environment";
    }

    private static Map<String, String> readConf(Path file) {
        try {
            return ConfigUtils.loadConfigurationFile(file.toFile(), StandardCharsets.UTF_8.name(), false);
        } catch (FlywayException e) {
            throw RunnerException.configuration(file + ": not a valid Flyway configuration file: "
                    + dev.migratefirst.runner.Messages.oneLine(e.getMessage()));
        }
    }

    private static Map<String, String> readToml(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw RunnerException.configuration(file + ": cannot read: " + e.getMessage());
        }
        Map<String, String> flat;
        try {
            flat = TomlReader.read(text);
        } catch (IllegalArgumentException e) {
            throw RunnerException.configuration(file + ": " + e.getMessage());
        }
        // [flyway] and its sub-tables, then [environments.<name>] of the selected environment
        Map<String, String> out = new LinkedHashMap<>();
        flat.forEach((k, v) -> {
            if (k.startsWith("flyway.")) {
                out.put(k, v);
            }
        });
        String environment = env.getOrDefault("flyway_environment", env.getOrDefault("FLYWAY_ENVIRONMENT",
                flat.getOrDefault("flyway.environment", "default")));
        String prefix = "environments." + environment + ".";
        flat.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                String rest = k.substring(prefix.length());
                out.put(rest.startsWith("flyway.") ? rest : "flyway." + rest, v);
            }
        });
        return out;
    }

    /** The value of a Flyway setting ({@code flyway.} prefix optional), or null. */
    public String get(String key) {
        return values.get(key.startsWith("flyway.") ? key : "flyway." + key);
    }

    /** Where a setting came from: a file path or {@code environment FLYWAY_...}; null when unset. */
    public String source(String key) {
        return sources.get(key.startsWith("flyway.") ? key : "flyway." + key);
    }

    /**
     * The honoured settings, in Flyway's property form ({@code flyway.placeholders.owner=ops}), ready
     * for {@code FluentConfiguration.configuration(Map)}.
     */
    public Map<String, String> flywayProperties() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            String key = k.substring("flyway.".length());
            if (key.startsWith("placeholders.") || PASSED.contains(key) && !key.equals("ignoreMigrationPatterns")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The placeholders ({@code flyway.placeholders.<name>}), by name. */
    public Map<String, String> placeholders() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith("flyway.placeholders.")) {
                out.put(k.substring("flyway.placeholders.".length()), v);
            }
        });
        return out;
    }

    /** The settings that were set but are not read by the runner, each with its source. */
    public List<String> ignored() {
        return ignored;
    }

    /** A boolean setting, or {@code fallback} when unset. */
    public boolean flag(String key, boolean fallback) {
        String v = get(key);
        return v == null ? fallback : Boolean.parseBoolean(v.trim());
    }

    /** A comma-separated list setting, trimmed; empty when unset. */
    public List<String> list(String key) {
        String v = get(key);
        if (v == null || v.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The working directory, where Flyway's command line reads its configuration files. */
    static Path workingDirectory() {
        return new File("").getAbsoluteFile().toPath();
    }
}
