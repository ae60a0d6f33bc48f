package dev.migratefirst.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs shellcheck over a shipped script (bin/db-tunnel, bin/run-migrations). */
public final class ShellCheck {
    private static final Path SHELLCHECK = Path.of("/usr/bin/shellcheck");

    private ShellCheck() {
    }

    /**
     * Asserts shellcheck reports nothing for {@code script}. Skipped where shellcheck is not installed,
     * except on CI ({@code CI=true}), where .ci/run installs it and its absence is a failure.
     */
    public static void assertClean(Path script) throws IOException, InterruptedException {
        boolean installed = Files.isExecutable(SHELLCHECK);
        assumeTrue(installed || "true".equals(System.getenv("CI")), "shellcheck is not installed");
        assertThat(installed).as("shellcheck is installed (.ci/run installs it)").isTrue();
        Process p = new ProcessBuilder(SHELLCHECK.toString(), script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("shellcheck finished").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
