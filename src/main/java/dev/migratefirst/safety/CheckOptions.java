package dev.migratefirst.safety;

import dev.migratefirst.migrations.MigrationVersion;
import java.util.Objects;
import java.util.Optional;

/**
 * What to check.
 *
 * @param after      check only versioned migrations after this version; earlier ones are replayed
 *                   without being checked. Empty: check all.
 * @param repeatable also check repeatable ({@code R__}) migrations, after the versioned ones
 */
public record CheckOptions(Optional<MigrationVersion> after, boolean repeatable) {

    public CheckOptions {
        Objects.requireNonNull(after, "after");
    }

    /** Check every migration, repeatable ones included. */
    public static CheckOptions all() {
        return new CheckOptions(Optional.empty(), true);
    }
}
