package dev.migratefirst.runner.migrate;

import java.util.Optional;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.internal.exception.FlywayMigrateException;

/**
 * What Flyway's migrate failure says about the migration that failed: which one, whether it ran in a
 * transaction (so it rolled back by itself) and the line of the failing statement.
 *
 * <p>This is the one place the runner touches Flyway's internal {@code FlywayMigrateException}: in
 * Flyway 13.12.1 the public API ({@code FlywayException#getErrorCode()}, {@code ErrorDetails},
 * {@code MigrateResult}, the callback {@code Context}) carries neither whether the failed migration
 * ran outside a transaction (needed to clean up after {@code CREATE INDEX CONCURRENTLY}) nor the line
 * of the failing statement (printed in the failure line). Should a Flyway upgrade move or drop the
 * class, only this file changes; the failed migration itself is also known from the public callback
 * ({@link ProgressCallback}), which is the fallback.
 *
 * @param migration     the failed migration, when Flyway names it
 * @param transactional whether it ran in a transaction (and so rolled back)
 * @param lineNumber    the line of the failing statement in its script, when known
 */
record MigrateFailure(Optional<MigrationInfo> migration, boolean transactional, Optional<Integer> lineNumber) {

    /** The details of a migrate failure; empty for any other exception. */
    static Optional<MigrateFailure> of(Exception e) {
        if (e instanceof FlywayMigrateException fm) {
            return Optional.of(new MigrateFailure(Optional.ofNullable(fm.getMigration()),
                    fm.isExecutableInTransaction(),
                    fm.getLineNumber() > 0 ? Optional.of(fm.getLineNumber()) : Optional.empty()));
        }
        return Optional.empty();
    }
}
