package dev.migratefirst.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL server for a test class, handing out a fresh database per test
 * ({@code CREATE DATABASE}) instead of a fresh server.
 */
public final class ScratchPostgres implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final EmbeddedPostgres server;

    private ScratchPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /** Starts a server (about 2 s). */
    public static ScratchPostgres start() {
        try {
            return new ScratchPostgres(EmbeddedPostgres.builder().start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    /** Creates an empty database and returns its JDBC URL (user and password {@code postgres}). */
    public String createDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(server.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return server.getJdbcUrl("postgres", name);
    }

    /** A new connection to a database created by {@link #createDatabase()}. */
    public static Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
    }

    /** The first column of every row of a query, as text. */
    public static List<String> query(String jdbcUrl, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(jdbcUrl); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    /**
     * The {@code DATABASE_URL} form ({@code postgresql://user:password@host:port/db}) of a JDBC URL from
     * {@link #createDatabase()}, as the runner reads it from its environment.
     */
    public static String databaseUrl(String jdbcUrl) {
        String rest = jdbcUrl.substring("jdbc:postgresql://".length());
        int q = rest.indexOf('?');
        return "postgresql://postgres:postgres@" + (q < 0 ? rest : rest.substring(0, q));
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
