package dev.migratefirst.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One embedded PostgreSQL per test class, a fresh database per test, and a way to run the runner
 * in-process with an injected environment. Every run asserts that its output holds no password.
 */
final class RunnerTestSupport implements AutoCloseable {
    /** The owner role's password: special characters on purpose (URL-encoding, JSON). */
    static final String PASSWORD = "Sup3r$ecret/p@ss:w0rd";
    static final String ROLE = "app_owner";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final EmbeddedPostgres postgres;

    RunnerTestSupport() {
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection c = superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD.replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return postgres.getPort();
    }

    /** A new empty database owned by {@link #ROLE}. */
    String createDatabase() {
        String name = "db" + DATABASES.incrementAndGet();
        try (Connection c = superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " OWNER " + ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return name;
    }

    /** The environment ECS would give with a DATABASE_URL to {@code database}. */
    Map<String, String> urlEnv(String database) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", "postgresql://" + ROLE + ":" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                + "@localhost:" + port() + "/" + database);
        return env;
    }

    /** The environment ECS gives when it injects the RDS secret as DB_SECRET. */
    Map<String, String> secretEnv(String database) {
        Map<String, String> env = new HashMap<>();
        env.put("DB_SECRET", "{\"username\":\"" + ROLE + "\",\"password\":\"" + PASSWORD + "\",\"engine\":\"postgres\","
                + "\"host\":\"localhost\",\"port\":" + port() + ",\"dbname\":\"" + database + "\","
                + "\"dbInstanceIdentifier\":\"db\"}");
        return env;
    }

    /** A connection as the superuser (not through the runner). */
    Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port() + "/" + database, "postgres", "postgres");
    }

    /** A connection as the owner role, as the app would connect. */
    Connection app(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port() + "/" + database, ROLE, PASSWORD);
    }

    /** What one runner invocation did. */
    record Result(int code, String out, String err) {
        List<String> outLines() {
            return out.isBlank() ? List.of() : Arrays.asList(out.split("\\R"));
        }

        List<String> errLines() {
            return err.isBlank() ? List.of() : Arrays.asList(err.split("\\R"));
        }

        String all() {
            return out + err;
        }

        /** The last line written to stderr (a failure's summary). */
        String lastErrLine() {
            List<String> l = errLines();
            return l.isEmpty() ? "" : l.get(l.size() - 1);
        }
    }

    /** Runs the runner in-process; asserts the password appears nowhere in its output. */
    static Result run(Map<String, String> env, String... args) {
        return run(env, new Interruption(), args);
    }

    static Result run(Map<String, String> env, Interruption interruption, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, env, o, e, interruption);
        }
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertNoPassword(r.all());
        return r;
    }

    static void assertNoPassword(String output) {
        assertThat(output)
                .doesNotContain(PASSWORD)
                .doesNotContain(URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8))
                .doesNotContain("p@ss");
    }

    /** A temporary migrations folder with the given files (name, SQL). */
    static Path migrations(Path dir, String... nameAndSql) {
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < nameAndSql.length; i += 2) {
                Files.writeString(dir.resolve(nameAndSql[i]), nameAndSql[i + 1], StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** A copy of the repository's migrations/ folder. */
    static Path copyOfRepositoryMigrations(Path dir) {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(Path.of("migrations"))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** The rows of {@code flyway_schema_history}: "version:success", by installed rank. */
    List<String> history(String database) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = superuser(database); Statement s = c.createStatement()) {
            try (ResultSet exists = s.executeQuery("SELECT to_regclass('public.flyway_schema_history') IS NOT NULL")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    return rows;
                }
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT version, success FROM flyway_schema_history ORDER BY installed_rank")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + ":" + rs.getBoolean(2));
                }
            }
        }
        return rows;
    }

    /** Whether a relation (table, index) exists in the public schema. */
    boolean exists(String database, String relation) throws SQLException {
        try (Connection c = superuser(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('public." + relation + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
