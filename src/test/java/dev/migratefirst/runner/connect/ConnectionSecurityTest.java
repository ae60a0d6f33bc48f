package dev.migratefirst.runner.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.testsupport.RunnerInvocation;
import dev.migratefirst.testsupport.TestMigrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and passwords against a real PostgreSQL that accepts only TLS (pg_hba.conf has only
 * {@code hostssl} lines) with a server certificate from a test CA made here with openssl: the server
 * certificate verified ({@code verify-full}), a wrong CA, a wrong host name and TLS off each refused
 * at once in words (exit 2); a user without a password in the URL (trust), and a role that needs one
 * from {@code PGPASSWORD}, the password file or the libpq variables alone.
 */
class ConnectionSecurityTest {
    private static final String APP_PASSWORD = "pgpass:s3cret\\x";

    @TempDir
    static Path tmp;

    private static EmbeddedPostgres server;
    private static Path ca;
    private static Path otherCa;
    private static Path migrations;

    @BeforeAll
    static void startTlsOnlyServer() throws Exception {
        ca = makeCa("ca");
        otherCa = makeCa("other-ca");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", tmp.resolve("server.key").toString(),
                "-out", tmp.resolve("server.csr").toString(), "-subj", "/CN=localhost");
        Files.writeString(tmp.resolve("san.ext"), "subjectAltName=DNS:localhost\n");
        openssl("x509", "-req", "-in", tmp.resolve("server.csr").toString(), "-CA", ca.toString(), "-CAkey",
                tmp.resolve("ca.key").toString(), "-CAcreateserial", "-days", "2", "-out",
                tmp.resolve("server.crt").toString(), "-extfile", tmp.resolve("san.ext").toString());
        Files.setPosixFilePermissions(tmp.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
        Path hba = Files.writeString(tmp.resolve("pg_hba.conf"), String.join("\n",
                "local all all trust",
                "hostssl all app 127.0.0.1/32 scram-sha-256",
                "hostssl all app ::1/128 scram-sha-256",
                "hostssl all all 127.0.0.1/32 trust",
                "hostssl all all ::1/128 trust", ""));
        server = EmbeddedPostgres.builder()
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", tmp.resolve("server.crt").toString())
                .setServerConfig("ssl_key_file", tmp.resolve("server.key").toString())
                .setServerConfig("hba_file", hba.toString())
                .start();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("CREATE ROLE app LOGIN PASSWORD '" + APP_PASSWORD.replace("'", "''") + "'");
            s.execute("CREATE DATABASE appdb OWNER app");
        }
        migrations = TestMigrations.migrations(Files.createDirectories(tmp.resolve("migrations")),
                "V1__t.sql", "CREATE TABLE t (id int);");
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theServerCertificateIsVerifiedWithTheGivenCaAndAUserNeedsNoPasswordUnderTrust() {
        RunnerInvocation r = info(Map.of("DATABASE_URL", url("postgres", "localhost", "postgres"),
                "DB_SSL_ROOT_CERT", ca.toString()));

        assertThat(r.code()).as(r.all()).isEqualTo(0);
        assertThat(r.out()).contains("sslmode verify-full");
    }

