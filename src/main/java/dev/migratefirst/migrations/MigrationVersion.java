package dev.migratefirst.migrations;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A migration version as Flyway orders it: dot- or underscore-separated numeric parts compared
 * numerically, so {@code 1.10} comes after {@code 1.9} and {@code 1.0} equals {@code 1}.
 */
public final class MigrationVersion implements Comparable<MigrationVersion> {
    private final String text;
    private final List<BigInteger> parts;

    private MigrationVersion(String text, List<BigInteger> parts) {
        this.text = text;
        this.parts = parts;
    }

    /**
     * Parses a version as written in a file name ({@code 2}, {@code 1.2}, {@code 1_2}).
     *
     * @throws IllegalArgumentException naming the text when a part is not a number
     */
    public static MigrationVersion parse(String text) {
        Objects.requireNonNull(text, "text");
        String normalized = text.replace('_', '.');
        if (normalized.isEmpty() || normalized.startsWith(".") || normalized.endsWith(".")) {
            throw new IllegalArgumentException("invalid migration version '" + text + "'");
        }
        List<BigInteger> parts = new ArrayList<>();
        for (String part : normalized.split("\\.")) {
            if (part.isEmpty() || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("invalid migration version '" + text + "'");
            }
            parts.add(new BigInteger(part));
        }
        while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) {
            parts.remove(parts.size() - 1);
        }
        return new MigrationVersion(normalized, List.copyOf(parts));
    }

    @Override
    public int compareTo(MigrationVersion other) {
        int n = Math.max(parts.size(), other.parts.size());
        for (int i = 0; i < n; i++) {
            BigInteger a = i < parts.size() ? parts.get(i) : BigInteger.ZERO;
            BigInteger b = i < other.parts.size() ? other.parts.get(i) : BigInteger.ZERO;
            int c = a.compareTo(b);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MigrationVersion v && parts.equals(v.parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    /** The version as written, with underscores shown as dots (Flyway's display form). */
    @Override
    public String toString() {
        return text;
    }
}
