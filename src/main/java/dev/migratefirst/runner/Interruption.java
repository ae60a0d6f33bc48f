package dev.migratefirst.runner;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stop request (SIGTERM from ECS, SIGINT from a terminal) shared by a run. {@link #request()}
 * sets the flag, wakes every backoff sleep and runs the registered cancellers, which cancel the
 * running statements on the server (so the open transaction rolls back). Commands check
 * {@link #isRequested()} to exit with {@link ExitCode#INTERRUPTED}.
 */
public final class Interruption {
    private final List<Runnable> cancellers = new CopyOnWriteArrayList<>();
    private final Object monitor = new Object();
    private volatile boolean requested;

    /** Asks the run to stop: cancels running statements and wakes sleeps. Idempotent. */
    public void request() {
        synchronized (monitor) {
            requested = true;
            monitor.notifyAll();
        }
        for (Runnable r : cancellers) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // best effort: the others still run
            }
        }
    }

    /** Whether a stop was requested. */
    public boolean isRequested() {
        return requested;
    }

    /** Registers an action run on {@link #request()} (immediately when already requested). */
    public void onRequest(Runnable canceller) {
        cancellers.add(canceller);
        if (requested) {
            canceller.run();
        }
    }

    /** Removes an action registered with {@link #onRequest}. */
    public void remove(Runnable canceller) {
        cancellers.remove(canceller);
    }

    /** Throws {@link RunnerException} ({@link ExitCode#INTERRUPTED}) when a stop was requested. */
    public void check() {
        if (requested) {
            throw new RunnerException(ExitCode.INTERRUPTED, "interrupted (SIGTERM): stopped before finishing");
        }
    }

    /** Sleeps, returning early when a stop is requested; then {@link #check()}s. */
    public void sleep(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        synchronized (monitor) {
            while (!requested) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    monitor.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    requested = true;
                }
            }
        }
        check();
    }
}
