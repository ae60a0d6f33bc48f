package dev.migratefirst.runner.undo;

import dev.migratefirst.migrations.MigrationFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The marker that declares a versioned migration irreversible, written as a line comment anywhere in
 * its {@code V} file, with a reason that is required:
 *
 * <pre>{@code
 * -- migratefirst:irreversible dropping the legacy table loses its rows; restore from a snapshot instead
 * }</pre>
 *
 * {@code runner undo} refuses such a migration, and the round trip accepts it without an undo script.
 *
 * @param reason why it cannot be undone, as written after the marker
 */
public record IrreversibleMarker(String reason) {
    /** The marker text, as written after {@code --}. */
    public static final String TAG = "migratefirst:irreversible";

    private static final Pattern LINE =
            Pattern.compile("^\\s*--\\s*" + Pattern.quote(TAG) + "(?<rest>[^\\s:]*+):?(?<reason>.*)$", Pattern.MULTILINE);

    public IrreversibleMarker {
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("an irreversible marker needs a reason");
        }
    }

    /**
     * The marker of a migration file, if it has one.
     *
     * @throws IllegalArgumentException naming the file when the marker has no reason, or is misspelt
     *                                  as {@code migratefirst:irreversibleX}
     */
    public static Optional<IrreversibleMarker> of(MigrationFile file) {
        String sql;
        try {
            sql = Files.readString(file.path(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + file.path(), e);
        }
        return parse(sql, file.fileName());
    }

    /** The marker in a script's text; {@code name} is only used in the error message. */
    static Optional<IrreversibleMarker> parse(String sql, String name) {
        Matcher m = LINE.matcher(sql);
        if (!m.find()) {
            return Optional.empty();
        }
        if (!m.group("rest").isEmpty()) {
            throw new IllegalArgumentException(name + ": unknown marker '--" + TAG + m.group("rest")
                    + "' (write '-- " + TAG + " <reason>')");
        }
        String reason = m.group("reason").strip();
        if (reason.isEmpty()) {
            throw new IllegalArgumentException(name + ": '-- " + TAG + "' needs a reason (write '-- " + TAG
                    + " <why this cannot be undone>')");
        }
        return Optional.of(new IrreversibleMarker(reason));
    }
}
