import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The app's side of the backfill benchmark: a point UPDATE of a random row of items (the app writing the
 * table being backfilled; a read would never wait under MVCC) every 10 ms, autocommit, no lock_timeout,
 * until STOP_FILE exists (at most 30 minutes), after writing STOP_FILE.ready once its first write is done (the
 * script starts the measured command only then); then prints
 * "max_ms=<longest> p99_ms=<99th percentile> p50_ms=<median> over_2s=<count> n=<count>".
 * Usage: java -cp postgresql.jar bench/backfill/AppWriter.java JDBC_URL USER PASSWORD ROWS STOP_FILE
 */
public class AppWriter {
    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args[3]);
        Path stop = Path.of(args[4]);
        long end = System.nanoTime() + 30L * 60 * 1_000_000_000L;
        List<Long> micros = new ArrayList<>();
        boolean ready = false;
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
             PreparedStatement ps = c.prepareStatement("UPDATE items SET a = a WHERE id = ?")) {
            while (!Files.exists(stop) && System.nanoTime() < end) {
                ps.setLong(1, 1 + ThreadLocalRandom.current().nextInt(rows));
                long t = System.nanoTime();
                ps.executeUpdate();
                micros.add((System.nanoTime() - t) / 1000);
                if (!ready) {
                    ready = true;
                    Files.writeString(Path.of(args[4] + ".ready"), "ready");
                    micros.clear(); // the first write pays the connection's warm-up, not a lock
                }
                Thread.sleep(10);
            }
        }
        Collections.sort(micros);
        long max = micros.get(micros.size() - 1);
        long p99 = micros.get(Math.max(0, (int) Math.ceil(micros.size() * 0.99) - 1));
        long p50 = micros.get(micros.size() / 2);
        long over = micros.stream().filter(m -> m > 2_000_000).count();
        System.out.printf("max_ms=%d p99_ms=%d p50_ms=%d over_2s=%d n=%d%n", max / 1000, p99 / 1000, p50 / 1000, over,
                micros.size());
    }
}
