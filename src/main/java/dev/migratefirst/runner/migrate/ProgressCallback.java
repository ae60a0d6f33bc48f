package dev.migratefirst.runner.migrate;

import dev.migratefirst.runner.Reporter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Reports each migration as Flyway applies it (a line when it starts, a line with its duration when
 * it is done) and remembers the one that failed, so the failure line can name it.
 */
public final class ProgressCallback implements Callback {
    private final Reporter reporter;
    private volatile long startedNanos;
    private volatile MigrationInfo current;
    private volatile MigrationInfo failed;
    private volatile int applied;
    private final java.util.Set<String> appliedVersions = java.util.concurrent.ConcurrentHashMap.newKeySet();

    ProgressCallback(Reporter reporter) {
        this.reporter = reporter;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE
                || event == Event.AFTER_EACH_MIGRATE_ERROR;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true; // it only reports, it runs no SQL
    }

    @Override
    public void handle(Event event, Context context) {
        MigrationInfo m = context.getMigrationInfo();
        switch (event) {
            case BEFORE_EACH_MIGRATE -> before(m);
            case AFTER_EACH_MIGRATE -> after(m, (System.nanoTime() - startedNanos) / 1_000_000);
            case AFTER_EACH_MIGRATE_ERROR -> failed(m);
            default -> {
                // not subscribed
            }
        }
    }

    /** A migration starts (Flyway's BEFORE_EACH_MIGRATE, or the runner's own apply loop). */
    void before(MigrationInfo m) {
        current = m;
        startedNanos = System.nanoTime();
        reporter.info("migration_start", "applying " + name(m), fields(m, null));
    }

    /** A migration was applied and committed in {@code ms}. */
    void after(MigrationInfo m, long ms) {
        applied++;
        if (m != null && m.getVersion() != null) {
            appliedVersions.add(m.getVersion().getVersion());
        }
        reporter.info("migration_applied", "applied  " + name(m) + " in " + ms + " ms", fields(m, ms));
    }

    /** A migration failed. */
    void failed(MigrationInfo m) {
        failed = m != null ? m : current;
    }

    @Override
    public String getCallbackName() {
        return "migratefirst-progress";
    }

    /** The migration that failed in the last attempt (or the one running when it failed), else null. */
    MigrationInfo failedOrCurrent() {
        return failed != null ? failed : current;
    }

    /** Forgets the last attempt's failure before a retry. */
    void reset() {
        failed = null;
        current = null;
    }

    /** The versions applied by all attempts so far. */
    java.util.Set<String> appliedVersions() {
        return appliedVersions;
    }

    /** Migrations applied by all attempts so far. */
    int applied() {
        return applied;
    }

    public static String name(MigrationInfo m) {
        if (m == null) {
            return "(unknown migration)";
        }
        String v = m.getVersion() == null ? "R" : "V" + m.getVersion();
        return v + " " + m.getDescription() + " (" + m.getScript() + ")";
    }

    private static Map<String, Object> fields(MigrationInfo m, Long ms) {
        Map<String, Object> f = new LinkedHashMap<>();
        if (m != null) {
            f.put("version", m.getVersion() == null ? null : m.getVersion().getVersion());
            f.put("description", m.getDescription());
            f.put("script", m.getScript());
        }
        if (ms != null) {
            f.put("duration_ms", ms);
        }
        return f;
    }
}
