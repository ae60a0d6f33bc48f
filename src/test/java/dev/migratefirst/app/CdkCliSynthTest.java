package dev.migratefirst.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.migratefirst.testsupport.ShellCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;

/**
 * Runs the pinned CDK CLI ({@code node_modules/.bin/cdk}, from {@code npm ci}) exactly as a user would:
 * {@code cdk synth} through cdk.json's app command ({@code bin/cdk-app}). It must exit 0 (cdk-nag errors
 * fail it) and write a template for every stack the app defines; a bad context value must end it with the
 * app's one line, no stack trace. Skipped where the CLI is not installed, except on CI ({@code CI=true}),
 * where .ci/run installs it and its absence is a failure.
 */
class CdkCliSynthTest {

    private static final Path CLI = Path.of("node_modules", ".bin", "cdk");
    private static final Path APP_SCRIPT = Path.of("bin", "cdk-app");
    private static final Path OUTPUT = Path.of("target", "cdk-cli-synth");

    @Test
    void pinnedCliSynthesizesEveryExampleStack() throws IOException, InterruptedException {
        requireCli();
        Path log = Files.createTempFile("cdk-synth", ".log");
        ProcessBuilder builder = new ProcessBuilder(CLI.toString(), "synth", "--quiet", "--output", OUTPUT.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
        builder.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        builder.environment().remove("CDK_CONTEXT_JSON");
        builder.environment().remove("CDK_OUTDIR");
        Instant start = Instant.now();
        Process process = builder.start();
        boolean finished = process.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        Duration took = Duration.between(start, Instant.now());
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        System.out.println("cdk synth (pinned CLI) took " + took.toMillis() + " ms");

        assertThat(finished).as("cdk synth finished within 10 minutes").isTrue();
        assertThat(process.exitValue()).as("cdk synth exit code; last output:\n" + tail(output)).isZero();
        for (String stack : exampleStackNames()) {
            assertThat(OUTPUT.resolve(stack + ".template.json")).as("template of " + stack).isRegularFile();
        }
        assertThat(Files.readString(OUTPUT.resolve("manifest.json"))).contains(ExampleApp.DATA_STACK);
    }

    @Test
    void badContextValueEndsSynthWithItsOneLine() throws IOException, InterruptedException {
        requireCli();
        String expected = "ExampleApp: context " + ExampleApp.EGRESS_CONTEXT
                + ": must be 'none' or 'nat' (got 'bogus')";

        // What cdk.json runs, as the CLI runs it: the one line, the app's exit code, nothing on stdout.
        Result app = run(List.of(APP_SCRIPT.toString()),
                Map.of("CDK_CONTEXT_JSON", "{\"" + ExampleApp.EGRESS_CONTEXT + "\":\"bogus\"}",
                        "CDK_OUTDIR", OUTPUT.resolveSibling("cdk-cli-bad-context").toString()));
        assertThat(app.stderr).as("stderr of bin/cdk-app").isEqualTo(expected + "\n");
        assertThat(app.stdout).as("stdout of bin/cdk-app").isEmpty();
        assertThat(app.exitCode).isEqualTo(ExampleApp.EXIT_INVALID_CONFIGURATION);

        // Through the CLI: that line, then the CLI's own line naming the exit code; no Maven, no trace.
        Result cli = run(List.of(CLI.toString(), "synth", "--quiet", "--no-notices",
                "-c", ExampleApp.EGRESS_CONTEXT + "=bogus", "--output", OUTPUT.resolveSibling("cdk-cli-bad").toString()),
                Map.of());
        assertThat(cli.stderr.lines().collect(Collectors.toList())).as("stderr of cdk synth").containsExactly(
                expected, APP_SCRIPT + ": Subprocess exited with error " + ExampleApp.EXIT_INVALID_CONFIGURATION);
        assertThat(cli.exitCode).as("cdk synth exit code").isNotZero();
    }

    @Test
    void appScriptIsShellcheckClean() throws IOException, InterruptedException {
        ShellCheck.assertClean(APP_SCRIPT);
    }

    private static void requireCli() {
        boolean installed = Files.isExecutable(CLI);
        assumeTrue(installed || "true".equals(System.getenv("CI")),
                "node_modules/.bin/cdk is missing: run `npm ci` first (.ci/run does)");
        assertThat(installed).as("node_modules/.bin/cdk is installed (.ci/run runs npm ci)").isTrue();
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path out = Files.createTempFile("cdk-synth", ".out");
        Path err = Files.createTempFile("cdk-synth", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
            builder.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
            builder.environment().remove("CDK_CONTEXT_JSON");
            builder.environment().remove("CDK_OUTDIR");
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within 10 minutes");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The stacks ExampleApp defines, built in-JVM without synthesizing. */
    private static List<String> exampleStackNames() {
        App app = new App();
        ExampleApp.addExampleStacks(app);
        List<String> names = app.getNode().getChildren().stream()
                .filter(c -> c instanceof Stack)
                .map(c -> ((Stack) c).getStackName())
                .collect(Collectors.toList());
        assertThat(names).isNotEmpty();
        return names;
    }

    private static String tail(String output) {
        List<String> lines = output.lines().collect(Collectors.toList());
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
