package dev.migratefirst.runner.backfill;

import dev.migratefirst.migrations.MigrationFile;
import dev.migratefirst.migrations.MigrationKind;
import dev.migratefirst.migrations.MigrationVersion;
import dev.migratefirst.runner.RunnerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One backfill file ({@code D<version>__<description>.sql}) as the runner reads it: a header line
 * {@code -- migratefirst:backfill table=<table> key=<column> [batch-size=<n>]} and one statement that uses
 * {@code :from} and {@code :to}, the inclusive bounds of the batch's key range. The runner binds both as
 * {@code bigint} parameters; any other text (comments, quoted strings, {@code ::} casts) is left as is.
 *
 * <pre>{@code
 * -- migratefirst:backfill table=users key=id
 * UPDATE users SET email_verified = (email_confirmed_at IS NOT NULL)
 *  WHERE id BETWEEN :from AND :to AND email_verified IS NULL;
 * }</pre>
 *
 * @param file             the file
 * @param table            the table as written in the header (may be schema-qualified)
 * @param key              the batch key column: an integer column with a unique index on it alone
 * @param statement        the statement as written (without its final semicolon)
 * @param jdbcStatement    the statement with each {@code :from}/{@code :to} replaced by {@code ?}
 * @param parameters       for each {@code ?} in order: {@code from} or {@code to}
 * @param initialBatchSize the header's {@code batch-size}, if given
 * @param checksum         SHA-256 of the file (line endings normalized): a resumed backfill must be the same file
 */
public record BackfillScript(MigrationFile file, String table, String key, String statement, String jdbcStatement,
                             List<String> parameters, OptionalLong initialBatchSize, String checksum) {

    /** The header marker. */
    public static final String MARKER = "migratefirst:backfill";

    private static final Pattern HEADER = Pattern.compile("(?m)^\\s*--\\s*" + Pattern.quote(MARKER) + "\\b(.*)$");
    private static final Pattern SETTING = Pattern.compile("([a-z-]+)=(\\S+)");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    public BackfillScript {
        Objects.requireNonNull(file, "file");
        parameters = List.copyOf(parameters);
    }

    /** The version of the file ({@code D3__...}: 3). */
    public MigrationVersion version() {
        return file.version().orElseThrow();
    }

    /** How messages name it: {@code D3 (backfill email verified)}. */
    public String label() {
        return "D" + version() + " (" + file.description() + ")";
    }

    /**
     * Reads and checks a backfill file.
     *
     * @throws RunnerException (configuration error) naming the file and what is wrong: no header, no
     *                         table or key, a statement without {@code :from} or {@code :to}, more than one statement
     */
    public static BackfillScript read(MigrationFile file) {
        if (file.kind() != MigrationKind.BACKFILL) {
            throw new IllegalArgumentException("not a backfill: " + file.fileName());
        }
        String text;
        try {
            text = Files.readString(file.path(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw RunnerException.configuration("cannot read backfill " + file.path() + ": " + e.getMessage());
        }
        return parse(file, text);
    }

    static BackfillScript parse(MigrationFile file, String text) {
        String name = file.fileName();
        Matcher h = HEADER.matcher(text);
        if (!h.find()) {
            throw RunnerException.configuration(name + ": no header line '-- " + MARKER
                    + " table=<table> key=<column>': the runner cannot tell which table and key to batch over");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher s = SETTING.matcher(h.group(1));
        while (s.find()) {
            settings.put(s.group(1), s.group(2));
        }
        String table = settings.remove("table");
        String key = settings.remove("key");
        String batch = settings.remove("batch-size");
        if (!settings.isEmpty()) {
            throw RunnerException.configuration(name + ": unknown header setting(s) " + settings.keySet()
                    + " (known: table, key, batch-size)");
        }
        if (table == null || !IDENTIFIER.matcher(table).matches()) {
            throw RunnerException.configuration(name + ": the header needs table=<table> (a plain or schema-qualified"
                    + " name)" + (table == null ? "" : ", not '" + table + "'"));
        }
        if (key == null || !COLUMN.matcher(key).matches()) {
            throw RunnerException.configuration(name + ": the header needs key=<column> (one integer column with a "
                    + "unique index)" + (key == null ? "" : ", not '" + key + "'"));
        }
        OptionalLong initial = OptionalLong.empty();
        if (batch != null) {
            try {
                initial = OptionalLong.of(Long.parseLong(batch));
            } catch (NumberFormatException e) {
                initial = OptionalLong.of(0);
            }
            if (initial.getAsLong() < 1) {
                throw RunnerException.configuration(name + ": batch-size must be a positive number, not '" + batch + "'");
            }
        }
        List<String> statements = Sql.statements(text);
        if (statements.isEmpty()) {
            throw RunnerException.configuration(name + ": no statement after the header");
        }
        if (statements.size() > 1) {
            throw RunnerException.configuration(name + ": " + statements.size() + " statements; a backfill is one "
                    + "statement that each batch runs with its own :from and :to (put schema changes in a V migration)");
        }
        String statement = statements.get(0);
        List<String> parameters = new ArrayList<>();
        String jdbc = Sql.bind(statement, parameters);
        if (!parameters.contains("from") || !parameters.contains("to")) {
            throw RunnerException.configuration(name + ": the statement must use both :from and :to (the inclusive "
                    + "key range of each batch, e.g. WHERE " + key + " BETWEEN :from AND :to); it uses "
                    + (parameters.isEmpty() ? "neither" : "only :" + parameters.get(0)));
        }
        return new BackfillScript(file, table, key, statement, jdbc, parameters, initial, sha256(text));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
