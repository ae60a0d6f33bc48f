package dev.migratefirst.demoapp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
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
 */
public final class DemoApp implements AutoCloseable {
    /** The query of the new app version: it needs migration V2. */
    public static final String USERS_QUERY = "SELECT id, email, name, profile_picture FROM users ORDER BY id";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HANDLER_THREADS = 8;

    private final HttpServer server;
    private final ExecutorService executor;
    private final ConnectionSource database;
    private final PrintStream log;
    private final Duration shutdownGrace;

    /** Opens a JDBC connection to the app's database, one per request (no pool in a demo). */
    @FunctionalInterface
    public interface ConnectionSource {
        /** A new connection; the caller closes it. */
        Connection open() throws SQLException;
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
        server.start();
        log.println("demoapp: listening on port " + app.port());
        return app;
    }

    /** The port actually bound (useful when started on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting connections, lets requests in flight finish within the grace period, then stops. */
    @Override
    public void close() {
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
                users.addObject()
                        .put("id", rs.getLong("id"))
                        .put("email", rs.getString("email"))
                        .put("name", rs.getString("name"))
                        .put("profile_picture", rs.getString("profile_picture"));
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
