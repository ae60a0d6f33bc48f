package dev.migratefirst.safety;

/**
 * How bad a finding is: an error fails {@code check}, a warning is reported only, and an info is a
 * finding that production statistics ({@code check --stats}) showed to be harmless at production size
 * (reported, never failing).
 */
public enum Severity {
    ERROR, WARNING, INFO;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
