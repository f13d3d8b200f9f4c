package org.layeranchor.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.encoder.Encoders;
import org.layeranchor.encoder.SpeechEncoder;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.io.SocketAnswers;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyEmotionModel;
import org.layeranchor.training.TrainedModel;

/**
 * Issue 25, row 1: four connections declared 64-MiB bodies (or chunked ones) and sent a byte every
 * few seconds; the server reserved the declared size, so the upload memory was full and 30 of 30
 * real predictions were answered 503 for a minute. Uploads now hold what has arrived, must keep a
 * minimum data rate, and are capped per client address. Loopback only; each test bounded in time.
 */
class TricklingUploadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DECLARED = 64 << 20;

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

    private static EmotionServer serve(EmotionServer.Options o) throws Exception {
        return EmotionServer.start(EmotionPredictor.of(model, encoder, EmotionPredictor.Options.defaults()), o.withPort(0));
    }

    @Test
    void fourTricklingUploadsOf64MiBLeaveRealPredictionsAnswered() throws Exception {
        try (EmotionServer s = serve(EmotionServer.Options.defaults())) {
            AtomicBoolean stop = new AtomicBoolean();
            Map<Integer, AtomicInteger> attackerAnswers = new ConcurrentHashMap<>();
            AtomicLong mostBuffered = new AtomicLong();
            List<Thread> attackers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                boolean chunked = i % 2 == 1;
                Thread t = new Thread(() -> trickleUntilStopped(s.port(), chunked, stop, attackerAnswers));
                t.setDaemon(true);
                attackers.add(t);
                t.start();
            }
            Thread.sleep(500); // the four are connected and trickling
            int sent = 0;
            int ok = 0;
            List<Integer> others = new ArrayList<>();
            long end = System.nanoTime() + 8_000_000_000L;
            while (sent < 10 || System.nanoTime() < end) {
                RawHttp.Answer a = RawHttp.exchange(s.port(), post(wav), 20_000);
                sent++;
                if (a.status() == 200) {
                    ok++;
                } else {
                    others.add(a.status());
                }
                mostBuffered.accumulateAndGet(health(s).get("buffered_bytes").asLong(), Math::max);
            }
            stop.set(true);
            for (Thread t : attackers) {
                t.join(10_000);
            }
            System.out.printf("trickling uploads: %d of %d predictions answered 200; attackers' answers %s; at most %d "
                    + "bytes buffered%n", ok, sent, attackerAnswers, mostBuffered.get());
            assertTrue(ok >= 0.8 * sent, ok + " of " + sent + " predictions answered 200 (others: " + others + ")");
            // Four uploads that declared 64 MiB hold their first 64-KiB arrays, not 256 MiB.
            assertTrue(mostBuffered.get() <= 4L * BodyReader.FIRST_BUFFER_BYTES + 2L * wav.length,
                    "at most " + mostBuffered.get() + " bytes buffered");
            // Each attacker was cut for its rate (a 2-s grace at 16 KiB/s) and came back, as in the issue.
            int cut = attackerAnswers.getOrDefault(408, new AtomicInteger()).get();
            assertTrue(cut >= 4, "trickling uploads cut with 408: " + attackerAnswers);
            assertTrue(attackerAnswers.keySet().stream().allMatch(status -> status == 408 || status == -1),
                    "the attackers got 408 or a closed connection, nothing else: " + attackerAnswers);
            assertTrue(health(s).get("slow_uploads_closed").asInt() >= 4);
            awaitIdle(s);
        }
    }

    /**
     * Declares a 64-MiB body (or sends a chunked one), then a byte every 300 ms; when the server
     * answers or closes, counts the answer and reconnects at once, as the attacker of the issue did.
     */
    private static void trickleUntilStopped(int port, boolean chunked, AtomicBoolean stop,
                                            Map<Integer, AtomicInteger> answers) {
        String head = "POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + DECLARED + "\r\n") + "\r\n";
        byte[] oneByte = (chunked ? "1\r\nR\r\n" : "R").getBytes(StandardCharsets.ISO_8859_1);
        while (!stop.get()) {
            try (Socket k = new Socket("127.0.0.1", port)) {
                k.setSoTimeout(300);
                OutputStream out = k.getOutputStream();
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = k.getInputStream();
                byte[] answer = null;
                while (!stop.get() && answer == null) {
                    try {
                        answer = SocketAnswers.readUntilClosed(in); // waits 300 ms for an answer: the trickle's pace
                    } catch (SocketTimeoutException quiet) {
                        out.write(oneByte);
                        out.flush();
                    }
                }
                if (answer != null) {
                    answers.computeIfAbsent(RawHttp.parse(answer).status(), x -> new AtomicInteger()).incrementAndGet();
                }
            } catch (IOException closed) {
                answers.computeIfAbsent(-1, x -> new AtomicInteger()).incrementAndGet();
            }
        }
    }

    @Test
    void oneClientAddressHasAtMostItsCapOfUploadsInProgress() throws Exception {
        // No rate needed here: the held uploads must stay in progress for the whole test.
        EmotionServer.Options o = EmotionServer.Options.defaults().withUploadPolicy(0, 2);
        try (EmotionServer s = serve(o)) {
            InetAddress other = InetAddress.getByName("127.0.0.2"); // a second client on loopback
            List<Socket> holding = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Socket k = new Socket();
                k.bind(new InetSocketAddress(other, 0));
                k.connect(new InetSocketAddress("127.0.0.1", s.port()));
                k.getOutputStream().write(("POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n"
                        + "RIFF").getBytes(StandardCharsets.ISO_8859_1));
                k.getOutputStream().flush();
                holding.add(k);
            }
            awaitUploads(s, 2);
            RawHttp.Answer third = fromAddress(other, s.port(), post(wav));
            assertEquals(503, third.status(), third.raw());
            JsonNode j = JSON.readTree(third.body());
            assertEquals("too_many_uploads", j.get("error").asText());
            assertTrue(j.get("message").asText().contains("127.0.0.2") && j.get("message").asText().contains("2 uploads"),
                    j.toString());
            assertEquals("1", third.header("Retry-After"));
            // Another address is not held back by it.
            assertEquals(200, RawHttp.exchange(s.port(), post(wav), 20_000).status());
            for (Socket k : holding) {
                k.close();
            }
            awaitIdle(s); // closed uploads give their places back
            assertEquals(200, fromAddress(other, s.port(), post(wav)).status());
        }
    }

    @Test
    void aDeclaredBodyReservesOnlyWhatHasArrived() throws Exception {
        try (EmotionServer s = serve(EmotionServer.Options.defaults());
             Socket k = new Socket("127.0.0.1", s.port())) {
            k.getOutputStream().write(("POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + DECLARED
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            k.getOutputStream().write(new byte[300_000]); // the array grows from 64 KiB by doubling
            k.getOutputStream().flush();
            long end = System.nanoTime() + 10_000_000_000L;
            long buffered;
            while ((buffered = health(s).get("buffered_bytes").asLong()) < 300_000) {
                assertTrue(System.nanoTime() < end, "buffered " + buffered + " bytes, expected at least 300,000");
                Thread.sleep(20);
            }
            Thread.sleep(200);
            buffered = health(s).get("buffered_bytes").asLong();
            assertTrue(buffered <= 2 * 300_000, "the array at most doubles past what arrived: " + buffered);
            assertFalse(buffered >= DECLARED);
        }
    }

    @Test
    void theMinimumRateAllowsItsGraceAndThenNeedsTheAverage() {
        MinimumDataRate rate = MinimumDataRate.of(16 * 1024);
        assertFalse(rate.tooSlow(0, 1_900_000_000L), "within the 2-s grace anything goes");
        assertTrue(rate.tooSlow(1, 2_100_000_000L), "a byte in 2.1 s");
        assertFalse(rate.tooSlow(16 * 1024 * 3, 3_000_000_000L), "exactly the rate");
        assertTrue(rate.tooSlow(16 * 1024 * 3 - 1, 3_000_000_000L), "just under it");
        assertFalse(MinimumDataRate.of(0).tooSlow(0, Long.MAX_VALUE), "0 = no minimum");
    }

    private static RawHttp.Answer fromAddress(InetAddress local, int port, byte[] request) throws IOException {
        try (Socket k = new Socket()) {
            k.bind(new InetSocketAddress(local, 0));
            k.connect(new InetSocketAddress("127.0.0.1", port));
            k.setSoTimeout(20_000);
            k.getOutputStream().write(request);
            k.getOutputStream().flush();
            return RawHttp.parse(SocketAnswers.readUntilClosed(k.getInputStream()));
        }
    }

    private static byte[] post(byte[] body) {
        byte[] head = ("POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    private static JsonNode health(EmotionServer s) throws IOException {
        return JSON.readTree(RawHttp.exchange(s.port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .body());
    }

    private static void awaitUploads(EmotionServer s, int uploads) throws Exception {
        long end = System.nanoTime() + 10_000_000_000L;
        int now;
        while ((now = health(s).get("uploads_in_progress").asInt()) != uploads) {
            assertTrue(System.nanoTime() < end, now + " uploads in progress, expected " + uploads);
            Thread.sleep(20);
        }
    }

    /** No upload in progress and no body memory held. */
    private static void awaitIdle(EmotionServer s) throws Exception {
        awaitUploads(s, 0);
        long end = System.nanoTime() + 10_000_000_000L;
        while (health(s).get("buffered_bytes").asLong() != 0) {
            assertTrue(System.nanoTime() < end, "body memory still held");
            Thread.sleep(20);
        }
    }
}
