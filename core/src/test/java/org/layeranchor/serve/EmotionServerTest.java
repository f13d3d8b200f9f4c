package org.layeranchor.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.audio.Audio;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.encoder.Encoders;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.encoder.SpeechEncoder;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyEmotionModel;
import org.layeranchor.training.TrainedModel;

class EmotionServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    static TinyEmotionModel tiny;
    static SpeechEncoder encoder;
    static TrainedModel model;
    static EmotionPredictor predictor;

    @BeforeAll
    static void tinyModel() throws Exception {
        tiny = TinyEmotionModel.create(dir, WhisperEncoder.Mode.FAST);
        encoder = Encoders.open(tiny.encoder(), new Encoders.Settings(WhisperEncoder.Mode.FAST, 1));
        model = TrainedModel.load(tiny.model());
        predictor = EmotionPredictor.of(model, encoder, EmotionPredictor.Options.defaults());
    }

    @AfterAll
    static void closeEncoder() {
        encoder.close();
    }

    private static EmotionServer serve(EmotionPredictor p, EmotionServer.Options options) throws Exception {
        return EmotionServer.start(p, options.withPort(0));
    }

    private static EmotionServer serve() throws Exception {
        return serve(predictor, EmotionServer.Options.defaults());
    }

    private static byte[] toneWav(String emotion, double seconds) {
        return TestWav.wav(TestWav.PCM, 16, 16_000, false,
                TestWav.tone(TinyEmotionModel.pitchOf(emotion), 16_000, seconds, 0.3));
    }

    static HttpResponse<String> post(EmotionServer s, String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri().resolve(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(EmotionServer s, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(s.uri().resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> r, int status, String code) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode j = JSON.readTree(r.body());
        assertEquals(code, j.get("error").asText(), r.body());
        assertFalse(j.get("message").asText().isBlank());
    }

    @Test
    void aWavBodyGetsTheSamePredictionAsTheLibrary() throws Exception {
        byte[] wav = toneWav("low", 1.2);
        try (EmotionServer s = serve()) {
            HttpResponse<String> r = post(s, "/v1/predict", wav, "Content-Type", "audio/wav");
            assertEquals(200, r.statusCode(), r.body());
            JsonNode j = JSON.readTree(r.body());
            Prediction expected = predictor.predict(AudioReader.read(wav, "x"));
            assertEquals("low", j.get("emotion").asText());
            assertEquals(1.2, j.get("duration_s").asDouble(), 1e-9);
            assertArrayEquals(expected.probabilities(), probabilities(j.get("probabilities")), 0.0);
            assertEquals(1, j.get("segments").size());
            assertEquals(0.0, j.get("segments").get(0).get("start_s").asDouble());
            assertEquals(1.2, j.get("segments").get(0).get("end_s").asDouble(), 1e-9);
        }
    }

    /** A bad speaker id or an unknown query parameter is refused with 400 before the body is predicted. */
    @Test
    void aBadSpeakerIdIsRefusedWith400AndAClearMessage() throws Exception {
        byte[] wav = toneWav("low", 1.2);
        try (EmotionServer s = serve()) {
            for (String[] c : new String[][] {{"?speaker=" + "a".repeat(65), "at most 64"},
                    {"?speaker=a%20b", "only ASCII letters, digits, '.', '_' and '-'"}, {"?speaker=", "empty"},
                    {"?speaker=a&speaker=b", "more than once"}, {"?speakr=a", "unknown query parameter 'speakr'"}}) {
                HttpResponse<String> r = post(s, "/v1/predict" + c[0], wav, "Content-Type", "audio/wav");
                assertEquals(400, r.statusCode(), c[0] + ": " + r.body());
                JsonNode j = JSON.readTree(r.body());
                assertEquals("bad_query", j.get("error").asText(), r.body());
                assertTrue(j.get("message").asText().contains(c[1]), c[0] + ": " + r.body());
            }
            // A good id with the tiny per-domain model: accepted, and it changes nothing.
            HttpResponse<String> ok = post(s, "/v1/predict?speaker=anna-1", wav, "Content-Type", "audio/wav");
            assertEquals(200, ok.statusCode(), ok.body());
            JsonNode j = JSON.readTree(ok.body());
            assertArrayEquals(predictor.predict(AudioReader.read(wav, "x")).probabilities(),
                    probabilities(j.get("probabilities")), 0.0);
            assertEquals("anna-1", j.path("speaker").path("id").asText(), ok.body());
            assertFalse(j.path("speaker").path("used").asBoolean(true), ok.body());
        }
    }

    @Test
    void flacAndMp3BodiesAreDecodedByTheirContentNotTheirName() throws Exception {
        try (EmotionServer s = serve()) {
            for (String fixture : new String[] {"two-tones-44k1-24bit-stereo.flac", "tone-1khz-44k1-stereo.mp3"}) {
                byte[] bytes;
                try (InputStream in = getClass().getResourceAsStream("/org/layeranchor/audio/" + fixture)) {
                    bytes = in.readAllBytes();
                }
                Audio decoded = AudioReader.read(bytes, fixture);
                HttpResponse<String> r = post(s, "/v1/predict", bytes); // no Content-Type at all
                assertEquals(200, r.statusCode(), fixture + ": " + r.body());
                JsonNode j = JSON.readTree(r.body());
                assertEquals(decoded.durationSeconds(), j.get("duration_s").asDouble(), 1e-9, fixture);
                assertArrayEquals(predictor.predict(decoded).probabilities(), probabilities(j.get("probabilities")), 0.0);
            }
        }
    }

    @Test
    void theModelEndpointDescribesClassesEncoderProvenanceAndLimits() throws Exception {
        try (EmotionServer s = serve()) {
            HttpResponse<String> r = get(s, "/v1/model");
            assertEquals(200, r.statusCode());
            JsonNode j = JSON.readTree(r.body());
            assertEquals(TinyEmotionModel.CLASSES, JSON.convertValue(j.get("classes"), List.class));
            EncoderInfo info = encoder.info();
            assertEquals(info.identity(), j.at("/encoder/identity").asText());
            assertEquals("fast", j.at("/encoder/settings/mode").asText());
            assertEquals(info.identity(), j.at("/model/encoder/properties/identity").asText());
            assertEquals("weighted-sum", j.at("/model/strategy").asText());
            assertEquals(5, j.at("/model/provenance/seed").asLong());
            assertEquals(18, j.at("/model/provenance/sourceUtterances").asInt());
            assertTrue(j.at("/model/training/bestEpoch").isInt());
            assertTrue(j.at("/model/training/history").isMissingNode(), "per-epoch history is left out");
            assertEquals(64L << 20, j.at("/limits/max_body_bytes").asLong());
            assertEquals(300.0, j.at("/limits/max_audio_seconds").asDouble());
            assertEquals("energy", j.at("/limits/vad").asText());
            assertEquals("ok", JSON.readTree(get(s, "/healthz").body()).get("status").asText());
        }
    }

    @Test
    void badAudioIsA400WithTheDecodersMessageAndNoFileName() throws Exception {
        try (EmotionServer s = serve()) {
            HttpResponse<String> r = post(s, "/v1/predict", "hello, this is text".getBytes(StandardCharsets.UTF_8));
            assertError(r, 400, "undecodable_audio");
            assertTrue(JSON.readTree(r.body()).get("message").asText().startsWith(EmotionServer.BODY_SOURCE + ": "), r.body());

            byte[] wav = toneWav("mid", 1.0);
            byte[] truncated = Arrays.copyOf(wav, 30); // inside the header
            assertError(post(s, "/v1/predict", truncated), 400, "undecodable_audio");
            assertError(post(s, "/v1/predict", new byte[0]), 400, "empty_body");
            assertError(post(s, "/v1/predict", wav, "Content-Type", "multipart/form-data; boundary=x"), 415,
                    "unsupported_media_type");
            // What `curl --data-binary @clip.wav` sends: the raw file, labelled as a urlencoded form.
            assertEquals(200, post(s, "/v1/predict", wav, "Content-Type", "application/x-www-form-urlencoded").statusCode());
        }
    }

    @Test
    void bodiesAndAudioOverTheLimitsAreRefusedWith413() throws Exception {
        EmotionServer.Options small = EmotionServer.Options.defaults().withLimits(40_000, 1.0, Duration.ofSeconds(30));
        try (EmotionServer s = serve(predictor, small)) {
            assertError(post(s, "/v1/predict", new byte[40_001]), 413, "body_too_large");
            // 1.1 s of 16-bit audio = 35 kB: under the body limit, over the duration limit
            HttpResponse<String> r = post(s, "/v1/predict", toneWav("mid", 1.1));
            assertError(r, 413, "audio_too_long");
            assertTrue(r.body().contains("1.1 s"), r.body());
            assertEquals(200, post(s, "/v1/predict", toneWav("mid", 0.9)).statusCode());
        }
    }

    @Test
    void audioWhoseHeaderDeclaresTooLongIsRefusedBeforeDecoding() throws Exception {
        byte[] flac;
        try (InputStream in = getClass().getResourceAsStream("/org/layeranchor/audio/two-tones-44k1-24bit-stereo.flac")) {
            flac = in.readAllBytes();
        }
        long tenHours = 44_100L * 36_000; // STREAMINFO total samples, 36 bits from byte 21
        flac[21] = (byte) ((flac[21] & 0xf0) | (int) ((tenHours >>> 32) & 0x0f));
        for (int i = 0; i < 4; i++) {
            flac[22 + i] = (byte) (tenHours >>> (24 - 8 * i));
        }
        try (EmotionServer s = serve()) {
            HttpResponse<String> r = post(s, "/v1/predict", flac);
            assertError(r, 413, "audio_too_long");
            assertTrue(r.body().contains("header declares 36000.0 s"), r.body());
        }
    }

    /**
     * The decode budget is the server's --max-seconds, whatever the header says: a FLAC that declares
     * no length (total 0) and holds 3 s is stopped once decoding passes 1 s (413), and a clip shorter
     * than the minimum is refused (400), not predicted from padding.
     */
    @Test
    void theDecodeBudgetIsTheServersLimitAndTooLittleAudioIsRefused() throws Exception {
        EmotionServer.Options small = EmotionServer.Options.defaults().withLimits(1_000_000, 1.0, Duration.ofSeconds(30));
        byte[] unknownLength = org.layeranchor.testing.TestFlac.constant(16_000, 0, 4096, 12, 4000, (short) 300);
        try (EmotionServer s = serve(predictor, small)) {
            HttpResponse<String> r = post(s, "/v1/predict", unknownLength);
            assertError(r, 413, "audio_too_long");
            assertError(post(s, "/v1/predict", toneWav("mid", 0.01)), 400, "audio_too_short");
        }
    }

    /**
     * Issue 25 row 12: a VBR MP3 with no Xing frame whose first frame is 32 kbit/s (the rest 320) is
     * served, not refused as 413 from a bit-rate estimate ten times its length; one that really is
     * longer than the limit is stopped while decoding.
     */
    @Test
    void aVbrMp3WithoutFrameCountIsJudgedByWhatDecodesNotByItsFirstFramesBitRate() throws Exception {
        EmotionServer.Options thirtySeconds = EmotionServer.Options.defaults()
                .withLimits(16_000_000, 30.0, Duration.ofSeconds(120));
        int framesIn28s = 28 * org.layeranchor.testing.TestMp3.RATE / org.layeranchor.testing.TestMp3.SAMPLES_PER_FRAME;
        byte[] vbr = org.layeranchor.testing.TestMp3.silentFrames(32, 320, framesIn28s);
        byte[] longer = org.layeranchor.testing.TestMp3.silentFrames(32, 320, framesIn28s * 3 / 2);
        try (EmotionServer s = serve(predictor, thirtySeconds)) {
            HttpResponse<String> r = post(s, "/v1/predict", vbr);
            assertEquals(200, r.statusCode(), r.body());
            HttpResponse<String> tooLong = post(s, "/v1/predict", longer);
            assertError(tooLong, 413, "audio_too_long");
            assertTrue(tooLong.body().contains("decoding passed 30.0 s") && !tooLong.body().contains("the audio's header declares"),
                    tooLong.body());
        }
    }

    @Test
    void wrongMethodsAre405AndUnknownPathsAre404() throws Exception {
        try (EmotionServer s = serve()) {
            HttpResponse<String> r = get(s, "/v1/predict");
            assertError(r, 405, "method_not_allowed");
            assertEquals("POST", r.headers().firstValue("Allow").orElse(""));
            assertError(post(s, "/v1/model", new byte[1]), 405, "method_not_allowed");
            assertError(post(s, "/healthz", new byte[1]), 405, "method_not_allowed");
            assertError(get(s, "/v1/nothing"), 404, "not_found");
            assertError(get(s, "/index.html/../v1/model"), 404, "not_found");
        }
    }

    @Test
    void pathsThatPointIntoTheFileSystemAreJust404() throws Exception {
        try (EmotionServer s = serve()) {
            for (String path : new String[] {"/org/layeranchor/serve/index.html", "/v1/predict/../../pom.xml"}) {
                String response = rawGet(s, path);
                assertTrue(response.startsWith("HTTP/1.1 404"), path + ": " + response);
                assertFalse(response.contains("root:"), path);
            }
            // A path that climbs above the root is not even a valid request: a JSON 400, nothing read.
            for (String path : new String[] {"/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd"}) {
                String above = rawGet(s, path);
                assertTrue(above.startsWith("HTTP/1.1 400") && above.contains("\"error\":\"bad_request\""), above);
                assertFalse(above.contains("root:"), path);
            }
        }
    }

    /** A request line sent as written, which an HTTP client library would normalise. */
    private static String rawGet(EmotionServer s, String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", s.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void thePageIsSelfContainedHtml() throws Exception {
        try (EmotionServer s = serve()) {
            HttpResponse<String> r = get(s, "/");
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
            String html = r.body();
            assertTrue(html.contains("MediaRecorder") && html.contains("v1/predict") && html.contains("class=\"bars\""));
            for (String external : new String[] {"src=\"http", "href=\"http", "src=\"//", "href=\"//", "@import", "url(http"}) {
                assertFalse(html.contains(external), "the page loads nothing from elsewhere: " + external);
            }
            assertEquals(200, get(s, "/?audio=x").statusCode(), "the test hooks' query does not change the path");
        }
    }

    @Test
    void aFullQueueAnswers503AtOnceAndQueuedRequestsStillComplete() throws Exception {
        GatedEncoder gated = new GatedEncoder(encoder);
        EmotionPredictor slow = EmotionPredictor.of(model, gated, EmotionPredictor.Options.defaults());
        try (EmotionServer s = serve(slow, EmotionServer.Options.defaults().withWorkers(1, 1))) {
            byte[] wav = toneWav("high", 0.6);
            CompletableFuture<HttpResponse<String>> running = postAsync(s, wav);
            awaitTrue(() -> gated.entered.get() == 1);                                   // the worker holds it
            CompletableFuture<HttpResponse<String>> queued = postAsync(s, wav);
            awaitTrue(() -> JSON.readTree(get(s, "/healthz").body()).get("queued").asInt() == 1);
            long t0 = System.nanoTime();
            HttpResponse<String> refused = post(s, "/v1/predict", wav);
            assertError(refused, 503, "busy");
            assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "503 comes at once, not after a wait");
            gated.open.countDown();
            assertEquals(200, running.get(30, TimeUnit.SECONDS).statusCode());
            assertEquals(200, queued.get(30, TimeUnit.SECONDS).statusCode());
            JsonNode health = JSON.readTree(get(s, "/healthz").body());
            assertEquals(2, health.get("answered").asInt());
            assertEquals(1, health.get("rejected_busy").asInt());
        }
    }

    @Test
    void aRequestWithoutAnAnswerInTimeGets503AndTheServerCarriesOn() throws Exception {
        GatedEncoder gated = new GatedEncoder(encoder);
        EmotionPredictor slow = EmotionPredictor.of(model, gated, EmotionPredictor.Options.defaults());
        EmotionServer.Options options = EmotionServer.Options.defaults().withWorkers(1, 2)
                .withLimits(64L << 20, 300, Duration.ofMillis(300));
        try (EmotionServer s = serve(slow, options)) {
            byte[] wav = toneWav("high", 0.6);
            long t0 = System.nanoTime();
            HttpResponse<String> first = post(s, "/v1/predict", wav);                 // runs, blocked
            assertError(first, 503, "timeout");
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(300));
            HttpResponse<String> second = post(s, "/v1/predict", wav);                // queued behind it
            assertError(second, 503, "timeout");
            awaitTrue(() -> JSON.readTree(get(s, "/healthz").body()).get("queued").asInt() == 0); // its place is freed
            gated.open.countDown();
            assertEquals(200, post(s, "/v1/predict", wav).statusCode());
            assertEquals(2, JSON.readTree(get(s, "/healthz").body()).get("timed_out").asInt());
        }
    }

    @Test
    void portZeroPicksAFreeLoopbackPort() throws Exception {
        try (EmotionServer a = serve(); EmotionServer b = serve()) {
            assertTrue(a.port() > 0 && b.port() > 0 && a.port() != b.port());
            assertEquals(URI.create("http://127.0.0.1:" + a.port() + "/"), a.uri());
        }
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(EmotionServer s, byte[] body) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(s.uri().resolve("/v1/predict")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(Check c) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.ok()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not reached in 10 s");
            }
            Thread.sleep(10);
        }
    }

    private static double[] probabilities(JsonNode p) {
        double[] out = new double[p.size()];
        Iterator<JsonNode> it = p.elements();
        for (int i = 0; it.hasNext(); i++) {
            out[i] = it.next().asDouble();
        }
        return out;
    }

    /** An encoder that waits until the test opens the gate: makes "busy" deterministic. */
    static final class GatedEncoder implements SpeechEncoder {
        final SpeechEncoder inner;
        final CountDownLatch open = new CountDownLatch(1);
        final AtomicInteger entered = new AtomicInteger();

        GatedEncoder(SpeechEncoder inner) {
            this.inner = inner;
        }

        @Override
        public HiddenStates encode(Audio audio) throws EncoderException {
            entered.incrementAndGet();
            try {
                open.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EncoderException("interrupted");
            }
            return inner.encode(audio);
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
