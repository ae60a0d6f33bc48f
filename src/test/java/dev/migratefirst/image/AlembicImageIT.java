package dev.migratefirst.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.testsupport.AdvisoryLocks;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lesson's scenario for real: an image from a Debian base with python3, alembic and psycopg2 from
 * Debian packages and no Java, plus the runner distribution added with exactly the README's two
 * Dockerfile lines ("Use it with your own image"), runs {@code migratefirst-runner exec -- alembic
 * upgrade head} against a PostgreSQL on the host: a blocked {@code ALTER TABLE} fails on lock_timeout
 * instead of queueing; two runners started together add {@code users.profile_picture} once (the second
 * waits on the runner lock, then finds nothing to do).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlembicImageIT {
    private static final String TAG = "localhost/migratefirst/alembic-app:it";
    private static final String PASSWORD = "alembic-it-pass-never-printed";
    private static final String INI = "/srv/app/alembic.ini";

    @TempDir
    static Path tmp;

    private static EmbeddedPostgres postgres;
    private static String container;
    private static List<String> env;

    /** The README's Dockerfile lines of "Use it with your own image". */
    static List<String> readmeDockerfileLines() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("### Use it with your own image.*?```dockerfile\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(m.find()).as("README: a dockerfile block under 'Use it with your own image'").isTrue();
        return m.group(1).lines().toList();
    }

    @BeforeAll
    static void buildImage() throws Exception {
        String base = ToolImages.requireBase();
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.copy(ToolImages.distributionTarball(), context.resolve("migratefirst-runner-dist.tar.gz"),
                StandardCopyOption.REPLACE_EXISTING);
        Path app = Path.of("src/test/resources/alembic-app");
        try (Stream<Path> files = Files.walk(app)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = context.resolve("alembic-app").resolve(app.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!f.toString().contains("__pycache__")) {
                    Files.copy(f, target);
                }
            }
        }
        List<String> recipe = readmeDockerfileLines();
        assertThat(recipe).hasSize(2);
        StringBuilder dockerfile = new StringBuilder("FROM " + base + "\n");
        recipe.forEach(l -> dockerfile.append(l).append('\n'));
        dockerfile.append("COPY alembic-app/ /srv/app/\n");
        Files.writeString(context.resolve("Dockerfile"), dockerfile.toString());

        Command.Result build = ToolImages.buildah(Duration.ofMinutes(10), "bud", "--quiet", "--isolation", "chroot",
                "-t", TAG, context.toString());
        assertThat(build.exitCode()).as(build.describe()).isZero();
        System.err.println("alembic image build took " + build.elapsed().toMillis() + " ms");
        container = ToolImages.buildah(Duration.ofMinutes(2), "from", "--quiet", TAG).stdout().trim();

        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE app LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE DATABASE app OWNER app");
        }
        env = List.of("DATABASE_URL=postgresql://app:" + PASSWORD + "@127.0.0.1:" + postgres.getPort() + "/app");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (container != null) {
            ToolImages.buildah(Duration.ofMinutes(2), "rm", container);
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static Command.Result inImage(String... command) {
        Command.Result r = Command.of(ToolImages.run(container, null, env, List.of(command)))
                .timeout(Duration.ofMinutes(3)).run();
        assertThat(r.stdout() + r.stderr()).doesNotContain(PASSWORD);
        return r;
    }

    private static boolean hasProfilePicture() throws Exception {
        try (Connection c = postgres.getDatabase("postgres", "app").getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.columns"
                     + " WHERE table_name = 'users' AND column_name = 'profile_picture'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    /** Waits until a session holds an advisory lock in the app database (the first runner's lock). */
    private static void awaitAdvisoryLock() throws Exception {
        try (Connection c = postgres.getDatabase("postgres", "app").getConnection()) {
            AdvisoryLocks.awaitGranted(c, Duration.ofSeconds(120));
        }
    }

    @Test
    @Order(1)
    void theImageHasPythonAndAlembicButNoJava() {
        Command.Result r = inImage("sh", "-c", "command -v java || echo no-java; ls /usr/lib/jvm 2>/dev/null || echo no-jvm;"
                + " command -v alembic; command -v migratefirst-runner; python3 -c 'import psycopg2; print(\"psycopg2\")'");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout().lines().toList()).contains("no-java", "no-jvm", "/usr/bin/alembic",
                "/opt/migratefirst-runner/bin/migratefirst-runner", "psycopg2");
    }

    @Test
    @Order(2)
    void aBlockedAlterTableTimesOutOnLockTimeoutInsteadOfQueueing() throws Exception {
        Command.Result first = inImage("migratefirst-runner", "exec", "--", "alembic", "-c", INI, "upgrade", "0001");
        assertThat(first.exitCode()).as(first.describe()).isZero();
        try (Connection app = postgres.getDatabase("postgres", "app").getConnection(); Statement s = app.createStatement()) {
            app.setAutoCommit(false);
            s.executeQuery("SELECT * FROM users").close(); // ACCESS SHARE until rollback
            Command.Result blocked = inImage("migratefirst-runner", "exec", "--lock-timeout=1s", "--",
                    "alembic", "-c", INI, "upgrade", "head");
            app.rollback();
            assertThat(blocked.exitCode()).as(blocked.describe()).isEqualTo(1);
            assertThat(blocked.stderr()).contains("canceling statement due to lock timeout");
            assertThat(blocked.elapsed()).isLessThan(Duration.ofSeconds(60));
        }
        assertThat(hasProfilePicture()).isFalse();
    }

    @Test
    @Order(3)
    void twoRunnersAddTheColumnOnceTheSecondWaitsThenFindsNothingToDo() throws Exception {
        Command.Started one = Command.of(ToolImages.run(container, null, env, List.of("migratefirst-runner", "exec", "--",
                "sh", "-c", "sleep 8; alembic -c " + INI + " upgrade head"))).start();
        awaitAdvisoryLock();
        Command.Result two = inImage("migratefirst-runner", "exec", "--", "alembic", "-c", INI, "upgrade", "head");
        assertThat(one.process.waitFor()).isZero();
        one.join();
        assertThat(one.stderr()).contains("Running upgrade 0001 -> 0002");
        assertThat(two.exitCode()).as(two.describe()).isZero();
        assertThat(two.stdout()).contains("waiting for the runner lock");
        assertThat(two.stderr()).doesNotContain("Running upgrade");
        assertThat(hasProfilePicture()).isTrue();
    }
}
