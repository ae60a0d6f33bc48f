package dev.migratefirst.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external command (a fresh JVM, buildah) and captures its output, for the image tests. */
final class Command {
    private final List<String> args;
    private final Map<String, String> env;
    private Path directory = Path.of("").toAbsolutePath();
    private Duration timeout = Duration.ofMinutes(2);

    private Command(List<String> args, Map<String, String> env) {
        this.args = List.copyOf(args);
        this.env = Map.copyOf(env);
    }

    static Command of(List<String> args) {
        return new Command(args, Map.of());
    }

    static Command of(List<String> args, Map<String, String> env) {
        return new Command(args, env);
    }

    Command timeout(Duration t) {
        this.timeout = t;
        return this;
    }

    /** The result of a finished command: exit code, stdout and stderr (UTF-8), wall time. */
    record Result(List<String> args, int exitCode, String stdout, String stderr, Duration elapsed) {
        String describe() {
            return String.join(" ", args) + " -> exit " + exitCode + " in " + elapsed.toMillis() + " ms\n--- stdout\n"
                    + stdout + "--- stderr\n" + stderr;
        }
    }

    /** Runs to completion (killed after the timeout). */
    Result run() {
        long start = System.nanoTime();
        Started started = start();
        try {
            if (!started.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                started.stop();
                throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", args)
                        + "\n--- stdout\n" + started.stdout() + "--- stderr\n" + started.stderr());
            }
            started.join();
            return new Result(args, started.process.exitValue(), started.stdout(), started.stderr(),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            started.stop();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", args), e);
        }
    }

    /** Starts in the background; {@link Started#stop()} sends SIGTERM to it and its descendants. */
    Started start() {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(args)).directory(directory.toFile());
        pb.environment().putAll(env);
        try {
            return new Started(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", args), e);
        }
    }

    /** A running command whose output is being collected. */
    static final class Started {
        final Process process;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final Thread outPump;
        private final Thread errPump;

        private Started(Process process) {
            this.process = process;
            this.outPump = pump(process.getInputStream(), out);
            this.errPump = pump(process.getErrorStream(), err);
        }

        private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try (in) {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        synchronized (sink) {
                            sink.write(buf, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            t.setDaemon(true);
            t.start();
            return t;
        }

        String stdout() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }

        String stderr() {
            synchronized (err) {
                return err.toString(StandardCharsets.UTF_8);
            }
        }

        void join() throws InterruptedException {
            outPump.join(5000);
            errPump.join(5000);
        }

        /**
         * SIGTERM to the leaf processes (the JVM inside a {@code buildah run}: buildah exits with it), or
         * to the command itself when it has no children; SIGKILL to everything after {@code grace}.
         * Returns the exit code of the command itself.
         */
        int stop(Duration grace) throws InterruptedException {
            // ProcessHandle, not Process.destroy(): that one also closes the pipes, losing the last lines
            List<ProcessHandle> leaves = process.descendants().filter(h -> h.children().findAny().isEmpty()).toList();
            if (leaves.isEmpty()) {
                process.toHandle().destroy();
            } else {
                leaves.forEach(ProcessHandle::destroy);
            }
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
            join();
            return process.exitValue();
        }

        void stop() {
            try {
                stop(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
