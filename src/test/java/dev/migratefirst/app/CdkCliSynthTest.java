package dev.migratefirst.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;

/**
 * Runs the pinned CDK CLI ({@code node_modules/.bin/cdk}, from {@code npm ci}) exactly as a user would:
 * {@code cdk synth} through cdk.json's app command. It must exit 0 (cdk-nag errors fail it) and write a
 * template for every stack the app defines.
 */
class CdkCliSynthTest {

    private static final Path CLI = Path.of("node_modules", ".bin", "cdk");
    private static final Path OUTPUT = Path.of("target", "cdk-cli-synth");

    @Test
    void pinnedCliSynthesizesEveryExampleStack() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(CLI), "node_modules/.bin/cdk is missing: run `npm ci` first (.ci/run does)");
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
