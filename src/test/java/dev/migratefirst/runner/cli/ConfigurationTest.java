package dev.migratefirst.runner.cli;

import static dev.migratefirst.runner.cli.RunnerTestSupport.PASSWORD;
import static dev.migratefirst.runner.cli.RunnerTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.Redactor;
import dev.migratefirst.runner.connect.ConnectionSettings;
import dev.migratefirst.runner.connect.SslMode;
import dev.migratefirst.testsupport.RunnerInvocation;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Connection settings and options: precedence, TLS defaults, and one clear line per bad setting. */
class ConfigurationTest {
    private static final String ENCODED = URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);

    @TempDir
    static Path tmp;

    static Stream<Arguments> badConfigurations() {
        return Stream.of(
                Arguments.of(Map.of(), "no database configured: set DATABASE_URL, DB_SECRET, or DB_HOST"),
                Arguments.of(Map.of("DATABASE_URL", "mysql://u:" + ENCODED + "@h/db"),
                        "DATABASE_URL: expected postgresql://[user[:password]@]host[:port]/database (scheme must be"),
                Arguments.of(Map.of("DATABASE_URL", "postgresql://u:" + ENCODED + "@h:5432/"), "(no database name)"),
                Arguments.of(Map.of("DATABASE_URL", "postgresql://u:" + ENCODED + "%zz@h:5432/db"),
                        "DATABASE_URL: malformed %-encoding in the password"),
                Arguments.of(Map.of("DATABASE_URL", "postgresql://u:" + ENCODED + "@h:5432/db?foo=1"),
                        "DATABASE_URL: unsupported parameter 'foo'"),
                Arguments.of(Map.of("DATABASE_URL", "postgresql://u:" + ENCODED + "@h:54x2/db"),
                        "DATABASE_URL: port must be a port number 1-65535, got '54x2'"),
                Arguments.of(Map.of("DATABASE_URL", "postgresql://u:" + ENCODED + "@h1:5432,h2:5432/db"),
                        "DATABASE_URL: several hosts are not supported"),
                Arguments.of(Map.of("DATABASE_URL", "postgresql://h/db"), "DATABASE_URL: no user"),
                Arguments.of(Map.of("PGHOST", "h", "PGUSER", "u", "PGPORT", "0"),
                        "PGPORT must be a port number 1-65535, got '0'"),
                Arguments.of(Map.of("DB_SECRET", "{\"username\":\"u\",\"password\":\"" + PASSWORD + "\""),
                        "DB_SECRET: not valid JSON"),
                Arguments.of(Map.of("DB_SECRET", "{\"username\":\"u\",\"password\":\"" + PASSWORD + "\",\"dbname\":\"d\"}"),
                        "DB_SECRET: missing \"host\""),
                Arguments.of(Map.of("DB_SECRET", "{\"username\":\"u\",\"password\":\"" + PASSWORD
                        + "\",\"host\":\"h\",\"port\":\"x\",\"dbname\":\"d\"}"), "DB_SECRET: \"port\" must be a port number"),
                Arguments.of(Map.of("DB_SECRET", "{\"username\":\"u\",\"password\":\"" + PASSWORD + "\",\"host\":\"h\"}"),
                        "DB_SECRET: missing \"dbname\" (or set DB_NAME)"),
                Arguments.of(Map.of("DB_HOST", "h", "DB_USER", "u", "DB_PASSWORD", PASSWORD), "DB_NAME is not set"),
                Arguments.of(Map.of("DB_HOST", "h", "DB_NAME", "d", "DB_PASSWORD", PASSWORD), "DB_USER is not set"),
                Arguments.of(Map.of("DB_HOST", "h", "DB_NAME", "d", "DB_USER", "u"), "DB_PASSWORD is not set"),
                Arguments.of(Map.of("DB_HOST", "h", "DB_NAME", "d", "DB_USER", "u", "DB_PASSWORD", PASSWORD,
                        "DB_PORT", "99999"), "DB_PORT must be a port number 1-65535, got '99999'"),
                Arguments.of(Map.of("DATABASE_URL", "postgresql://u:" + ENCODED + "@db.example.com/d", "DB_SSLMODE", "sometimes"),
                        "--ssl-mode/DB_SSLMODE: unknown sslmode 'sometimes'"),
                Arguments.of(Map.of("DATABASE_URL", "postgresql://u:" + ENCODED + "@db.example.com/d",
                        "DB_SSL_ROOT_CERT", "/nonexistent/rds-ca.pem"), "DB_SSL_ROOT_CERT: CA bundle not found"),
                Arguments.of(Map.of("DATABASE_URL", "postgresql://u:" + ENCODED + "@h/d", "LOCK_TIMEOUT", "soon"),
                        "'soon' is not a duration (expected e.g. 500ms, 2s, 1m) (from LOCK_TIMEOUT)"),
                Arguments.of(Map.of("DATABASE_URL", "postgresql://u:" + ENCODED + "@h/d", "LOCK_TIMEOUT", "0"),
                        "--lock-timeout/LOCK_TIMEOUT must be greater than 0"),
                Arguments.of(Map.of("DATABASE_URL", "postgresql://u:" + ENCODED + "@h/d", "LOG_FORMAT", "xml"),
                        "(from LOG_FORMAT)"),
                Arguments.of(Map.of("DATABASE_URL", "postgresql://u:" + ENCODED + "@h/d", "MIGRATIONS_LOCATION",
                        "filesystem:/nonexistent/migrations"), "--locations/MIGRATIONS_LOCATION: migrations folder not found"));
    }

    @ParameterizedTest
    @MethodSource("badConfigurations")
    void eachBadSettingIsOneLineNamingItWithTheConfigurationCode(Map<String, String> env, String expected) {
        RunnerInvocation r = run(env, "migrate", "--connect-timeout=1s");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(r.errLines().get(0)).startsWith("ERROR: ").contains(expected);
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void aBadOptionIsReportedInTheChosenFormat() throws Exception {
        RunnerInvocation r = run(Map.of("DATABASE_URL", "postgresql://u:" + ENCODED + "@h/d", "LOCK_TIMEOUT", "0",
                "LOG_FORMAT", "json"), "migrate");

        assertThat(r.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        com.fasterxml.jackson.databind.JsonNode line = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.outLines().get(r.outLines().size() - 1));
        assertThat(line.get("level").asText()).isEqualTo("error");
        assertThat(line.get("exit_code").asInt()).isEqualTo(2);
        assertThat(line.get("message").asText()).contains("--lock-timeout/LOCK_TIMEOUT must be greater than 0");
    }

    @Test
    void aMisnamedMigrationFileIsAConfigurationError() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("misnamed"));
        Files.writeString(dir.resolve("V1_create.sql"), "SELECT 1;");

        RunnerInvocation r = run(Map.of("DATABASE_URL", "postgresql://u:" + ENCODED + "@localhost/d"), "migrate",
                "--locations=filesystem:" + dir);

        assertThat(r.code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(r.lastErrLine()).contains("not a migration file name", "V1_create.sql");
    }

    @Test
    void unknownOptionsAndCommandsAreConfigurationErrors() {
        assertThat(run(Map.of(), "migrate", "--no-such-option").code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(run(Map.of(), "drop-everything").code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(run(Map.of()).code()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"migrate", "info", "validate", "plan", "repair"}) {
            RunnerInvocation r = run(Map.of(), command, "--help");
            assertThat(r.code()).isEqualTo(0);
            assertThat(r.out()).contains("Usage: runner " + command, "--locations", "--log-format", "--embedded",
                    "--lock-timeout", "MIGRATIONS_LOCATION");
        }
        assertThat(run(Map.of(), "--help").out()).contains("migrate", "info", "validate", "plan");
    }

    @Test
    void onlyCommandsThatConnectAdvertiseConnectionAndLockOptions() {
        RunnerInvocation check = run(Map.of(), "check", "--help");
        assertThat(check.code()).isEqualTo(0);
        assertThat(check.out()).contains("Usage: runner check", "--locations", "--log-format", "--pg-version")
                .doesNotContain("--ssl-mode", "--ssl-root-cert", "--lock-retries", "--lock-timeout", "--embedded",
                        "--connect-timeout", "--advisory-lock-wait");
        for (String command : new String[] {"migrate", "undo"}) {
            assertThat(run(Map.of(), command, "--help").out()).contains("--ssl-mode", "--lock-retries",
                    "--lock-timeout", "--connect-timeout", "--advisory-lock-wait");
        }
    }

    @Test
    void everyCommandListsEveryExitCodeFromExitCode() {
        for (String command : new String[] {"migrate", "info", "validate", "plan", "undo", "check", "repair"}) {
            String help = run(Map.of(), command, "--help").out();
            assertThat(help).contains("Exit codes:");
            for (ExitCode c : ExitCode.values()) {
                assertThat(help).as(command + " --help lists " + c).containsPattern(
                        "(?m)^\\s+" + c.code() + "\\s+" + c.name() + ": ");
            }
        }
    }

    @Test
    void unreachableDatabaseFailsWithinTheBound() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Map<String, String> env = Map.of("DATABASE_URL", "postgresql://u:" + ENCODED + "@127.0.0.1:" + closedPort + "/d",
                "CONNECT_TIMEOUT", "3s");
        long t = System.nanoTime();

        RunnerInvocation r = run(env, "migrate", "--locations=filesystem:migrations");

        long elapsedMs = (System.nanoTime() - t) / 1_000_000;
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.DATABASE_UNREACHABLE.code());
        assertThat(elapsedMs).isBetween(2500L, 6000L);
        assertThat(r.errLines()).filteredOn(l -> l.contains("retrying in")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(r.lastErrLine()).contains("database unreachable after 3 s", "127.0.0.1:" + closedPort);
    }

    @Test
    void precedenceIsUrlThenSecretThenDiscreteVariables() {
        Map<String, String> env = new HashMap<>();
        env.put("DB_HOST", "discrete.example.com");
        env.put("DB_NAME", "d");
        env.put("DB_USER", "u3");
        env.put("DB_PASSWORD", PASSWORD);
        assertThat(resolve(env).source()).isEqualTo("DB_HOST");
        env.put("DB_SECRET", "{\"username\":\"u2\",\"password\":\"" + PASSWORD + "\",\"host\":\"secret.example.com\","
                + "\"port\":5433,\"dbname\":\"d2\"}");
        assertThat(resolve(env)).extracting(ConnectionSettings::source, ConnectionSettings::host, ConnectionSettings::port)
                .containsExactly("DB_SECRET", "secret.example.com", 5433);
        env.put("DATABASE_URL", "postgresql://u%40corp:" + ENCODED + "@url.example.com:6543/my%20db");
        ConnectionSettings s = resolve(env);
        assertThat(s).extracting(ConnectionSettings::source, ConnectionSettings::host, ConnectionSettings::port,
                ConnectionSettings::user, ConnectionSettings::password, ConnectionSettings::database)
                .containsExactly("DATABASE_URL", "url.example.com", 6543, "u@corp", PASSWORD, "my db");
        assertThat(s.toString()).doesNotContain(PASSWORD).contains(Redactor.MASK);
        assertThat(s.jdbcUrl()).doesNotContain(PASSWORD);
    }

    @Test
    void aRemoteHostIsVerifiedWithTheBundledRdsCasUnlessTheUserOptsOut() throws Exception {
        ConnectionSettings rds = resolve(Map.of("DATABASE_URL", "postgresql://u:" + ENCODED
                + "@mydb.abc123.eu-west-1.rds.amazonaws.com/d"));
        assertThat(rds.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(rds.usesBundledRdsCa()).isTrue();
        assertThat(rds.jdbcProperties(5)).containsEntry("sslmode", "verify-full")
                .containsEntry("sslrootcert", rds.sslRootCert().toString());
        java.util.Collection<? extends java.security.cert.Certificate> cas;
        try (var in = Files.newInputStream(rds.sslRootCert())) {
            cas = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        assertThat(cas).hasSizeGreaterThanOrEqualTo(100);
        assertThat(cas).map(c -> ((java.security.cert.X509Certificate) c).getSubjectX500Principal().getName())
                .anyMatch(n -> n.contains("Amazon RDS eu-west-1 Root CA RSA2048 G1"));
        assertThat(resolve(Map.of("DB_SECRET", "{\"username\":\"u\",\"password\":\"" + PASSWORD
                + "\",\"host\":\"db.example.com\",\"dbname\":\"d\"}")).usesBundledRdsCa()).isTrue();
        assertThat(resolve(Map.of("DATABASE_URL", "postgresql://u:" + ENCODED + "@db.example.com/d?sslmode=require"))
                .sslMode()).isEqualTo(SslMode.REQUIRE);
        assertThat(resolve(Map.of("DATABASE_URL", "postgresql://u:" + ENCODED + "@db.example.com/d",
                "PGSSLMODE", "require")).sslMode()).isEqualTo(SslMode.REQUIRE);
        assertThat(ConnectionSettings.fromEnvironment(Map.of("DATABASE_URL", "postgresql://u:" + ENCODED
                + "@db.example.com/d?sslmode=require"), new ConnectionSettings.SslOptions(SslMode.VERIFY_FULL, null))
                .usesBundledRdsCa()).as("--ssl-mode/DB_SSLMODE wins over the URL").isTrue();
    }

    @Test
    void urlsAsLibpqAcceptsThem() {
        ConnectionSettings s = resolve(Map.of("DATABASE_URL", "postgres://deploy@[::1]:6432/app%2Fdb"
                + "?application_name=ci%20job&connect_timeout=7&options=-c%20search_path%3Dapp"));
        assertThat(s).extracting(ConnectionSettings::host, ConnectionSettings::port, ConnectionSettings::user,
                ConnectionSettings::password, ConnectionSettings::database, ConnectionSettings::sslMode)
                .containsExactly("::1", 6432, "deploy", null, "app/db", SslMode.DISABLE);
        assertThat(s.jdbcUrl()).startsWith("jdbc:postgresql://[::1]:6432/");
        assertThat(s.jdbcProperties(30)).containsEntry("ApplicationName", "ci job").containsEntry("connectTimeout", "7")
                .containsEntry("options", "-c search_path=app").doesNotContainKey("password");
        ConnectionSettings raw = resolve(Map.of("DATABASE_URL", "postgresql://u:p@ss+w@localhost/d",
                "PGPASSWORD", "ignored"));
        assertThat(raw.password()).as("a raw @ in the password, + is not a space").isEqualTo("p@ss+w");
        ConnectionSettings filled = resolve(Map.of("DATABASE_URL", "postgresql:///", "PGHOST", "localhost",
                "PGUSER", "pu", "PGDATABASE", "pd", "PGPORT", "5999", "PGPASSWORD", PASSWORD));
        assertThat(filled).extracting(ConnectionSettings::user, ConnectionSettings::database, ConnectionSettings::port,
                ConnectionSettings::password, ConnectionSettings::source)
                .containsExactly("pu", "pd", 5999, PASSWORD, "DATABASE_URL");
    }

    @Test
    void theLibpqVariablesComeLast() {
        Map<String, String> env = new HashMap<>(Map.of("PGHOST", "pg.example.com", "PGUSER", "pu", "PGPASSWORD",
                PASSWORD));
        assertThat(resolve(env)).extracting(ConnectionSettings::source, ConnectionSettings::host,
                ConnectionSettings::database).containsExactly("PG*", "pg.example.com", "pu");
        env.put("DB_HOST", "discrete.example.com");
        env.put("DB_NAME", "d");
        env.put("DB_USER", "u3");
        env.put("DB_PASSWORD", PASSWORD);
        assertThat(resolve(env).source()).isEqualTo("DB_HOST");
    }

    @Test
    void tlsIsOffForLoopbackAndVerifiedWhenACaBundleIsGiven() throws IOException {
        assertThat(resolve(Map.of("DATABASE_URL", "postgresql://u:" + ENCODED + "@localhost/d")).sslMode())
                .isEqualTo(SslMode.DISABLE);
        Path ca = Files.writeString(tmp.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        ConnectionSettings verified = ConnectionSettings.fromEnvironment(
                Map.of("DATABASE_URL", "postgresql://u:" + ENCODED + "@db.example.com/d"),
                new ConnectionSettings.SslOptions(null, ca));
        assertThat(verified.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(verified.jdbcProperties(5)).containsEntry("sslmode", "verify-full")
                .containsEntry("sslrootcert", ca.toString());
        assertThat(resolve(Map.of("DATABASE_URL", "postgresql://u:" + ENCODED + "@db.example.com/d?sslmode=disable"))
                .sslMode()).isEqualTo(SslMode.DISABLE);
    }

    @Test
    void secretWithoutDbnameFallsBackToDbName() {
        ConnectionSettings s = resolve(Map.of("DB_SECRET", "{\"username\":\"u\",\"password\":\"" + PASSWORD
                + "\",\"host\":\"h\",\"port\":\"5432\"}", "DB_NAME", "app"));
        assertThat(s.database()).isEqualTo("app");
    }

    @Test
    void redactorMasksPlainAndEncodedForms() {
        Redactor r = new Redactor();
        r.addSecret(PASSWORD);
        assertThat(r.redact("url postgresql://u:" + ENCODED + "@h and " + PASSWORD))
                .isEqualTo("url postgresql://u:***@h and ***");
        assertThatThrownBy(() -> ConnectionSettings.fromEnvironment(Map.of("DB_SECRET", "{\"password\":\"" + PASSWORD),
                ConnectionSettings.SslOptions.DEFAULTS)).hasMessageNotContaining(PASSWORD);
    }

    private static ConnectionSettings resolve(Map<String, String> env) {
        return ConnectionSettings.fromEnvironment(env, ConnectionSettings.SslOptions.DEFAULTS);
    }
}
