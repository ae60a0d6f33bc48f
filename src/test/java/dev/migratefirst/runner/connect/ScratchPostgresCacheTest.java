package dev.migratefirst.runner.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scratch server's cluster cache: the first start keeps the cluster initdb made (never started, no
 * lock files), the next start runs on a copy of it and deletes the copy when it stops, and a broken
 * cached cluster is thrown away instead of failing the check.
 */
class ScratchPostgresCacheTest {
    @TempDir
    Path cache;

    @Test
    void theSecondStartCopiesTheClusterTheFirstOneKept() throws Exception {
        try (ScratchPostgres first = ScratchPostgres.start(17, Optional.empty(), Optional.of(cache))) {
            assertThat(first.copiedDataDirectory()).as("nothing cached yet: initdb ran").isEmpty();
        }
        List<Path> kept;
        try (Stream<Path> list = Files.list(cache)) {
            kept = list.toList();
        }
        assertThat(kept).hasSize(1);
        Path cluster = kept.get(0);
        assertThat(cluster.getFileName().toString()).startsWith("pg17-");
        assertThat(cluster.resolve("PG_VERSION")).content().startsWith("17");
        assertThat(cluster.resolve("postmaster.pid")).doesNotExist();
        assertThat(cluster.resolve("epg-lock")).doesNotExist();

        Path copy;
        try (ScratchPostgres second = ScratchPostgres.start(17, Optional.empty(), Optional.of(cache));
             Connection c = second.connect("postgres"); Statement st = c.createStatement()) {
            copy = second.copiedDataDirectory().orElseThrow();
            assertThat(copy).isNotEqualTo(cluster);
            st.execute("CREATE DATABASE scratch_written");
            try (ResultSet rs = st.executeQuery("SHOW data_directory")) {
                rs.next();
                assertThat(Path.of(rs.getString(1)).toRealPath()).isEqualTo(copy.toRealPath());
            }
        }
        assertThat(copy).doesNotExist();
        assertThat(cluster.resolve("base")).isDirectory();

        // a cached cluster that cannot start is deleted, and the server starts with initdb instead
        Files.writeString(cluster.resolve("PG_VERSION"), "9\n");
        try (ScratchPostgres third = ScratchPostgres.start(17, Optional.empty(), Optional.of(cache))) {
            assertThat(third.copiedDataDirectory()).isEmpty();
            assertThat(third.major()).isEqualTo(17);
        }
        assertThat(cluster.resolve("PG_VERSION")).content().startsWith("17");
    }

    @Test
    void aCacheFolderOthersMayWriteIsNotUsed() throws Exception {
        Path shared = Files.createDirectory(cache.resolve("shared"));
        Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(ScratchPostgres.privateFolder(shared)).isFalse();
        Path fresh = cache.resolve("fresh");
        assertThat(ScratchPostgres.privateFolder(fresh)).isTrue();
        assertThat(Files.getPosixFilePermissions(fresh))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }
}
