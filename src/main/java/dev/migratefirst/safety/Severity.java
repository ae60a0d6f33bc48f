package dev.migratefirst.safety;

/** How bad a finding is: an error fails {@code check}, a warning is reported only. */
public enum Severity {
    ERROR, WARNING;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
