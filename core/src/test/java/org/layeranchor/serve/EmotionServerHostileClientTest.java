package org.layeranchor.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.audio.Audio;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.encoder.Encoders;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.encoder.SpeechEncoder;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.io.SocketAnswers;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyEmotionModel;
import org.layeranchor.training.TrainedModel;

/**
 * The service against clients that misbehave, over raw sockets so that requests go out exactly as
 * written. Each test reproduces one observed failure of the service on the JDK's HttpServer (HTML
 * error pages, connections closed without an answer, 405 for HEAD, foreign pages served, threads
 * held by trickling clients, silent 503 after a worker failed) and checks the answer now given.
 */
class EmotionServerHostileClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static SpeechEncoder encoder;
    static TrainedModel model;
    static byte[] wav;

    @BeforeAll
    static void tinyModel() throws Exception {
        TinyEmotionModel tiny = TinyEmotionModel.create(dir, WhisperEncoder.Mode.FAST);
        encoder = Encoders.open(tiny.encoder(), new Encoders.Settings(WhisperEncoder.Mode.FAST, 1));
        model = TrainedModel.load(tiny.model());
        wav = TestWav.wav(TestWav.PCM, 16, 16_000, false, TestWav.tone(TinyEmotionModel.pitchOf("mid"), 16_000, 0.6, 0.3));
    }

    @AfterAll
    static void closeEncoder() {
        encoder.close();
    }

    private static EmotionServer serve(SpeechEncoder e, EmotionServer.Options o) throws Exception {
        return EmotionServer.start(EmotionPredictor.of(model, e, EmotionPredictor.Options.defaults()), o.withPort(0));
    }

    private static EmotionServer serve(EmotionServer.Options o) throws Exception {
        return serve(encoder, o);
    }

    private static String get(String path, String host) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
    }

    private static byte[] post(String host, List<String> headers, byte[] body) {
        StringBuilder sb = new StringBuilder("POST /v1/predict HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
        headers.forEach(h -> sb.append(h).append("\r\n"));
        sb.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    private static JsonNode assertJsonError(RawHttp.Answer a, int status, String code) throws Exception {
        assertEquals(status, a.status(), a.raw().length() > 400 ? a.raw().substring(0, 400) : a.raw());
        assertEquals("application/json", a.header("Content-Type"), a.raw());
        JsonNode j = JSON.readTree(a.body());
        assertEquals(code, j.get("error").asText(), a.body());
        assertFalse(j.get("message").asText().isBlank(), a.body());
        return j;
    }

    @Test
    void malformedRequestsAreAnsweredWithJsonErrorsNotHtmlOrSilence() throws Exception {
        try (EmotionServer s = serve(EmotionServer.Options.defaults())) {
            int port = s.port();
            String local = "127.0.0.1:" + port;
            for (String length : new String[] {"-5", "abc", "5, 7"}) {
                assertJsonError(RawHttp.exchange(port, "POST /v1/predict HTTP/1.1\r\nHost: " + local
                        + "\r\nContent-Length: " + length + "\r\n\r\nhello"), 400, "bad_request");
            }
            assertJsonError(RawHttp.exchange(port, "GARBAGE\r\n\r\n"), 400, "bad_request");
            assertJsonError(RawHttp.exchange(port, get("//healthz", local)), 404, "not_found");
            assertJsonError(RawHttp.exchange(port, get("/v1//model", local)), 404, "not_found");
            // A 1-MB URL: the JDK server closed the connection without a word.
            assertJsonError(RawHttp.exchange(port, get("/" + "a".repeat(1 << 20), local)), 414, "url_too_long");
            assertJsonError(RawHttp.exchange(port, "GET /healthz HTTP/1.1\r\nHost: " + local + "\r\nX-Big: "
                    + "b".repeat(200_000) + "\r\nConnection: close\r\n\r\n"), 431, "headers_too_large");
            // Content-Length over the body limit: refused before a byte of the body is read.
            JsonNode j = assertJsonError(RawHttp.exchange(port, "POST /v1/predict HTTP/1.1\r\nHost: " + local
                    + "\r\nContent-Length: 99999999999\r\n\r\n"), 413, "body_too_large");
            assertTrue(j.get("message").asText().contains("99999999999 bytes"), j.toString());
            // And the server is still fine.
            assertEquals(200, RawHttp.exchange(port, get("/healthz", local)).status());
        }
    }

    /**
     * Issue 25, row 15: {@code CONNECT host:22} (authority form) and the HTTP/2 preface got 400 / 426
     * with empty bodies, and the CONNECT connection stayed open for the 20-s read timeout despite
     * {@code Connection: close}. Each answer is now JSON and the connection closes at once.
     */
    @Test
    void connectAndTheHttp2PrefaceAreAnsweredInJsonAndTheirConnectionsClose() throws Exception {
        try (EmotionServer s = serve(EmotionServer.Options.defaults())) {
            int port = s.port();
            String[] requests = {
                "CONNECT host:22 HTTP/1.1\r\nHost: host:22\r\nConnection: close\r\n\r\n",
                "CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n",
                "CONNECT host:22 HTTP/1.1\r\nHost: host:22\r\n\r\n", // not even asked to close: no tunnel is kept
                "CONNECT host:22 HTTP/1.0\r\n\r\n",
            };
            for (String request : requests) {
                long t0 = System.nanoTime();
                RawHttp.Answer a = RawHttp.exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), 15_000);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(a.status() >= 400 && a.status() < 500, request + " -> " + a.raw());
                assertEquals("application/json", a.header("Content-Type"), a.raw());
                JsonNode j = JSON.readTree(a.body());
                assertFalse(j.get("error").asText().isBlank() || j.get("message").asText().isBlank(), a.body());
                assertTrue(ms < 3_000, request.lines().findFirst().get() + ": the connection stayed open " + ms + " ms");
            }
            // The HTTP/2 preface, with prior knowledge (this server has no h2c).
            long t0 = System.nanoTime();
            RawHttp.Answer h2 = RawHttp.exchange(port, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                    15_000);
            JsonNode j = assertJsonError(h2, 426, "upgrade_required");
            assertTrue(j.get("message").asText().contains("HTTP/1.1"), j.toString());
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 3_000, "the preface's connection closes at once");
            // Other methods Jetty would have answered without a body.
            assertJsonError(RawHttp.exchange(port, "TRACE / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
                    405, "method_not_allowed");
            assertEquals(200, RawHttp.exchange(port, get("/healthz", "127.0.0.1")).status());
        }
    }

    @Test
    void aChunkedBodyIsReadUpToTheLimitAndRefusedPastIt() throws Exception {
        EmotionServer.Options small = EmotionServer.Options.defaults().withLimits(150_000, 300, Duration.ofSeconds(30));
        try (EmotionServer s = serve(small)) {
            assertEquals(200, RawHttp.exchange(s.port(), chunked(wav), 10_000).status(), "no Content-Length: chunked");
            // Past the first 64 kB the array grows: the whole body still arrives intact.
            byte[] longer = TestWav.wav(TestWav.PCM, 16, 16_000, false,
                    TestWav.tone(TinyEmotionModel.pitchOf("low"), 16_000, 3.0, 0.3));
            RawHttp.Answer grown = RawHttp.exchange(s.port(), chunked(longer), 30_000);
            assertEquals(200, grown.status(), grown.raw());
            assertEquals(3.0, JSON.readTree(grown.body()).get("duration_s").asDouble(), 1e-9);
            byte[] big = new byte[300_000];
            System.arraycopy(wav, 0, big, 0, wav.length);
            JsonNode j = assertJsonError(RawHttp.exchange(s.port(), chunked(big), 10_000), 413, "body_too_large");
            assertTrue(j.get("message").asText().contains("at most 150000 bytes"), j.toString());
            awaitBuffered(s, 0);
        }
    }

    private static byte[] chunked(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (int from = 0; from < body.length; from += 8192) {
            int n = Math.min(8192, body.length - from);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, from, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    @Test
    void headIsAnsweredOnEveryGetRouteWithoutABody() throws Exception {
        try (EmotionServer s = serve(EmotionServer.Options.defaults())) {
            String local = "127.0.0.1:" + s.port();
            for (String path : new String[] {"/healthz", "/v1/model", "/"}) {
                RawHttp.Answer got = RawHttp.exchange(s.port(), get(path, local));
                RawHttp.Answer head = RawHttp.exchange(s.port(), get(path, local).replaceFirst("GET", "HEAD"));
                assertEquals(200, head.status(), path + ": " + head.raw());
                assertEquals(got.header("Content-Type"), head.header("Content-Type"), path);
                assertEquals("", head.body(), path + ": HEAD has no body");
                if (!path.equals("/healthz")) { // the health counters may change between the two
                    assertEquals(got.header("Content-Length"), head.header("Content-Length"), path);
                }
            }
            RawHttp.Answer wrong = RawHttp.exchange(s.port(), "HEAD /v1/predict HTTP/1.1\r\nHost: " + local
                    + "\r\nConnection: close\r\n\r\n");
            assertEquals(405, wrong.status());
            assertEquals("POST", wrong.header("Allow"));
        }
    }

    @Test
    void foreignHostNamesAreRefusedSoARebindingPageCannotReadTheService() throws Exception {
        try (EmotionServer s = serve(EmotionServer.Options.defaults())) {
            int port = s.port();
            JsonNode j = assertJsonError(RawHttp.exchange(port, get("/v1/model", "evil.example:" + port)), 403,
                    "forbidden_host");
            assertTrue(j.get("message").asText().contains("--allow-host"), j.toString());
            assertJsonError(RawHttp.exchange(port, post("evil.example", List.of(), wav), 10_000), 403, "forbidden_host");
            for (String host : new String[] {"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port}) {
                assertEquals(200, RawHttp.exchange(port, get("/v1/model", host)).status(), host);
            }
        }
        EmotionServer.Options lab = EmotionServer.Options.defaults().withOrigins(List.of("lab.example"), List.of());
        try (EmotionServer s = serve(lab)) {
            assertEquals(200, RawHttp.exchange(s.port(), get("/healthz", "lab.example:" + s.port())).status());
            assertEquals(403, RawHttp.exchange(s.port(), get("/healthz", "evil.example")).status());
        }
    }

    @Test
    void crossOriginPostsNeverReachTheDecoderUnlessAllowedWithCors() throws Exception {
        CountingEncoder counting = new CountingEncoder(encoder);
        try (EmotionServer s = serve(counting, EmotionServer.Options.defaults())) {
            int port = s.port();
            String local = "127.0.0.1:" + port;
            // A "simple" request, which a browser sends from any page without asking first.
            RawHttp.Answer evil = RawHttp.exchange(port, post(local, List.of("Origin: http://evil.example",
                    "Content-Type: text/plain"), wav), 10_000);
            assertJsonError(evil, 403, "forbidden_origin");
            assertEquals(null, evil.header("Access-Control-Allow-Origin"));
            // Text as the body would be a 400 from the decoder if it got that far.
            assertJsonError(RawHttp.exchange(port, post(local, List.of("Origin: null"), "x".getBytes()), 10_000), 403,
                    "forbidden_origin");
            assertJsonError(RawHttp.exchange(port, post(local, List.of("Sec-Fetch-Site: cross-site"), wav), 10_000), 403,
                    "forbidden_origin");
            assertEquals(0, counting.calls.get(), "nothing was encoded");
            // The service's own page, and clients that are not browsers, are served.
            assertEquals(200, RawHttp.exchange(port, post(local, List.of("Origin: http://" + local,
                    "Sec-Fetch-Site: same-origin"), wav), 10_000).status());
            assertEquals(200, RawHttp.exchange(port, post(local, List.of(), wav), 10_000).status());
            assertEquals(2, counting.calls.get());
        }
        EmotionServer.Options cors = EmotionServer.Options.defaults().withOrigins(List.of(), List.of("http://app.example:3000"));
        try (EmotionServer s = serve(cors)) {
            String local = "127.0.0.1:" + s.port();
            RawHttp.Answer preflight = RawHttp.exchange(s.port(), "OPTIONS /v1/predict HTTP/1.1\r\nHost: " + local
                    + "\r\nOrigin: http://app.example:3000\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n");
            assertEquals(204, preflight.status(), preflight.raw());
            assertEquals("http://app.example:3000", preflight.header("Access-Control-Allow-Origin"));
            assertEquals("POST", preflight.header("Access-Control-Allow-Methods"));
            RawHttp.Answer allowed = RawHttp.exchange(s.port(), post(local, List.of("Origin: http://app.example:3000"),
                    wav), 10_000);
            assertEquals(200, allowed.status(), allowed.raw());
            assertEquals("http://app.example:3000", allowed.header("Access-Control-Allow-Origin"));
            assertEquals(403, RawHttp.exchange(s.port(), "OPTIONS /v1/predict HTTP/1.1\r\nHost: " + local
                    + "\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n").status());
        }
    }

    @Test
    void clientsTricklingTheirHeadersNeitherStarveHealthProbesNorKeepTheirConnections() throws Exception {
        EmotionServer.Options o = EmotionServer.Options.defaults().withConnections(Duration.ofMillis(1500), 64, 256L << 20);
        try (EmotionServer s = serve(o)) {
            String local = "127.0.0.1:" + s.port();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> tricklers = new ArrayList<>();
            List<Long> closedAfterMs = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread t = new Thread(() -> closedAfterMs.add(trickle(s.port(), stop)));
                t.setDaemon(true);
                tricklers.add(t);
                t.start();
            }
            Thread.sleep(200);
            int answered = 0;
            long slowest = 0;
            for (int probe = 0; probe < 24; probe++) {
                long t0 = System.nanoTime();
                RawHttp.Answer a = RawHttp.exchange(s.port(), get("/healthz", local).getBytes(StandardCharsets.ISO_8859_1),
                        2_000);
                slowest = Math.max(slowest, (System.nanoTime() - t0) / 1_000_000);
                answered += a.status() == 200 ? 1 : 0;
                Thread.sleep(100);
            }
            assertEquals(24, answered, "every probe answered while 4 clients trickle (the JDK server: 7 of 48)");
            assertTrue(slowest < 1000, "slowest probe " + slowest + " ms");
            for (Thread t : tricklers) {
                t.join(5_000);
            }
            stop.set(true);
            assertEquals(4, closedAfterMs.size(), "every trickling connection was closed by the server");
            for (long ms : closedAfterMs) {
                assertTrue(ms >= 1_000 && ms < 4_000, "closed after " + ms + " ms, with a 1.5-s read timeout");
            }
            JsonNode health = JSON.readTree(RawHttp.exchange(s.port(), get("/healthz", local)).body());
            assertTrue(health.get("slow_connections_closed").asInt() >= 4, health.toString());
        }
    }

    /** Sends a request's headers a byte every 50 ms; returns the ms until the server closed the connection. */
    private static long trickle(int port, AtomicBoolean stop) {
        byte[] head = ("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "p".repeat(400) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        long t0 = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < head.length - 4 && !stop.get(); i++) { // never completes the headers
                out.write(head[i]);
                out.flush();
                Thread.sleep(50);
            }
        } catch (IOException | InterruptedException closedByServer) {
            return (System.nanoTime() - t0) / 1_000_000;
        }
        return Long.MAX_VALUE;
    }

    @Test
    void theConnectionCapHoldsAndIdleConnectionsAreClosedAfterTheReadTimeout() throws Exception {
        EmotionServer.Options o = EmotionServer.Options.defaults().withConnections(Duration.ofMillis(800), 3, 256L << 20);
        try (EmotionServer s = serve(o)) {
            List<Socket> silent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Socket k = new Socket("127.0.0.1", s.port());
                k.setSoTimeout(5_000);
                silent.add(k);
            }
            Thread.sleep(150); // accepted: the cap is reached
            long t0 = System.nanoTime();
            RawHttp.Answer probe = RawHttp.exchange(s.port(), get("/healthz", "127.0.0.1").getBytes(StandardCharsets.ISO_8859_1),
                    10_000);
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, probe.status());
            assertTrue(waitedMs >= 400, "the fourth connection waited for a free place, " + waitedMs + " ms");
            assertTrue(waitedMs < 5_000, "and got one once the silent ones timed out, " + waitedMs + " ms");
            for (Socket k : silent) {
                try (k; InputStream in = k.getInputStream()) {
                    assertEquals(-1, in.read(), "the server closed the silent connection");
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("a silent connection is still open after 5 s", e);
                } catch (IOException reset) {
                    // closed by the server, as a reset
                }
            }
            // Read after all three were seen closed: the probe itself may be served as soon as the first
            // silent connection is reaped, before the other two (they time out at about the same moment).
            // The count is taken as Jetty reports each close, which can trail the client seeing it by a
            // moment, so it is read until it settles (SlowConnectionReaperTest pins the counting itself).
            String health = RawHttp.exchange(s.port(), get("/healthz", "127.0.0.1")).body();
            for (long end = System.nanoTime() + 2_000_000_000L;
                    JSON.readTree(health).get("slow_connections_closed").asInt() < 3 && System.nanoTime() < end; ) {
                Thread.sleep(50);
                health = RawHttp.exchange(s.port(), get("/healthz", "127.0.0.1")).body();
            }
            assertEquals(3, JSON.readTree(health).get("slow_connections_closed").asInt(), health);
        }
    }

    @Test
    void aBodyThatStopsArrivingIsCutAtTheReadTimeout() throws Exception {
        EmotionServer.Options o = EmotionServer.Options.defaults().withConnections(Duration.ofMillis(800), 64, 256L << 20);
        try (EmotionServer s = serve(o); Socket k = new Socket("127.0.0.1", s.port())) {
            k.setSoTimeout(10_000);
            long t0 = System.nanoTime();
            k.getOutputStream().write(("POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n"
                    + "RIFF").getBytes(StandardCharsets.ISO_8859_1));
            k.getOutputStream().flush();
            RawHttp.Answer a = RawHttp.parse(SocketAnswers.readUntilClosed(k.getInputStream()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 700 && ms < 5_000, "cut after " + ms + " ms, with an 800-ms read timeout");
            assertJsonError(a, 408, "request_timeout");
            JsonNode health = JSON.readTree(RawHttp.exchange(s.port(), get("/healthz", "127.0.0.1")).body());
            assertEquals(0, health.get("buffered_bytes").asLong(), "its reserved memory is given back");
        }
    }

    @Test
    void aPredictionLongerThanTheReadTimeoutIsStillAnswered() throws Exception {
        EmotionServer.Options o = EmotionServer.Options.defaults().withConnections(Duration.ofMillis(300), 64, 256L << 20);
        try (EmotionServer s = serve(new SlowEncoder(encoder, 1_200), o)) {
            RawHttp.Answer a = RawHttp.exchange(s.port(), post("127.0.0.1", List.of(), wav), 10_000);
            assertEquals(200, a.status(), a.raw());
            assertTrue(a.body().contains("\"emotion\":\"mid\""), a.body());
        }
    }

    @Test
    void probabilitiesThatAreNotNumbersAreAFailureNotA200WithNaNStrings() {
        Prediction.Segment ok = new Prediction.Segment(0, 1, "mid", new double[] {0.2, 0.3, 0.5});
        Prediction finite = new Prediction("x", 1, TinyEmotionModel.CLASSES, "mid", new double[] {0.2, 0.3, 0.5}, List.of(ok));
        assertEquals(finite, EmotionServer.requireFinite(finite));
        Prediction.Segment nan = new Prediction.Segment(1, 2, "high", new double[] {Double.NaN, 0.3, 0.5});
        Prediction broken = new Prediction("x", 2, TinyEmotionModel.CLASSES, "mid", new double[] {0.2, 0.3, 0.5},
                List.of(ok, nan));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> EmotionServer.requireFinite(broken));
        assertTrue(e.getMessage().contains("not finite numbers ([NaN, 0.3, 0.5])"), e.getMessage());
    }

    @Test
    void aBodyTrickledUnderTheReadTimeoutIsCutAtTheRequestTimeout() throws Exception {
        EmotionServer.Options o = EmotionServer.Options.defaults().withLimits(64L << 20, 300, Duration.ofMillis(1000))
                .withConnections(Duration.ofSeconds(5), 64, 256L << 20);
        try (EmotionServer s = serve(o); Socket k = new Socket("127.0.0.1", s.port())) {
            k.setSoTimeout(10_000);
            OutputStream out = k.getOutputStream();
            out.write("POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            long t0 = System.nanoTime();
            AtomicBoolean stop = new AtomicBoolean();
            Thread trickler = new Thread(() -> {
                try {
                    while (!stop.get()) { // a byte every 100 ms: never idle long enough for the read timeout
                        out.write('x');
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException closed) {
                    // the server closed the connection
                }
            });
            trickler.setDaemon(true);
            trickler.start();
            RawHttp.Answer a = RawHttp.parse(SocketAnswers.readUntilClosed(k.getInputStream()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            stop.set(true);
            assertJsonError(a, 408, "request_timeout");
            assertTrue(ms >= 900 && ms < 4_000, "cut after " + ms + " ms, with a 1-s request timeout");
            awaitBuffered(s, 0);
        }
    }

    @Test
    void aWorkerThatFailsAnswers500AtOnceAndLogsIt() throws Exception {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(EmotionServer.class.getName());
        log.addHandler(capture);
        try (EmotionServer s = serve(new FailingEncoder(encoder), EmotionServer.Options.defaults())) {
            for (int i = 0; i < 2; i++) { // the worker survives its failure
                long t0 = System.nanoTime();
                RawHttp.Answer a = RawHttp.exchange(s.port(), post("127.0.0.1", List.of(), wav), 30_000);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                JsonNode j = assertJsonError(a, 500, "prediction_failed");
                assertTrue(j.get("message").asText().contains("Java heap space (simulated)"), j.toString());
                assertTrue(ms < 5_000, "answered at once, not after the 60-s timeout: " + ms + " ms");
            }
            assertEquals(2, logged.stream().filter(r -> r.getLevel() == Level.SEVERE && r.getThrown() instanceof OutOfMemoryError)
                    .count());
            JsonNode health = JSON.readTree(RawHttp.exchange(s.port(), get("/healthz", "127.0.0.1")).body());
            assertEquals(2, health.get("failed").asInt());
            assertEquals(0, health.get("timed_out").asInt());
        } finally {
            log.removeHandler(capture);
        }
    }

    @Test
    void concurrentUploadsBeyondTheBodyMemoryAreRefusedAtOnce() throws Exception {
        EmotionServer.Options o = EmotionServer.Options.defaults().withLimits(100_000, 300, Duration.ofSeconds(30))
                .withConnections(Duration.ofSeconds(10), 64, 250_000).withUploadPolicy(0, 8);
        try (EmotionServer s = serve(o)) {
            List<Socket> holding = new ArrayList<>();
            for (int i = 0; i < 2; i++) { // two uploads at the limit, all but their last byte arrived
                Socket k = new Socket("127.0.0.1", s.port());
                k.getOutputStream().write(("POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n"
                        + "RIFF").getBytes(StandardCharsets.ISO_8859_1));
                k.getOutputStream().write(new byte[100_000 - 4 - 1]);
                k.getOutputStream().flush();
                holding.add(k);
            }
            awaitBuffered(s, 200_000);
            long t0 = System.nanoTime();
            RawHttp.Answer third = RawHttp.exchange(s.port(), post("127.0.0.1", List.of(), new byte[100_000]), 10_000);
            JsonNode j = assertJsonError(third, 503, "busy");
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 2_000, "refused at once");
            assertTrue(j.get("message").asText().contains("200000 of the 250000 bytes"), j.toString());
            assertEquals("1", third.header("Retry-After"));
            // A small upload still fits.
            assertEquals(200, RawHttp.exchange(s.port(), post("127.0.0.1", List.of(), wav), 10_000).status());
            for (Socket k : holding) {
                k.close();
            }
            awaitBuffered(s, 0); // abandoned uploads give their memory back
        }
    }

    /**
     * Issue 25's combined soak: a 299-s 192-kHz file (14 kB of FLAC) costs ~7·10⁹ multiply-adds of
     * sample-rate conversion. Once its request is answered with the timeout, the conversion stops and
     * the only worker is free again, instead of finishing work nobody will read while the requests
     * behind it time out too.
     */
    @Test
    void aConversionStillRunningWhenItsRequestTimesOutStopsAndFreesTheWorker() throws Exception {
        byte[] silence = org.layeranchor.bench.ConstantFlac.silence(192_000, 299);
        EmotionServer.Options o = EmotionServer.Options.defaults().withLimits(64L << 20, 300, Duration.ofMillis(1000))
                .withWorkers(1, 4);
        try (EmotionServer s = serve(o)) {
            assertJsonError(RawHttp.exchange(s.port(), post("127.0.0.1", List.of(), silence), 30_000), 503, "timeout");
            long answeredAt = System.nanoTime();
            JsonNode h;
            while ((h = JSON.readTree(RawHttp.exchange(s.port(), get("/healthz", "127.0.0.1")).body())).get("busy").asInt() > 0) {
                assertTrue(System.nanoTime() - answeredAt < 3_000_000_000L, "the worker is still busy 3 s after the timeout: " + h);
                Thread.sleep(20);
            }
            assertEquals(1, h.get("stopped_after_timeout").asLong(), h.toString());
            assertEquals(0, h.get("failed").asLong(), "a stopped conversion is no failure: " + h);
            // The worker serves the next request.
            assertEquals(200, RawHttp.exchange(s.port(), post("127.0.0.1", List.of(), wav), 30_000).status());
        }
    }

    private static void awaitBuffered(EmotionServer s, long bytes) throws Exception {
        long end = System.nanoTime() + 10_000_000_000L;
        long now;
        while ((now = JSON.readTree(RawHttp.exchange(s.port(), get("/healthz", "127.0.0.1")).body())
                .get("buffered_bytes").asLong()) != bytes) {
            assertTrue(System.nanoTime() < end, "buffered bytes stayed at " + now + ", expected " + bytes);
            Thread.sleep(20);
        }
    }

    /** Counts the clips that reached the encoder. */
    static final class CountingEncoder extends ForwardingEncoder {
        final AtomicInteger calls = new AtomicInteger();

        CountingEncoder(SpeechEncoder inner) {
            super(inner);
        }

        @Override
        public HiddenStates encode(Audio audio) throws EncoderException {
            calls.incrementAndGet();
            return inner.encode(audio);
        }
    }

    /** Takes its time, as faithful mode on a long recording does. */
    static final class SlowEncoder extends ForwardingEncoder {
        private final long millis;

        SlowEncoder(SpeechEncoder inner, long millis) {
            super(inner);
            this.millis = millis;
        }

        @Override
        public HiddenStates encode(Audio audio) throws EncoderException {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EncoderException("interrupted");
            }
            return inner.encode(audio);
        }
    }

    /** Fails as a worker that runs out of memory does. */
    static final class FailingEncoder extends ForwardingEncoder {
        FailingEncoder(SpeechEncoder inner) {
            super(inner);
        }

        @Override
        public HiddenStates encode(Audio audio) {
            throw new OutOfMemoryError("Java heap space (simulated)");
        }
    }

    abstract static class ForwardingEncoder implements SpeechEncoder {
        final SpeechEncoder inner;

        ForwardingEncoder(SpeechEncoder inner) {
            this.inner = inner;
        }

        @Override
        public EncoderInfo info() {
            return inner.info();
        }

        @Override
        public void close() {
        }
    }
}
