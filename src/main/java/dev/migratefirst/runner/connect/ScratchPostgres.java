package dev.migratefirst.runner.connect;

import dev.migratefirst.safety.ScratchServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A throwaway embedded PostgreSQL (zonky) of a chosen major version, for {@code check}: started on
 * a free local port with durability off (fsync, synchronous_commit, full_page_writes), its data
 * directory deleted on {@link #close()}.
 *
 * <p>{@code initdb} is most of a start: the first start of a major (per binaries) keeps a copy of the
 * freshly initialized, never started data directory in a cache folder ({@value #CACHE_ENV}, default
 * {@code migratefirst-check-clusters} in the temp folder); later starts copy it instead of running
 * initdb. A cache that cannot be written or read only costs the initdb; a cache folder that another
 * user owns or may write is not used (its cluster's configuration would run as this user).
 */
public final class ScratchPostgres implements ScratchServer, AutoCloseable {
    /** Environment variable naming the folder that keeps the initialized clusters; {@code off} disables it. */
    public static final String CACHE_ENV = "MIGRATEFIRST_CHECK_CLUSTER_CACHE";

    private final EmbeddedPostgres postgres;
    private final String version;
    private final Path ownDataDirectory;

    private ScratchPostgres(EmbeddedPostgres postgres, Path ownDataDirectory) throws SQLException {
        this.postgres = postgres;
        this.ownDataDirectory = ownDataDirectory;
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
        return start(major, binaries, cacheRoot());
    }

    /**
     * Like {@link #start(int, Optional)}, keeping initialized clusters in {@code cacheRoot} (empty: no cache).
     */
    public static ScratchPostgres start(int major, Optional<Path> binaries, Optional<Path> cacheRoot)
            throws IOException, SQLException {
        Optional<PgBinaryResolver> resolver = PostgresBinaries.resolver(major, binaries);
        Path cached = cacheRoot.filter(ScratchPostgres::privateFolder).map(root -> clusterCache(root, major, binaries))
                .orElse(null);
        ScratchPostgres pg = null;
        if (cached != null && Files.isRegularFile(cached.resolve("postgresql.conf"))) {
            Path data = Files.createTempDirectory("migratefirst-check-pg");
            try {
                copyCluster(cached, data);
                pg = new ScratchPostgres(builder(resolver).setDataDirectory(data).setCleanDataDirectory(false).start(),
                        data);
            } catch (IOException | RuntimeException | SQLException e) {
                deleteTree(data);
                deleteTree(cached); // a cluster that does not start is no cache: the next start makes a new one
                pg = null;
            }
        }
        if (pg == null) {
            EmbeddedPostgres.Builder builder = builder(resolver);
            if (cached != null) {
                builder.setDataDirectoryCustomizer(dir -> keep(dir.toPath(), cached));
            }
            pg = new ScratchPostgres(builder.start(), null);
        }
        if (pg.major() != major) {
            pg.close();
            throw new IllegalArgumentException("asked for PostgreSQL " + major + " but the binaries found start "
                    + pg.version);
        }
        return pg;
    }

    private static EmbeddedPostgres.Builder builder(Optional<PgBinaryResolver> resolver) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("max_connections", "50");
        resolver.ifPresent(builder::setPgBinaryResolver);
        return builder;
    }

    /** The cache folder {@value #CACHE_ENV} names, its default, or empty when it is {@code off}. */
    private static Optional<Path> cacheRoot() {
        String env = System.getenv(CACHE_ENV);
        if ("off".equalsIgnoreCase(env)) {
            return Optional.empty();
        }
        return Optional.of(env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("java.io.tmpdir"), "migratefirst-check-clusters-"
                + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_-]", "_")));
    }

    /**
     * True when {@code root} is (or could be made) a folder only this user can write: a cluster someone
     * else could edit would run their configuration (e.g. an archive_command) as this user, so such a
     * folder is not used.
     */
    static boolean privateFolder(Path root) {
        try {
            if (!Files.exists(root)) {
                Files.createDirectories(root, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            String me = System.getProperty("user.name");
            java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(root);
            return Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && Files.getOwner(root, java.nio.file.LinkOption.NOFOLLOW_LINKS).getName().equals(me)
                    && !perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
                    && !perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** Where the initialized cluster of these binaries is kept under {@code root}. */
    private static Path clusterCache(Path root, int major, Optional<Path> binaries) {
        String jar = PostgresBinaries.find(major, PostgresBinaries.searchPath(binaries))
                .map(p -> p.getFileName().toString().replaceAll("\\.jar$", "")).orElse("classpath");
        return root.resolve("pg" + major + "-" + (major == PostgresBinaries.DEFAULT_MAJOR && jar.equals("classpath")
                ? "classpath" : jar));
    }

    /**
     * Keeps a copy of a data directory that initdb just made (zonky calls this before the server starts)
     * as the cache: copied beside it, then renamed, so a reader never sees half a cluster.
     */
    private static void keep(Path fresh, Path cached) {
        Path tmp = cached.resolveSibling(cached.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(cached.getParent());
            deleteTree(tmp);
            copyCluster(fresh, tmp);
            Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp); // another check kept it first, or the folder is read-only: no cache this time
        }
    }

    /** Copies a stopped cluster's data directory, without the lock files of the server that used it. */
    private static void copyCluster(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                String name = p.getFileName().toString();
                if (name.equals("epg-lock") || name.equals("postmaster.pid") || name.equals("postmaster.opts")) {
                    continue;
                }
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a leftover in the temp folder is harmless
        }
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

    /** The data directory this server copied from the cluster cache (deleted on close), if it did. */
    public Optional<Path> copiedDataDirectory() {
        return Optional.ofNullable(ownDataDirectory);
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
        } finally {
            deleteTree(ownDataDirectory);
        }
    }
}
