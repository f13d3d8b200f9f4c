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
 * Whether the served model's window of recent requests is full, from {@code GET /v1/model}
 * ({@code adaptation.held_requests} against {@code adaptation.window_requests}). Until it is, the
 * server's heap grows by design (one pooled row per request kept, about 28 kB with whisper-base, up to
 * the window), so a soak judges the heap's flatness only from then on ({@link HeapSampler}). A model
 * that keeps no such window is always "full".
 */
final class AdaptationWindow implements HeapSampler.WarmUp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final HttpRequest request;

    AdaptationWindow(URI base) {
        this.request = HttpRequest.newBuilder(base.resolve("/v1/model")).timeout(Duration.ofSeconds(30)).build();
    }

    @Override
    public boolean over() throws IOException {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("GET /v1/model answered " + r.statusCode());
            }
            return full(JSON.readTree(r.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking GET /v1/model", e);
        }
    }

    /** True when the description shows no window of recent requests, or a full one. */
    static boolean full(JsonNode model) {
        JsonNode a = model.path("adaptation");
        if (!a.has("window_requests") || !a.has("held_requests")) {
            return true;
        }
        return a.path("held_requests").asLong() >= a.path("window_requests").asLong();
    }
}
