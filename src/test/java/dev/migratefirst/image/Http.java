package dev.migratefirst.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** HTTP GETs against a service the image tests started. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GETs {@code path} until the service answers (within {@code limit}), failing early if it exits. */
    static HttpResponse<String> await(int port, String path, Command.Started service, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                return get(port, path);
            } catch (IOException notYet) {
                assertThat(service.process.isAlive()).as("the service exited: " + service.stdout() + service.stderr())
                        .isTrue();
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no answer on " + path + " within " + limit + ": " + service.stdout() + service.stderr());
    }
}
