package dev.migratefirst.runner.undo.schema;

import java.util.Objects;
import java.util.Optional;

/**
 * One difference between an expected snapshot and an actual one.
 *
 * @param expected the object as the expected snapshot has it; empty when it should not exist
 * @param actual   the object as the actual snapshot has it; empty when it is missing
 */
public record SchemaDifference(Optional<SchemaObject> expected, Optional<SchemaObject> actual) {
    private static final int INLINE_LIMIT = 160;

    public SchemaDifference {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
        if (expected.isEmpty() && actual.isEmpty()) {
            throw new IllegalArgumentException("a difference needs at least one side");
        }
    }

    /** The object the difference is about (either side). */
    public SchemaObject object() {
        return actual.orElseGet(expected::orElseThrow);
    }

    /**
     * One line naming the difference, e.g. {@code index users_email_idx on users exists after undo of
     * V3 but not before}.
     *
     * @param stage when the actual snapshot was taken, e.g. {@code after undo of V3}
     * @param reference when the expected snapshot was taken, e.g. {@code before V3}
     */
    public String describe(String stage, String reference) {
        String what = object().describe();
        if (expected.isEmpty()) {
            return what + " exists " + stage + " but not " + reference;
        }
        if (actual.isEmpty()) {
            return what + " existed " + reference + " but is missing " + stage;
        }
        String was = expected.get().definition();
        String now = actual.get().definition();
        if (was.length() > INLINE_LIMIT || now.length() > INLINE_LIMIT || was.contains("\n") || now.contains("\n")) {
            String[] a = was.split("\n", -1);
            String[] b = now.split("\n", -1);
            int i = 0;
            while (i < a.length && i < b.length && a[i].equals(b[i])) {
                i++;
            }
            was = "line " + (i + 1) + ": " + (i < a.length ? clip(a[i].strip()) : "(end)");
            now = "line " + (i + 1) + ": " + (i < b.length ? clip(b[i].strip()) : "(end)");
        }
        return what + " differs " + stage + ": " + reference + " '" + was + "', " + stage + " '" + now + "'";
    }

    private static String clip(String s) {
        return s.length() <= INLINE_LIMIT ? s : s.substring(0, INLINE_LIMIT) + "...";
    }
}
