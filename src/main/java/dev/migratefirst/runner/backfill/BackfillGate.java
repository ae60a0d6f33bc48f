package dev.migratefirst.runner.backfill;

import dev.migratefirst.migrations.MigrationFile;
import dev.migratefirst.migrations.MigrationVersion;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.RunnerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code migrate} does about backfills that are not done, decided before it applies anything: a pending
 * versioned migration that comes after an unfinished backfill {@code D<n>} (typically the contract step,
 * {@code SET NOT NULL}) needs it done.
 * <ul>
 *   <li>When the database is still below version {@code n} (the expand, the backfill and the contract arrive in
 *       one run: a new environment, a test database), no app version ever ran in between, so {@code migrate}
 *       runs the backfill in place: migrations up to {@code n}, the backfill, then the rest.</li>
 *   <li>When the database is already at {@code n} or later (the backfill belongs to an app version that is live),
 *       {@code migrate} refuses with {@link ExitCode#BACKFILL_PENDING} before applying anything: run
 *       {@code backfill} to the end, then deploy again.</li>
 * </ul>
 */
public final class BackfillGate {
    private BackfillGate() {
    }

    /**
     * The backfills {@code migrate} runs in place, in version order (each after the migrations up to its version).
     *
     * @param backfills the backfill files of the migrations folders
     * @param states    the checkpoint rows by version
     * @param applied   the highest applied version, if any
     * @param pending   the versioned migrations {@code migrate} would apply
     * @throws RunnerException {@link ExitCode#BACKFILL_PENDING} naming the migration and the backfill it waits for
     */
    public static List<MigrationFile> inPlace(List<MigrationFile> backfills, Map<String, BackfillState> states,
                                              Optional<MigrationVersion> applied, List<MigrationFile> pending) {
        List<MigrationFile> out = new ArrayList<>();
        for (MigrationFile d : backfills) {
            MigrationVersion v = d.version().orElseThrow();
            BackfillState st = states.get(v.toString());
            if (st != null && st.done()) {
                continue;
            }
            Optional<MigrationFile> later = pending.stream()
                    .filter(m -> m.version().orElseThrow().compareTo(v) > 0).findFirst();
            if (later.isEmpty()) {
                continue;
            }
            if (applied.isPresent() && applied.get().compareTo(v) >= 0) {
                MigrationFile m = later.get();
                throw new RunnerException(ExitCode.BACKFILL_PENDING, m.fileName() + " comes after backfill D" + v
                        + " (" + d.description() + "), which is " + (st == null ? "not started" : String.format(Locale.ROOT,
                        "%.0f%% done (%d rows, %d batches)", st.percent(), st.rowsDone(), st.batches()))
                        + ": run 'runner backfill' until it is done, then deploy again; nothing was applied");
            }
            out.add(d);
        }
        return out;
    }
}