    @Test
    void aCertificateFromAnotherCaIsAConfigurationErrorAtOnceInWords() {
        long t = System.nanoTime();
        RunnerInvocation r = info(Map.of("DATABASE_URL", url("postgres", "localhost", "postgres"),
                "DB_SSL_ROOT_CERT", otherCa.toString(), "CONNECT_TIMEOUT", "30s"));

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t)).isLessThan(10);
        assertThat(r.lastErrLine()).isEqualTo("ERROR: the server certificate of localhost:" + server.getPort()
                + " failed verification: it is not signed by the CA bundle " + otherCa + " (sslmode verify-full): "
                + "set sslrootcert (DB_SSL_ROOT_CERT) to the CA that signed it, or sslmode=require to skip verification");
        assertThat(r.all()).doesNotContain("Exception", "retrying");
    }

    @Test
    void aCertificateForAnotherHostNameIsRefusedInWords() {
        RunnerInvocation r = info(Map.of("DATABASE_URL", url("postgres", "127.0.0.1", "postgres")
                + "?sslrootcert=" + ca, "CONNECT_TIMEOUT", "30s"));

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(r.lastErrLine()).isEqualTo("ERROR: the server certificate of 127.0.0.1:" + server.getPort()
                + " does not name the host 127.0.0.1 (sslmode verify-full): connect with the host name the "
                + "certificate was issued for, or set sslmode=verify-ca");
    }

    @Test
    void aTlsOnlyServerReachedWithTlsOffSaysSo() {
        RunnerInvocation r = info(Map.of("DATABASE_URL", url("postgres", "localhost", "postgres")
                + "?sslmode=disable", "CONNECT_TIMEOUT", "30s"));

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(r.lastErrLine()).isEqualTo("ERROR: localhost:" + server.getPort() + " accepts only TLS "
                + "connections from here (its pg_hba.conf has no entry without encryption) and sslmode is disable: "
                + "set sslmode=verify-full (or require)");
        assertThat(r.all()).doesNotContain("user and password");
    }

    @Test
    void aPasswordTheServerAsksForAndNobodyGaveIsNamedAsSuch() {
        RunnerInvocation r = info(Map.of("DATABASE_URL", url("app", "localhost", "appdb"),
                "DB_SSL_ROOT_CERT", ca.toString(), "HOME", tmp.resolve("nohome").toString()));

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(r.lastErrLine()).isEqualTo("ERROR: localhost:" + server.getPort() + " asks for a password and "
                + "none was given for user app: put it in DATABASE_URL, or set PGPASSWORD, or add a line to the "
                + "password file (~/.pgpass or PGPASSFILE)");
    }

    @Test
    void pgpasswordGivesThePasswordAUrlLeftOut() {
        RunnerInvocation r = info(Map.of("DATABASE_URL", "postgres://app@localhost:" + server.getPort() + "/appdb",
                "PGPASSWORD", APP_PASSWORD, "PGSSLROOTCERT", ca.toString()));

        assertThat(r.code()).as(r.all()).isEqualTo(0);
        assertThat(r.all()).doesNotContain(APP_PASSWORD);
    }

    @Test
    void thePasswordFileGivesItWithWildcardsAndEscapesAndMustBePrivate() throws IOException {
        String escaped = APP_PASSWORD.replace("\\", "\\\\").replace(":", "\\:");
        Path pgpass = Files.writeString(tmp.resolve("pgpass"), String.join("\n",
                "# comment",
                "otherhost:*:*:app:wrong",
                "localhost:" + server.getPort() + ":*:app:" + escaped,
                "*:*:*:*:wrong", ""));
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> env = Map.of("DATABASE_URL", url("app", "localhost", "appdb"), "PGPASSFILE",
                pgpass.toString(), "DB_SSL_ROOT_CERT", ca.toString());

        RunnerInvocation ok = info(env);
        assertThat(ok.code()).as(ok.all()).isEqualTo(0);
        assertThat(ok.all()).doesNotContain(APP_PASSWORD);

        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-r--r--"));
        RunnerInvocation open = info(env);
        assertThat(open.code()).as(open.all()).isEqualTo(ExitCode.CONFIGURATION_ERROR.code());
        assertThat(open.lastErrLine()).isEqualTo("ERROR: password file " + pgpass + " has group or world access: "
                + "chmod 0600 it (libpq ignores such a file)");
    }

    @Test
    void theLibpqVariablesAreASourceOfTheirOwn() {
        Map<String, String> env = new HashMap<>();
        env.put("PGHOST", "localhost");
        env.put("PGPORT", Integer.toString(server.getPort()));
        env.put("PGDATABASE", "appdb");
        env.put("PGUSER", "app");
        env.put("PGPASSWORD", APP_PASSWORD);
        env.put("PGSSLMODE", "verify-full");
        env.put("PGSSLROOTCERT", ca.toString());

        RunnerInvocation r = info(env);

        assertThat(r.code()).as(r.all()).isEqualTo(0);
        assertThat(r.out()).contains("app@localhost:" + server.getPort() + "/appdb (sslmode verify-full, from PG*)");
    }

    private static RunnerInvocation info(Map<String, String> env) {
        return RunnerInvocation.run(env, "migrate", "--locations=filesystem:" + migrations, "--connect-timeout=5s");
    }

    private static String url(String user, String host, String database) {
        return "postgresql://" + user + "@" + host + ":" + server.getPort() + "/" + database;
    }

    private static Path makeCa(String name) throws Exception {
        Path pem = tmp.resolve(name + ".pem");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", tmp.resolve(name + ".key").toString(),
                "-out", pem.toString(), "-days", "2", "-subj", "/CN=MigrateFirst test " + name);
        return pem;
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("openssl " + String.join(" ", args) + ": " + output).isEqualTo(0);
    }
}
