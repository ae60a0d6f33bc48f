import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The app's side of the lock benchmark: point reads on users every 10 ms for the given seconds, then
 * prints "max_ms=<longest single query> p99_ms=<99th percentile> slow=<queries over 100 ms> n=<count>".
 * Usage: java -cp postgresql.jar bench/AppProbe.java JDBC_URL USER PASSWORD SECONDS ROWS
 */
public class AppProbe {
    public static void main(String[] args) throws Exception {
        long end = System.nanoTime() + Long.parseLong(args[3]) * 1_000_000_000L;
        int rows = Integer.parseInt(args[4]);
        List<Long> micros = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
             PreparedStatement ps = c.prepareStatement("SELECT name FROM users WHERE id = ?")) {
            while (System.nanoTime() < end) {
                ps.setInt(1, 1 + ThreadLocalRandom.current().nextInt(rows));
                long t = System.nanoTime();
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
                micros.add((System.nanoTime() - t) / 1000);
                Thread.sleep(10);
            }
        }
        Collections.sort(micros);
        long max = micros.get(micros.size() - 1);
        long p99 = micros.get((int) Math.floor(micros.size() * 0.99) - 1);
        long slow = micros.stream().filter(m -> m > 100_000).count();
        System.out.printf("max_ms=%d p99_ms=%d slow=%d n=%d%n", max / 1000, p99 / 1000, slow, micros.size());
    }
}
