package dev.migratefirst.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the gate handler's unit tests ({@code node --test src/test/node/}) as part of {@code mvn verify}:
 * every CloudFormation event type (create, update with the same and with a new fingerprint, delete,
 * update during rollback), workflow failure with its cause, workflow timeout, gate bound, failure to
 * start. Prints node's output with its counts and fails when node reports a failure.
 */
class GateHandlerNodeTest {
    private static final Pattern COUNT = Pattern.compile("^# (tests|pass|fail) (\\d+)$", Pattern.MULTILINE);

    @Test
    void handlerUnitTestsPassUnderNode() throws Exception {
        Process p = new ProcessBuilder("node", "--test", "--test-reporter=tap", "src/test/node/")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("node --test finished").isTrue();
        int tests = -1;
        int pass = -1;
        int fail = -1;
        Matcher m = COUNT.matcher(out);
        while (m.find()) {
            int n = Integer.parseInt(m.group(2));
            switch (m.group(1)) {
                case "tests" -> tests = n;
                case "pass" -> pass = n;
                default -> fail = n;
            }
        }
        System.out.println(out.lines().filter(l -> l.startsWith("ok ") || l.startsWith("not ok") || l.matches("^\\s+(ok|not ok) .*")
                || l.startsWith("# ")).reduce("gate handler node tests:", (a, b) -> a + "\n" + b));
        System.out.printf("gate handler node tests: %d tests, %d passed, %d failed%n", tests, pass, fail);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(fail).as(out).isZero();
        assertThat(tests).as("node found the handler tests").isGreaterThanOrEqualTo(18);
        assertThat(pass).isEqualTo(tests);
    }
}
