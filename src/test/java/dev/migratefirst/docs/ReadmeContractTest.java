package dev.migratefirst.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.runner.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the README promises and other files must keep true: the exit codes, the test command, cdk.json. */
class ReadmeContractTest {
    private static String readme;

    @BeforeAll
    static void read() throws IOException {
        readme = Files.readString(Path.of("README.md"));
    }

    @Test
    void exitCodeTableListsEveryExitCodeWithItsNumber() {
        Map<String, Integer> documented = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\| (\\d+) \\| `([A-Z_]+)` \\|").matcher(readme);
        while (m.find()) {
            documented.put(m.group(2), Integer.parseInt(m.group(1)));
        }
        Map<String, Integer> actual = new LinkedHashMap<>();
        for (ExitCode c : ExitCode.values()) {
            actual.put(c.name(), c.code());
        }
        assertThat(documented).containsExactlyEntriesOf(actual);
    }

    @Test
    void ciRunsTheReadmesTestCommand() throws IOException {
        Matcher m = Pattern.compile("(?m)^(mvn [^#\\n]*?)\\s+# run all tests$").matcher(readme);
        assertThat(m.find()).as("README quick start names its test command").isTrue();
        String testCommand = m.group(1).trim();
        assertThat(Files.readString(Path.of(".ci/run"))).contains("\n" + testCommand + "\n");
    }

    @Test
    void quickStartSynthIsWhatCdkJsonRuns() throws IOException {
        Matcher m = Pattern.compile("(?m)^(mvn [^#\\n]*?)\\s+# synthesize the example stacks").matcher(readme);
        assertThat(m.find()).as("README quick start names its synth command").isTrue();
        String synth = m.group(1).trim();
        assertThat(synth).endsWith(" package exec:exec");
        // cdk.json runs bin/cdk-app: the same build, then java on the same main class as exec:exec (pom.xml)
        assertThat(Files.readString(Path.of("cdk.json"))).contains("\"app\": \"bin/cdk-app\"");
        String script = Files.readString(Path.of("bin", "cdk-app"));
        assertThat(script).contains("\nmaven " + synth.replace("mvn -q ", "").replace(" exec:exec", "") + "\n");
        String mainClass = "dev.migratefirst.app.ExampleApp";
        assertThat(script).contains(" " + mainClass + "\n");
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<exec.mainClass>" + mainClass + "</exec.mainClass>");
    }
}
