package dev.migratefirst.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What `mvn deploy -P release` would upload to Maven Central, checked after `package` (failsafe, in
 * `mvn verify`): the jar, the sources and Javadoc jars, the runner distribution, and the pom metadata Maven
 * Central requires (docs/api.md#releasing).
 */
class ReleaseArtifactsIT {

    /** Classifier and type of the runner distribution (a self-contained runner with its own Java runtime). */
    static final String DISTRIBUTION_CLASSIFIER = "runner-dist";
    static final String DISTRIBUTION_TYPE = "tar.gz";

    private static final Path TARGET = Path.of("target");
    private static Element project;
    private static String base;

    @BeforeAll
    static void readPom() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        project = pom.getDocumentElement();
        base = child(project, "artifactId") + "-" + child(project, "version");
    }

    @Test
    void theJarHoldsTheConstructsAndItsPom() throws IOException {
        try (JarFile jar = new JarFile(artifact(".jar").toFile())) {
            assertThat(jar.getEntry("dev/migratefirst/network/MigrateFirstVpc.class")).isNotNull();
            assertThat(jar.getEntry("dev/migratefirst/access/GitHubDeployRole.class")).isNotNull();
            assertThat(jar.getEntry("META-INF/maven/dev.migratefirst/migratefirst/pom.xml")).isNotNull();
        }
    }

    @Test
    void theSourcesJarHasASourceFileForEveryTopLevelClass() throws IOException {
        List<String> classes = entries(artifact(".jar"), ".class").stream()
                .filter(c -> !c.contains("$")).map(c -> c.replace(".class", ".java")).toList();
        List<String> sources = entries(artifact("-sources.jar"), ".java");
        assertThat(classes).hasSizeGreaterThan(50);
        assertThat(sources).containsAll(classes);
    }

    @Test
    void theJavadocJarDocumentsThePublicApi() throws IOException {
        List<String> pages = entries(artifact("-javadoc.jar"), ".html");
        assertThat(pages).contains("index.html", "dev/migratefirst/database/PostgresDatabase.html",
                "dev/migratefirst/migration/MigrationGate.html", "dev/migratefirst/access/ClientVpn.html");
    }

    @Test
    void theRunnerDistributionIsAnExecutableTarGz() throws IOException {
        Path tarGz = artifact("-" + DISTRIBUTION_CLASSIFIER + "." + DISTRIBUTION_TYPE);
        List<String> names = new ArrayList<>();
        boolean executable = false;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarGz))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                int mode = Integer.parseInt(field(header, 100, 8).trim().isEmpty() ? "0" : field(header, 100, 8).trim(), 8);
                names.add(prefix.isEmpty() ? name : prefix + "/" + name);
                executable |= header[156] == '0' && (mode & 0111) != 0 && name.contains("bin/");
                in.skipNBytes((size + 511) / 512 * 512);
            }
        }
        assertThat(names).as("entries of " + tarGz).isNotEmpty().anyMatch(n -> n.endsWith(".jar"));
        assertThat(executable).as("a launcher under bin/ with the executable bit").isTrue();
    }

    @Test
    void thePomCarriesWhatMavenCentralRequires() {
        assertThat(child(project, "name")).isNotBlank();
        assertThat(child(project, "description")).isNotBlank();
        assertThat(child(project, "url")).startsWith("https://");
        Element license = first(first(project, "licenses"), "license");
        assertThat(child(license, "name")).isEqualTo("Apache-2.0");
        assertThat(child(license, "url")).isEqualTo("https://www.apache.org/licenses/LICENSE-2.0.txt");
        assertThat(child(first(first(project, "developers"), "developer"), "name")).isNotBlank();
        Element scm = first(project, "scm");
        assertThat(child(scm, "connection")).startsWith("scm:git:");
        assertThat(child(scm, "url")).startsWith("https://");
        assertThat(Path.of("LICENSE")).content().contains("Apache License", "Version 2.0, January 2004",
                "END OF TERMS AND CONDITIONS");
    }

    private static Path artifact(String suffix) {
        Path file = TARGET.resolve(base + suffix);
        assertThat(file).as("built by `mvn package`").isRegularFile();
        return file;
    }

    private static List<String> entries(Path jar, String suffix) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return Collections.list(file.entries()).stream().map(e -> e.getName()).filter(n -> n.endsWith(suffix)).toList();
        }
    }

    private static String pomText() throws IOException {
        return Files.readString(Path.of("pom.xml"));
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static Element first(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("pom.xml: <" + parent.getTagName() + "> has no <" + name + ">");
    }

    private static String child(Element parent, String name) {
        return first(parent, name).getTextContent().trim();
    }
}
