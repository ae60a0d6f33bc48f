package dev.migratefirst.runner.connect;

import dev.migratefirst.safety.ScratchServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * A throwaway embedded PostgreSQL (zonky) of a chosen major version, for {@code check}: started on
 * a free local port with durability off (fsync, synchronous_commit, full_page_writes), its data
 * directory deleted on {@link #close()}.
 */
public final class ScratchPostgres implements ScratchServer, AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final String version;

    private ScratchPostgres(EmbeddedPostgres postgres) throws SQLException {
        this.postgres = postgres;
        try (Connection c = connect("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            this.version = rs.getString(1).split(" ")[0];
        }
    }

    /**
     * Starts PostgreSQL {@code major}.
     *
     * @param binaries a folder with zonky binary jars for majors other than the default
     * @throws IllegalArgumentException when there are no binaries for that major, or the started
     *                                  server is another major
     */
    public static ScratchPostgres start(int major, Optional<Path> binaries) throws IOException, SQLException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("max_connections", "50");
        PostgresBinaries.resolver(major, binaries).ifPresent(builder::setPgBinaryResolver);
        ScratchPostgres pg = new ScratchPostgres(builder.start());
        if (pg.major() != major) {
            pg.close();
            throw new IllegalArgumentException("asked for PostgreSQL " + major + " but the binaries found start "
                    + pg.version);
        }
        return pg;
    }

    @Override
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database,
                "postgres", "postgres");
    }

    @Override
    public String version() {
        return version;
    }

    /** The major version the server runs. */
    public int major() {
        return Integer.parseInt(version.split("\\.")[0]);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
        }
    }
}
