package dev.migratefirst.runner.backfill;

import dev.migratefirst.migrations.BackfillDeclaration;
import dev.migratefirst.migrations.MigrationFile;
import dev.migratefirst.migrations.MigrationKind;
import dev.migratefirst.migrations.MigrationVersion;
import dev.migratefirst.runner.RunnerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One backfill file ({@code D<version>__<description>.sql}) as the runner reads it: its
 * {@link BackfillDeclaration} (header line {@code -- migratefirst:backfill table=<table> key=<column>
 * [batch-size=<n>]}, one statement that uses {@code :from} and {@code :to}, the inclusive bounds of the batch's
 * key range, which the runner binds as {@code bigint} parameters) and the file's checksum.
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
        BackfillDeclaration d;
        try {
            d = BackfillDeclaration.parse(file.fileName(), text);
        } catch (IllegalArgumentException e) {
            throw RunnerException.configuration(e.getMessage());
        }
        return new BackfillScript(file, d.table(), d.key(), d.statement(), d.jdbcStatement(), d.parameters(),
                d.initialBatchSize(), sha256(text));
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
