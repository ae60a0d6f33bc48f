package dev.migratefirst.architecture.cyclefixture;

import dev.migratefirst.architecture.cyclefixture.sub.User;

/** A root class that (wrongly) needs its sub-package: the cycle PackageBoundariesTest must catch. */
public final class Shared {
    private Shared() {
    }

    /** Reaches down into the sub-package. */
    public static String name() {
        return User.class.getSimpleName();
    }
}
