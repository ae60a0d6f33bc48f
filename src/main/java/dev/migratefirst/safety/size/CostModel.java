package dev.migratefirst.safety.size;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * What the work that holds a lock costs on the scratch server, per page and per row, measured on a
 * calibration table ({@link #calibrate(Connection)}) and scaled to production sizes by
 * {@link LockEstimator}. The scratch server runs with durability off, so these are the costs of the
 * work itself; production adds WAL and disk waits (see docs/safety.md for the measured error).
 *
 * @param scanNanosPerPage    a sequential scan that checks each row (constraint validation, SET NOT NULL)
 * @param rewriteNanosPerPage copying a table into new storage (ALTER COLUMN TYPE, volatile default, VACUUM FULL)
 * @param indexNanosPerRow    building an index, per row, on top of scanning the table
 * @param updateNanosPerPage  an UPDATE of every row, per page
 * @param rows                rows of the calibration table
 * @param pages               its pages
 */
public record CostModel(double scanNanosPerPage, double rewriteNanosPerPage, double indexNanosPerRow,
                        double updateNanosPerPage, long rows, long pages) {

    /** Rows of the calibration table: enough pages that per-statement overhead is negligible, fast to build. */
    public static final int CALIBRATION_ROWS = 200_000;

    /**
     * Measures the costs on {@code c}, a connection to an empty database of the scratch server that the
     * caller drops afterwards. The scan, index build and rewrite run twice and the faster run counts (a
     * run may meet another process's burst on a shared machine); the UPDATE runs once (it bloats the table).
     */
    public static CostModel calibrate(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute("SET max_parallel_maintenance_workers = 0");
            st.execute("SET max_parallel_workers_per_gather = 0");
            st.execute("CREATE TABLE calibration (id bigint, v integer, t text, ts timestamptz)");
            st.execute("INSERT INTO calibration SELECT g, (g * 7919) % 100003, md5(g::text), "
                    + "timestamptz '2026-01-01' + g * interval '1 second' FROM generate_series(1, "
                    + CALIBRATION_ROWS + ") g");
            st.execute("VACUUM ANALYZE calibration");
            long pages;
            try (ResultSet rs = st.executeQuery("SELECT relpages FROM pg_class WHERE relname = 'calibration'")) {
                rs.next();
                pages = rs.getLong(1);
            }
            long scan = Long.MAX_VALUE;
            long index = Long.MAX_VALUE;
            long rewrite = Long.MAX_VALUE;
            long update = Long.MAX_VALUE;
            for (int round = 0; round < 2; round++) {
                scan = Math.min(scan, timed(st, "ALTER TABLE calibration ADD CONSTRAINT calibration_v CHECK (v >= 0)"));
                st.execute("ALTER TABLE calibration DROP CONSTRAINT calibration_v");
                index = Math.min(index, timed(st, "CREATE INDEX calibration_v_idx ON calibration (v)"));
                st.execute("DROP INDEX calibration_v_idx");
                rewrite = Math.min(rewrite, timed(st, "ALTER TABLE calibration ALTER COLUMN v TYPE "
                        + (round == 0 ? "bigint" : "integer")));
            }
            update = Math.min(update, timed(st, "UPDATE calibration SET v = v + 1"));
            double scanPerPage = (double) scan / pages;
            double indexPerRow = Math.max(0, (index - scan) / (double) CALIBRATION_ROWS);
            return new CostModel(scanPerPage, (double) rewrite / pages, indexPerRow, (double) update / pages,
                    CALIBRATION_ROWS, pages);
        }
    }

    private static long timed(Statement st, String sql) throws SQLException {
        long t0 = System.nanoTime();
        st.execute(sql);
        return System.nanoTime() - t0;
    }

    /** Nanoseconds to scan {@code pages} pages checking each row. */
    public double scan(long pages) {
        return pages * scanNanosPerPage;
    }

    /** Nanoseconds to copy {@code pages} pages into new storage. */
    public double rewrite(long pages) {
        return pages * rewriteNanosPerPage;
    }

    /** Nanoseconds to build one index on a table of {@code rows} rows in {@code pages} pages. */
    public double indexBuild(long rows, long pages) {
        return scan(pages) + rows * indexNanosPerRow;
    }

    /** Nanoseconds to update every row of {@code pages} pages. */
    public double update(long pages) {
        return pages * updateNanosPerPage;
    }

    /** The measured costs, in a line. */
    public String describe() {
        return String.format(Locale.ROOT, "scan %.1f µs/page, rewrite %.1f µs/page, index build %.2f µs/row "
                        + "+ scan, update %.1f µs/page (measured on %,d rows, %,d pages)", scanNanosPerPage / 1000,
                rewriteNanosPerPage / 1000, indexNanosPerRow / 1000, updateNanosPerPage / 1000, rows, pages);
    }
}
