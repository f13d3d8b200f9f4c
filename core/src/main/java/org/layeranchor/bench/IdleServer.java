package org.layeranchor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Waits until the server has nothing in progress ({@code /healthz}: no worker busy, nothing queued, no
 * upload in progress, no body held): requests a client gave up on may still be decoded or predicted,
 * and a heap measured before they end would count them as left behind.
 */
final class IdleServer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IdleServer() {
    }

    /** True once idle; false when still busy after {@code limit} or when /healthz does not answer. */
    static boolean await(URI base, Duration limit) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/healthz")).timeout(Duration.ofSeconds(10)).build();
        long end = System.nanoTime() + limit.toNanos();
        do {
            try {
                JsonNode h = JSON.readTree(client.send(request, HttpResponse.BodyHandlers.ofString()).body());
                if (h.path("busy").asInt(-1) == 0 && h.path("queued").asInt(-1) == 0
                        && h.path("uploads_in_progress").asInt(-1) == 0 && h.path("buffered_bytes").asLong(-1) == 0) {
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                return false;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < end);
        return false;
    }
}
