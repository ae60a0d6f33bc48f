package dev.migratefirst.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension: one embedded PostgreSQL server per test class (started before the first test,
 * stopped after the last) and a fresh empty database per test ({@code CREATE DATABASE}, not a fresh
 * server). Register it on a static field, so the server lives as long as the class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresServer POSTGRES = new PostgresServer();
 * }</pre>
 *
 * The test's database exists before the class's own {@code @BeforeEach} methods run. With
 * {@link #withOwner(String, String)} a login role is created once per server and owns every database.
 */
public final class PostgresServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String owner;
    private final String ownerPassword;
    private final boolean passwordsChecked;
    private EmbeddedPostgres server;
    private int classes;
    private String database;

    /** Databases owned by the superuser {@code postgres} (password {@code postgres}). */
    public PostgresServer() {
        this(null, null);
    }

    private PostgresServer(String owner, String ownerPassword) {
        this(owner, ownerPassword, false);
    }

    private PostgresServer(String owner, String ownerPassword, boolean passwordsChecked) {
        this.owner = owner;
        this.ownerPassword = ownerPassword;
        this.passwordsChecked = passwordsChecked;
    }

    /**
     * The same server, but every role except {@code postgres} must log in over TCP with its password
     * (scram-sha-256), as on RDS: the embedded server otherwise trusts every local login, so a wrong or
     * rotated password would still get in.
     */
    public PostgresServer passwordsChecked() {
        return new PostgresServer(owner, ownerPassword, true);
    }

    /** Databases owned by a login role {@code owner} with {@code password}, created when the server starts. */
    public static PostgresServer withOwner(String owner, String password) {
        return new PostgresServer(owner, password);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (classes++ > 0) {
            return; // a @Nested class: the outer class's server serves it too
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (passwordsChecked) {
                java.nio.file.Path hba = java.nio.file.Files.createTempFile("pg_hba", ".conf");
                hba.toFile().deleteOnExit();
                java.nio.file.Files.writeString(hba, String.join("\n",
                        "local all all trust",
                        "host all postgres 127.0.0.1/32 trust",
                        "host all postgres ::1/128 trust",
                        "host all all 127.0.0.1/32 scram-sha-256",
                        "host all all ::1/128 scram-sha-256", ""));
                builder.setServerConfig("hba_file", hba.toString());
            }
            server = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
        if (owner != null) {
            try (Connection c = superuser("postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE " + owner + " LOGIN PASSWORD '" + ownerPassword.replace("'", "''") + "'");
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (--classes == 0 && server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        database = createDatabase();
    }

    /** Creates another empty database (besides this test's {@link #database()}) and returns its name. */
    public String createDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = superuser("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + (owner == null ? "" : " OWNER " + owner));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return name;
    }

    /** The name of the current test's fresh database. */
    public String database() {
        if (database == null) {
            throw new IllegalStateException("no test database yet: register PostgresServer on a static field"
                    + " with @RegisterExtension and use it from a test or @BeforeEach");
        }
        return database;
    }

    /** The server's port on localhost. */
    public int port() {
        return server.getPort();
    }

    /** The JDBC URL of the current test's database. */
    public String jdbcUrl() {
        return jdbcUrl(database());
    }

    /** The JDBC URL of {@code name} on this server. */
    public String jdbcUrl(String name) {
        return "jdbc:postgresql://localhost:" + port() + "/" + name;
    }

    /**
     * The {@code DATABASE_URL} form ({@code postgresql://postgres:postgres@localhost:port/db}) of the
     * current test's database, as the runner reads it from its environment.
     */
    public String databaseUrl() {
        return "postgresql://postgres:postgres@localhost:" + port() + "/" + database();
    }

    /** A Flyway configuration on the current test's database (as superuser, logging to slf4j). */
    public FluentConfiguration flyway() {
        return Flyway.configure().loggers("slf4j").dataSource(jdbcUrl(), "postgres", "postgres");
    }

    /** A new superuser connection to the current test's database. */
    public Connection connect() throws SQLException {
        return superuser(database());
    }

    /** A new superuser connection to {@code name}. */
    public Connection superuser(String name) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(name), "postgres", "postgres");
    }

    /** The first column of every row of a query on the current test's database, as text. */
    public List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
