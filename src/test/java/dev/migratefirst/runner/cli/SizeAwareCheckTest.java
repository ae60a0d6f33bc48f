package dev.migratefirst.runner.cli;

import static dev.migratefirst.runner.cli.RunnerTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.migrations.MigrationVersion;
import dev.migratefirst.migrations.MigrationsFolder;
import dev.migratefirst.safety.CheckOptions;
import dev.migratefirst.safety.CheckReport;
import dev.migratefirst.safety.Finding;
import dev.migratefirst.safety.Rule;
import dev.migratefirst.safety.SafetyChecker;
import dev.migratefirst.safety.ScratchServer;
import dev.migratefirst.safety.Severity;
import dev.migratefirst.safety.size.ProductionStats;
import dev.migratefirst.testsupport.RunnerInvocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Size-aware verdicts end to end on one embedded PostgreSQL 17: {@code runner stats} on a read-only
 * database (and psql with the documented query writing the same file), {@code check --stats} turning the
 * same migration into an error on a 50 M-row table and an info on a 100-row one, {@code --max-lock}, and
 * the estimates against a real run on a table of 1 M rows.
 */
class SizeAwareCheckTest {
    @RegisterExtension
    static final RunnerTestSupport db = new RunnerTestSupport();

    @TempDir
    Path tmp;

    static final String SCHEMA = "CREATE TABLE orders (\n"
            + "    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
            + "    user_id    bigint NOT NULL,\n"
            + "    total      numeric(12, 2) NOT NULL,\n"
            + "    status     text,\n"
            + "    created_at timestamptz NOT NULL DEFAULT now()\n"
            + ");\n"
            + "CREATE TABLE customers (id bigint PRIMARY KEY, email text);\n";

