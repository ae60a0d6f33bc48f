package dev.migratefirst.migrations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a backfill file ({@code D<version>__<description>.sql}) declares: a header line
 * {@code -- migratefirst:backfill table=<table> key=<column> [batch-size=<n>]} and one statement that uses
 * {@code :from} and {@code :to}, the inclusive bounds of a batch's key range. Read the same way by the runner
 * ({@code backfill}) and by {@code check}.
 *
 * <pre>{@code
 * -- migratefirst:backfill table=users key=id
 * UPDATE users SET email_verified = (email_confirmed_at IS NOT NULL)
 *  WHERE id BETWEEN :from AND :to AND email_verified IS NULL;
 * }</pre>
 *
 * @param table            the table as written in the header (may be schema-qualified)
 * @param key              the batch key column
 * @param statement        the statement as written (without its final semicolon)
 * @param jdbcStatement    the statement with each {@code :from}/{@code :to} replaced by {@code ?}
 * @param parameters       for each {@code ?} in order: {@code from} or {@code to}
 * @param initialBatchSize the header's {@code batch-size}, if given
 */
public record BackfillDeclaration(String table, String key, String statement, String jdbcStatement,
                                  List<String> parameters, OptionalLong initialBatchSize) {

    /** The header marker. */
    public static final String MARKER = "migratefirst:backfill";

    private static final Pattern HEADER = Pattern.compile("(?m)^\\s*--\\s*" + Pattern.quote(MARKER) + "\\b(.*)$");
    private static final Pattern SETTING = Pattern.compile("([a-z-]+)=(\\S+)");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    public BackfillDeclaration {
        parameters = List.copyOf(parameters);
    }

    /** Whether {@code text} carries the backfill header. */
    public static boolean declares(String text) {
        return HEADER.matcher(text).find();
    }

    /**
     * Reads a backfill's text.
     *
     * @param name the file name, for messages
     * @throws IllegalArgumentException {@code "<name>: <what is wrong>"}: no header, no table or key, a statement
     *                                  without {@code :from} or {@code :to}, not exactly one statement
     */
    public static BackfillDeclaration parse(String name, String text) {
        Matcher h = HEADER.matcher(text);
        if (!h.find()) {
            throw new IllegalArgumentException(name + ": no header line '-- " + MARKER
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
            throw new IllegalArgumentException(name + ": unknown header setting(s) " + settings.keySet()
                    + " (known: table, key, batch-size)");
        }
        if (table == null || !IDENTIFIER.matcher(table).matches()) {
            throw new IllegalArgumentException(name + ": the header needs table=<table> (a plain or schema-qualified"
                    + " name)" + (table == null ? "" : ", not '" + table + "'"));
        }
        if (key == null || !COLUMN.matcher(key).matches()) {
            throw new IllegalArgumentException(name + ": the header needs key=<column> (one integer column with a "
                    + "unique index)" + (key == null ? "" : ", not '" + key + "'"));
        }
        OptionalLong initial = OptionalLong.empty();
        if (batch != null) {
            long n = batch.chars().allMatch(Character::isDigit) && batch.length() < 19 ? Long.parseLong(batch) : 0;
            if (n < 1) {
                throw new IllegalArgumentException(name + ": batch-size must be a positive number, not '" + batch + "'");
            }
            initial = OptionalLong.of(n);
        }
        List<String> statements = BackfillSql.statements(text);
        if (statements.isEmpty()) {
            throw new IllegalArgumentException(name + ": no statement after the header");
        }
        if (statements.size() > 1) {
            throw new IllegalArgumentException(name + ": " + statements.size() + " statements; a backfill is one "
                    + "statement that each batch runs with its own :from and :to (put schema changes in a V migration)");
        }
        String statement = statements.get(0);
        List<String> parameters = new ArrayList<>();
        String jdbc = BackfillSql.bind(statement, parameters);
        if (!parameters.contains("from") || !parameters.contains("to")) {
            throw new IllegalArgumentException(name + ": the statement must use both :from and :to (the inclusive "
                    + "key range of each batch, e.g. WHERE " + key + " BETWEEN :from AND :to); it uses "
                    + (parameters.isEmpty() ? "neither" : "only :" + parameters.get(0)));
        }
        return new BackfillDeclaration(table, key, statement, jdbc, parameters, initial);
    }

    /** The statement of one batch with its bounds written in as literals (for EXPLAIN where no parameters bind). */
    public String withRange(long from, long to) {
        return BackfillSql.bind(statement, new ArrayList<>(), name -> ("from".equals(name) ? from : to) + "::bigint");
    }
}
