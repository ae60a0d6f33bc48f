package dev.migratefirst.testsupport;

import dev.migratefirst.runner.Interruption;
import dev.migratefirst.runner.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What one in-process run of the runner ({@link Main#run}) did: its exit code and everything it wrote
 * to stdout and stderr.
 */
public record RunnerInvocation(int code, String out, String err) {

    /** Runs the runner with {@code args} and the environment {@code env}. */
    public static RunnerInvocation run(Map<String, String> env, String... args) {
        return run(env, new Interruption(), args);
    }

    /** As {@link #run(Map, String...)}, with a stop request the test can trigger. */
    public static RunnerInvocation run(Map<String, String> env, Interruption interruption, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, env, o, e, interruption);
        }
        return new RunnerInvocation(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The lines written to stdout. */
    public List<String> outLines() {
        return out.isBlank() ? List.of() : Arrays.asList(out.split("\\R"));
    }

    /** The lines written to stderr. */
    public List<String> errLines() {
        return err.isBlank() ? List.of() : Arrays.asList(err.split("\\R"));
    }

    /** Stdout then stderr, for assertion messages and searches over both. */
    public String all() {
        return out + err;
    }

    /** The last line written to stderr (a failure's summary). */
    public String lastErrLine() {
        List<String> l = errLines();
        return l.isEmpty() ? "" : l.get(l.size() - 1);
    }
}