    /** The test server as the scratch server of a check (each check makes its own database on it). */
    final ScratchServer server = new ScratchServer() {
        @Override
        public Connection connect(String database) throws SQLException {
            return db.superuser(database);
        }

        @Override
        public String version() throws SQLException {
            try (Connection c = db.superuser("postgres"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SHOW server_version")) {
                rs.next();
                return rs.getString(1).split(" ")[0];
            }
        }
    };

    @Test
    void statsReadsOnlyCatalogStatisticsOnAReadOnlyDatabaseAndPsqlWritesTheSameFile() throws Exception {
        try (Connection c = db.app(); Statement st = c.createStatement()) {
            st.execute(SCHEMA);
            // 3,200 hex characters per row: too long to stay in the row and too random to compress
            st.execute("INSERT INTO orders (user_id, total, status) SELECT g, g, (SELECT string_agg(md5(g || '-' "
                    + "|| i), '') FROM generate_series(1, 100) i) FROM generate_series(1, 2000) g");
            st.execute("CREATE INDEX orders_user_id_idx ON orders (user_id)");
            st.execute("VACUUM ANALYZE orders"); // VACUUM: the TOAST table's relpages (ANALYZE skips it)
        }
        try (Connection c = db.superuser(); Statement st = c.createStatement()) {
            st.execute("ALTER DATABASE " + db.database() + " SET default_transaction_read_only = on");
        }
        Path file = tmp.resolve("stats.json");

        RunnerInvocation r = run(db.env(), "stats", "--output", file.toString());

        assertThat(r.code()).as(r.all()).isEqualTo(0);
        assertThat(r.out()).contains("2 table(s) of " + db.database());
        String text = Files.readString(file);
        ProductionStats stats = ProductionStats.parse(text);
        ProductionStats.TableStats orders = stats.table("public", "orders").orElseThrow();
        assertThat(orders.rows()).isEqualTo(2000);
        assertThat(orders.pages()).isPositive();
        assertThat(orders.toastPages()).as("3 kB values are stored out of line").isPositive();
        assertThat(orders.indexes()).extracting(ProductionStats.IndexStats::name)
                .containsExactly("orders_pkey", "orders_user_id_idx");
        assertThat(stats.table("public", "customers").orElseThrow().rows())
                .as("never analyzed: reltuples -1, reported as is").isEqualTo(-1);
        com.fasterxml.jackson.databind.JsonNode entry = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(text).get("tables").get(1);
        List<String> fields = new ArrayList<>();
        entry.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as("sizes only, no row data").containsExactlyInAnyOrder("schema", "name", "kind", "rows",
                "pages", "toastPages", "indexes");
        try (Connection c = db.app(); Statement st = c.createStatement()) {
            assertThat(st.executeQuery("SHOW default_transaction_read_only")).satisfies(rs -> {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("on");
            });
        }

        // the documented query in psql writes the same file
        Path query = tmp.resolve("stats.sql");
        Files.writeString(query, ProductionStats.query());
        assertThat(Files.readString(Path.of("docs/safety.md"))).as("docs/safety.md shows the query the runner runs")
                .contains(ProductionStats.query().strip());
        ProcessBuilder psql = new ProcessBuilder("psql", "-XAtq", "-f", query.toString(), "-h", "localhost",
                "-p", String.valueOf(db.port()), "-U", RunnerTestSupport.ROLE, db.database())
                .redirectErrorStream(false);
        psql.environment().put("PGPASSWORD", RunnerTestSupport.PASSWORD);
        Process p = psql.start();
        String fromPsql = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String psqlErr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(psqlErr).isZero();
        assertThat(fromPsql).isEqualTo(text);
    }

    @Test
    void theSameMigrationIsAnErrorOnFiftyMillionRowsAndInfoOnAHundred() throws Exception {
        List<String> migrations = List.of(
                "CREATE INDEX orders_status_idx ON orders (status);",
                "CREATE INDEX customers_email_idx ON customers (email);",
                "UPDATE orders SET status = 'new' WHERE status IS NULL;");
        ProductionStats big = stats("orders-50m.json");
        ProductionStats tiny = stats("orders-100.json");

        CheckReport onBig = check(migrations, big, Optional.empty());
        CheckReport onTiny = check(migrations, tiny, Optional.empty());

        Finding bigIndex = finding(onBig, "V2", Rule.INDEX_WITHOUT_CONCURRENTLY);
        assertThat(bigIndex.severity()).isEqualTo(Severity.ERROR);
        assertThat(bigIndex.estimate().millis()).as(bigIndex.estimate().basis()).isGreaterThan(5_000);
        assertThat(bigIndex.estimate().basis()).contains("index build orders_status_idx of orders (50,000,000 rows");
        Finding tinyIndex = finding(onTiny, "V2", Rule.INDEX_WITHOUT_CONCURRENTLY);
        assertThat(tinyIndex.severity()).isEqualTo(Severity.INFO);
        assertThat(tinyIndex.estimate().millis()).isLessThan(100);
        // a table the statistics do not know keeps the rule's severity, and says why
        for (CheckReport r : List.of(onBig, onTiny)) {
            Finding unknown = finding(r, "V3", Rule.INDEX_WITHOUT_CONCURRENTLY);
            assertThat(unknown.severity()).isEqualTo(Severity.ERROR);
            assertThat(unknown.estimate().known()).isFalse();
            assertThat(unknown.estimate().basis()).contains("no statistics for customers");
        }
        assertThat(finding(onBig, "V4", Rule.DATA_BACKFILL).severity()).isEqualTo(Severity.WARNING);
        assertThat(finding(onTiny, "V4", Rule.DATA_BACKFILL).severity()).isEqualTo(Severity.INFO);
        assertThat(onTiny.count(Severity.ERROR)).isEqualTo(1);
        assertThat(onBig.count(Severity.ERROR)).isEqualTo(2);

        // --max-lock turns the estimate into the verdict, both ways
        CheckReport strict = check(migrations, big, Optional.of(Duration.ofSeconds(2)));
        assertThat(finding(strict, "V2", Rule.INDEX_WITHOUT_CONCURRENTLY).severity()).isEqualTo(Severity.ERROR);
        assertThat(finding(strict, "V4", Rule.DATA_BACKFILL).severity()).isEqualTo(Severity.ERROR);
        CheckReport lenient = check(migrations, big, Optional.of(Duration.ofHours(24)));
        assertThat(finding(lenient, "V2", Rule.INDEX_WITHOUT_CONCURRENTLY).severity()).isEqualTo(Severity.INFO);
        assertThat(finding(lenient, "V4", Rule.DATA_BACKFILL).severity()).isEqualTo(Severity.INFO);
        assertThat(finding(lenient, "V3", Rule.INDEX_WITHOUT_CONCURRENTLY).severity()).isEqualTo(Severity.ERROR);
    }

    /**
     * The estimates against the real thing: three lock-holding migrations estimated from the statistics of
     * a 1 M-row table, then run on it. Each real run counts its faster of two runs, as the calibration does.
     */
    @Test
    void estimatesAreWithinThreeTimesOfARealRunOnAMillionRows() throws Exception {
        try (Connection c = db.superuser(); Statement st = c.createStatement()) {
            st.execute(SCHEMA);
            st.execute("INSERT INTO orders (user_id, total, status, created_at) SELECT g % 5000, (g % 10000) / 100.0, "
                    + "(ARRAY['new', 'paid', 'shipped', 'closed'])[1 + g % 4], "
                    + "timestamptz '2026-01-01' + g * interval '1 second' FROM generate_series(1, 1000000) g");
            st.execute("VACUUM ANALYZE orders");
        }
        ProductionStats stats;
        try (Connection c = db.superuser()) {
            stats = ProductionStats.parse(ProductionStats.read(c));
        }
        assertThat(stats.table("public", "orders").orElseThrow().rows()).isBetween(990_000L, 1_010_000L);
        Map<Rule, String> cases = Map.of(
                Rule.TABLE_REWRITE, "ALTER TABLE orders ADD COLUMN updated_at timestamptz DEFAULT clock_timestamp()",
                Rule.INDEX_WITHOUT_CONCURRENTLY, "CREATE INDEX orders_created_at_idx ON orders (created_at)",
                Rule.CONSTRAINT_WITHOUT_NOT_VALID, "ALTER TABLE orders ADD CONSTRAINT orders_total_positive "
                        + "CHECK (total >= 0)");
        Map<Rule, String> undo = Map.of(
                Rule.TABLE_REWRITE, "ALTER TABLE orders DROP COLUMN updated_at",
                Rule.INDEX_WITHOUT_CONCURRENTLY, "DROP INDEX orders_created_at_idx",
                Rule.CONSTRAINT_WITHOUT_NOT_VALID, "ALTER TABLE orders DROP CONSTRAINT orders_total_positive");
        List<Rule> rules = List.of(Rule.TABLE_REWRITE, Rule.INDEX_WITHOUT_CONCURRENTLY,
                Rule.CONSTRAINT_WITHOUT_NOT_VALID);
        CheckReport report = check(rules.stream().map(r -> cases.get(r) + ";").toList(), stats, Optional.empty());
        List<String> lines = new ArrayList<>();
        Map<Rule, double[]> ratios = new HashMap<>();
        try (Connection c = db.superuser(); Statement st = c.createStatement()) {
            st.execute("SET max_parallel_maintenance_workers = 0");
            for (int i = 0; i < rules.size(); i++) {
                Rule rule = rules.get(i);
                Finding f = finding(report, "V" + (i + 2), rule);
                long real = Long.MAX_VALUE;
                for (int round = 0; round < 2; round++) {
                    long t0 = System.nanoTime();
                    st.execute(cases.get(rule));
                    real = Math.min(real, (System.nanoTime() - t0) / 1_000_000);
                    st.execute(undo.get(rule));
                }
                double ratio = (double) f.estimate().millis() / Math.max(real, 1);
                ratios.put(rule, new double[] {ratio});
                lines.add(rule.id() + ": estimated " + f.estimate().millis() + " ms, real " + real + " ms, ratio "
                        + String.format(java.util.Locale.ROOT, "%.2f", ratio) + " (" + f.estimate().basis() + ")");
            }
        }
        lines.add(report.sizing().costs().describe());
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "size-estimates.txt"), lines);
        ratios.forEach((rule, ratio) -> assertThat(ratio[0]).as(String.join("\n", lines)).isBetween(1 / 3.0, 3.0));
    }

    private CheckReport check(List<String> migrations, ProductionStats stats, Optional<Duration> maxLock)
            throws IOException, SQLException {
        Path dir = Files.createTempDirectory(tmp, "m");
        Files.writeString(dir.resolve("V1__schema.sql"), SCHEMA);
        for (int i = 0; i < migrations.size(); i++) {
            Files.writeString(dir.resolve("V" + (i + 2) + "__under_test.sql"), migrations.get(i));
        }
        CheckOptions options = new CheckOptions(Optional.of(MigrationVersion.parse("1")), false)
                .withStats(stats, maxLock);
        return new SafetyChecker(server, options).check(MigrationsFolder.read(dir).files());
    }

    private static ProductionStats stats(String resource) throws IOException {
        return ProductionStats.parse(Files.readString(Path.of("src/test/resources/safety-stats", resource)));
    }

    private static Finding finding(CheckReport report, String version, Rule rule) {
        return report.findings().stream().filter(f -> f.file().startsWith(version + "__") && f.rule() == rule)
                .findFirst().orElseThrow(() -> new AssertionError("no " + rule.id() + " on " + version + ": "
                        + report.findings()));
    }
}
