package dev.migratefirst.architecture.cyclefixture.sub;

import dev.migratefirst.architecture.cyclefixture.Shared;

/** A sub-package class that uses the root, closing the cycle. */
public final class User {
    private User() {
    }

    /** Uses the root. */
    public static String shared() {
        return Shared.name();
    }
}
