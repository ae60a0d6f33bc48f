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
 * @param runnerLockTimeout the lock_timeout the runner sets on its migration connection (e.g. {@code 2s}),
 *                   which covers every statement run before the migration SETs its own; empty when
 *                   the migrations run under plain Flyway or a tool under {@code exec}, which set none
 */
public record CheckOptions(Optional<MigrationVersion> after, boolean repeatable, Optional<String> runnerLockTimeout) {

    public CheckOptions {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(runnerLockTimeout, "runnerLockTimeout");
    }

    /** No runner lock_timeout assumed: the migrations may run under any tool. */
    public CheckOptions(Optional<MigrationVersion> after, boolean repeatable) {
        this(after, repeatable, Optional.empty());
    }

    /** Check every migration, repeatable ones included, assuming no runner lock_timeout. */
    public static CheckOptions all() {
        return new CheckOptions(Optional.empty(), true);
    }
}
