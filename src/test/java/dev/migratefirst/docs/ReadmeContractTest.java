package dev.migratefirst.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.runner.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the README promises and other files must keep true: the exit codes, the test command, cdk.json;
 * and that the README stays an entrance (at most {@value #MAX_README_LINES} lines, the rest in docs/)
 * whose links, like those of docs/ and bench/, lead somewhere.
 */
class ReadmeContractTest {
    /** What it is, the quick start, one example, the exit codes and links: the rest belongs in docs/. */
    static final int MAX_README_LINES = 200;

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

    @Test
    void readmeStaysShort() {
        assertThat(readme.lines().count()).as("README.md lines: move details into docs/")
                .isLessThanOrEqualTo(MAX_README_LINES);
    }

    @Test
    void relativeLinksOfTheDocsLeadToAFileAndHeading() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(Path.of("README.md"), Path.of("bench", "README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        List<String> broken = new ArrayList<>();
        Pattern link = Pattern.compile("\\]\\(([^)\\s#]*)(?:#([^)\\s]+))?\\)");
        for (Path document : documents) {
            Matcher m = link.matcher(Files.readString(document));
            while (m.find()) {
                String target = m.group(1);
                if (target.contains(":")) {
                    continue; // https://... and other absolute links
                }
                Path file = target.isEmpty() ? document : document.resolveSibling(target).normalize();
                if (!Files.exists(file)) {
                    broken.add(document + ": " + m.group() + " (no such file)");
                } else if (m.group(2) != null && !anchors(file).contains(m.group(2))) {
                    broken.add(document + ": " + m.group() + " (no such heading in " + file + ")");
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    /** GitHub's anchors of the headings of a Markdown file (outside code blocks); empty for other files. */
    static List<String> anchors(Path file) throws IOException {
        List<String> anchors = new ArrayList<>();
        if (!file.toString().endsWith(".md")) {
            return anchors;
        }
        boolean inCode = false;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (!inCode && line.matches("#{1,6} .*")) {
                anchors.add(line.replaceFirst("^#+ ", "").toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    @Test
    void anchorsFollowGitHubsRule() throws IOException {
        Path file = Files.createTempFile("anchors", ".md");
        try {
            Files.writeString(file, "# Exit codes used by `undo`\n```\n# not a heading\n```\n## Re-run, force a run\n");
            assertThat(anchors(file)).containsExactly("exit-codes-used-by-undo", "re-run-force-a-run");
        } finally {
            Files.delete(file);
        }
    }
}
