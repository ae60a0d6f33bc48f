import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the PostgreSQL protocol messages clients send: a TCP proxy in front of the bench server that
 * reads every frontend message (type byte + length) and passes the bytes on unchanged. Round trips a
 * client waits for = simple queries (Q) + extended-protocol syncs (S); connections = startup packets.
 * After each connection closes it rewrites the counts file (one "name count" per line).
 * Run: java bench/WireCount.java LISTEN_PORT UPSTREAM_PORT COUNTS_FILE   (TLS must be off: sslmode=disable)
 */
public class WireCount {
    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();
    private static Path out;
    /** With WIRE_DUMP=file: every Parse and Query message's SQL (and each Sync) is appended to it. */
    private static final String DUMP = System.getenv("WIRE_DUMP");

    public static void main(String[] args) throws Exception {
        int listen = Integer.parseInt(args[0]);
        int upstream = Integer.parseInt(args[1]);
        out = Path.of(args[2]);
        try (ServerSocket server = new ServerSocket(listen, 50, java.net.InetAddress.getLoopbackAddress())) {
            while (true) {
                Socket client = server.accept();
                Socket db = new Socket("localhost", upstream);
                client.setTcpNoDelay(true);
                db.setTcpNoDelay(true);
                Thread up = new Thread(() -> frontend(client, db));
                Thread down = new Thread(() -> pump(db, client));
                up.setDaemon(true);
                down.setDaemon(true);
                up.start();
                down.start();
            }
        }
    }

    private static void count(String name) {
        COUNTS.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    }

    /** Client to server: parse message boundaries, count types, forward every byte. */
    private static void frontend(Socket client, Socket db) {
        try (client; db) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream o = db.getOutputStream();
            // startup phase: untyped length-prefixed packets (SSLRequest, GSSENCRequest, StartupMessage)
            while (true) {
                int len = in.readInt();
                byte[] body = in.readNBytes(len - 4);
                o.write(new byte[] {(byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len});
                o.write(body);
                o.flush();
                int code = ((body[0] & 0xFF) << 24) | ((body[1] & 0xFF) << 16) | ((body[2] & 0xFF) << 8) | (body[3] & 0xFF);
                if (code == 80877103 || code == 80877104) {
                    continue; // SSLRequest / GSSENCRequest answered 'N', the startup follows
                }
                count("connections");
                break;
            }
            while (true) {
                int type = in.read();
                if (type < 0) {
                    break;
                }
                int len = in.readInt();
                byte[] body = in.readNBytes(len - 4);
                count("msg_" + (char) type);
                if (type == 'Q' || type == 'S') {
                    count("round_trips");
                }
                if (DUMP != null && (type == 'Q' || type == 'P' || type == 'S')) {
                    dump(type, body);
                }
                o.write(type);
                o.write(new byte[] {(byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len});
                o.write(body);
                if (type != 'P' && type != 'B' && type != 'D' && type != 'E' && type != 'C') {
                    o.flush();
                }
            }
        } catch (IOException e) {
            // connection closed
        } finally {
            write();
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream o = to.getOutputStream()) {
            in.transferTo(o);
        } catch (IOException e) {
            // closed
        }
    }

    private static synchronized void dump(int type, byte[] body) {
        String text;
        if (type == 'S') {
            text = "-- sync";
        } else {
            int start = 0;
            if (type == 'P') {
                while (body[start] != 0) {
                    start++; // the statement name
                }
                start++;
            }
            int end = start;
            while (end < body.length && body[end] != 0) {
                end++;
            }
            text = (char) type + " " + new String(body, start, end - start, java.nio.charset.StandardCharsets.UTF_8)
                    .replaceAll("\\s+", " ");
        }
        try {
            Files.writeString(Path.of(DUMP), text + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // best effort
        }
    }

    private static synchronized void write() {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(COUNTS).forEach((k, v) -> sb.append(k).append(' ').append(v.get()).append('\n'));
        try {
            Files.writeString(out, sb.toString());
        } catch (IOException e) {
            // best effort
        }
    }
}
