package dev.migratefirst.demoapp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.migratefirst.runner.ExitCode;
import dev.migratefirst.runner.RunnerException;
import dev.migratefirst.runner.connect.ConnectionSettings;
import dev.migratefirst.runner.connect.SslMode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The example service of the image ({@code /app/bin/serve}): the app whose new version reads
 * {@code users.profile_picture}, the column that migration V2 adds. Deployed before V2 is applied,
 * {@code GET /users} fails with {@code column "profile_picture" does not exist}: the lesson
 * MigrateFirst exists for.
 *
 * <p>Endpoints: {@code GET /health} (200, never touches the database, for the load balancer and the
 * ECS health check) and {@code GET /users} (the users as a JSON array, or a 500 JSON error carrying
 * the database's SQLSTATE and message). JDK {@link HttpServer} only, no framework.
 *
 * <p>Configuration, from the environment: {@code PORT} (default 8080) and the runner's connection
 * settings ({@link ConnectionSettings}: {@code DATABASE_URL}, else {@code DB_SECRET}, else
 * {@code DB_HOST}/{@code DB_PORT}/{@code DB_NAME}/{@code DB_USER}/{@code DB_PASSWORD}; TLS with
 * {@code DB_SSLMODE}/{@code DB_SSL_ROOT_CERT}). A bad setting stops it at start with a one-line
 * message and the configuration-error exit code; SIGTERM stops it cleanly (exit status 143).
 */
public final class DemoApp implements AutoCloseable {
    /** The port when {@code PORT} is not set. */
    public static final int DEFAULT_PORT = 8080;
    /** How long SIGTERM lets requests in flight finish. */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);
    /**
     * The query of the new app version (the first 100 users): it needs migrations V2 ({@code profile_picture})
     * and V3 ({@code email_verified}, null until the backfill D3 has reached the row).
     */
    public static final String USERS_QUERY =
            "SELECT id, email, name, profile_picture, email_verified FROM users ORDER BY id LIMIT 100";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HANDLER_THREADS = 8;

    private final HttpServer server;
    private final ExecutorService executor;
    private final ConnectionSource database;
    private final PrintStream log;
    private final Duration shutdownGrace;
    private boolean started;

    /** Opens a JDBC connection to the app's database, one per request (no pool in a demo). */
    @FunctionalInterface
    public interface ConnectionSource {
        /** A new connection; the caller closes it. */
        Connection open() throws SQLException;
    }

    /** Starts the service from the environment; stops it on SIGTERM. */
    public static void main(String[] args) throws IOException {
        Map<String, String> env = System.getenv();
        int port;
        ConnectionSource database;
        try {
            port = port(env);
            database = connectionSource(env);
        } catch (RunnerException e) {
            System.err.println("demoapp: " + e.getMessage());
            System.exit(e.exitCode().code());
            return;
        }
        // the hook exists before the server answers: a SIGTERM right after the first request still stops it cleanly
        DemoApp app = create(port, database, System.out, SHUTDOWN_GRACE);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "demoapp-shutdown"));
        app.serve();
    }

    /** {@code PORT}, default {@value #DEFAULT_PORT}; 0 picks a free port. */
    static int port(Map<String, String> env) {
        String text = env.get("PORT");
        if (text == null || text.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RunnerException(ExitCode.CONFIGURATION_ERROR,
                "PORT must be a port number 0-65535, got '" + text.trim() + "'");
    }

    /**
     * Connections with the runner's settings (same variables, same precedence, same TLS defaults), as the
     * service's {@code main} opens them from its environment (the ECS task's secrets and variables).
     *
     * @throws RunnerException (configuration error) naming a missing or malformed variable
     */
    public static ConnectionSource connectionSource(Map<String, String> env) {
        String mode = env.get("DB_SSLMODE");
        String rootCert = env.get("DB_SSL_ROOT_CERT");
        ConnectionSettings settings = ConnectionSettings.fromEnvironment(env, new ConnectionSettings.SslOptions(
                mode == null || mode.isBlank() ? null : SslMode.parse(mode, "DB_SSLMODE"),
                rootCert == null || rootCert.isBlank() ? null : Path.of(rootCert.trim())));
        String url = settings.jdbcUrl();
        Properties properties = settings.jdbcProperties(5);
        properties.setProperty("ApplicationName", "migratefirst-demoapp");
        // a request never hangs on the database: queued behind a lock, it fails after 5 s with SQLSTATE 57014
        properties.setProperty("options", "-c statement_timeout=5000");
        return () -> DriverManager.getConnection(url, properties);
    }

    private DemoApp(HttpServer server, ExecutorService executor, ConnectionSource database, PrintStream log,
                    Duration shutdownGrace) {
        this.server = server;
        this.executor = executor;
        this.database = database;
        this.log = log;
        this.shutdownGrace = shutdownGrace;
    }

    /**
     * Starts serving on {@code port} of every interface ({@code 0}: any free port, see {@link #port()}).
     *
     * @param shutdownGrace how long {@link #close()} lets requests in flight finish
     */
    public static DemoApp start(int port, ConnectionSource database, PrintStream log, Duration shutdownGrace)
            throws IOException {
        DemoApp app = create(port, database, log, shutdownGrace);
        app.serve();
        return app;
    }

    /** Binds the port; {@link #serve()} starts answering. */
    private static DemoApp create(int port, ConnectionSource database, PrintStream log, Duration shutdownGrace)
            throws IOException {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(log, "log");
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(HANDLER_THREADS, r -> {
            Thread t = new Thread(r, "demoapp-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        DemoApp app = new DemoApp(server, executor, database, log, shutdownGrace);
        server.createContext("/", app::handle);
        server.setExecutor(executor);
        return app;
    }

    private synchronized void serve() {
        server.start();
        started = true;
        log.println("demoapp: listening on port " + port());
    }

    /** The port actually bound (useful when started on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting connections, lets requests in flight finish within the grace period, then stops. */
    @Override
    public synchronized void close() {
        if (!started) {
            return;
        }
        started = false;
        server.stop((int) Math.max(0, shutdownGrace.toSeconds()));
        executor.shutdown();
        try {
            if (!executor.awaitTermination(shutdownGrace.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.println("demoapp: stopped");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            boolean known = "/health".equals(path) || "/users".equals(path);
            if (!known) {
                send(exchange, 404, error("not found: " + path, null));
            } else if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, error("method not allowed: " + exchange.getRequestMethod(), null));
            } else if ("/health".equals(path)) {
                send(exchange, 200, JSON.createObjectNode().put("status", "ok"));
            } else {
                users(exchange);
            }
        } catch (RuntimeException e) {
            log.println("demoapp: internal error on " + exchange.getRequestURI().getPath() + ": " + e);
            send(exchange, 500, error("internal error: " + e.getClass().getSimpleName(), null));
        }
    }

    private void users(HttpExchange exchange) throws IOException {
        ArrayNode users = JSON.createArrayNode();
        try (Connection c = database.open();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(USERS_QUERY)) {
            while (rs.next()) {
                ObjectNode user = users.addObject()
                        .put("id", rs.getLong("id"))
                        .put("email", rs.getString("email"))
                        .put("name", rs.getString("name"))
                        .put("profile_picture", rs.getString("profile_picture"));
                boolean verified = rs.getBoolean("email_verified");
                if (rs.wasNull()) {
                    user.putNull("email_verified");
                } else {
                    user.put("email_verified", verified);
                }
            }
        } catch (SQLException e) {
            String message = firstLine(e.getMessage());
            log.println("demoapp: GET /users failed: SQLSTATE " + e.getSQLState() + ": " + message);
            send(exchange, 500, error(message, e.getSQLState()));
            return;
        }
        send(exchange, 200, users);
    }

    private static ObjectNode error(String message, String sqlState) {
        ObjectNode body = JSON.createObjectNode().put("error", message);
        if (sqlState != null) {
            body.put("sqlState", sqlState);
        }
        return body;
    }

    /** PostgreSQL appends "Position: n" and hints on further lines; the first line says what is wrong. */
    private static String firstLine(String message) {
        if (message == null) {
            return "database error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
