import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts the same embedded PostgreSQL the tests use (zonky, PostgreSQL 17) for bench/run.sh, writes
 * its port to the file given as the first argument, and keeps it running until the process is killed.
 * Run with the runner's classpath: java -cp "$CP" bench/BenchServer.java bench/target/pg.port
 */
public class BenchServer {
    public static void main(String[] args) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("max_connections", "100").start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception e) {
                // exiting anyway
            }
        }));
        Path tmp = Path.of(args[0] + ".tmp");
        Files.writeString(tmp, Integer.toString(pg.getPort()));
        Files.move(tmp, Path.of(args[0]), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(Long.MAX_VALUE);
    }
}
