package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyEmotionModel;
import picocli.CommandLine;

class ServeCommandTest {
    @Test
    void servesOnAFreeLoopbackPortItPrintsAndStopsWhenInterrupted(@TempDir Path dir) throws Exception {
        TinyEmotionModel tiny = TinyEmotionModel.create(dir, WhisperEncoder.Mode.FAST);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = LayerAnchorCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        AtomicInteger code = new AtomicInteger(-1);
        Thread serving = new Thread(() -> code.set(cl.execute("serve", "--model", tiny.model().toString(),
                "--encoder", tiny.encoder().toString(), "--port", "0", "--workers", "1", "--queue", "2",
                "--allow-host", "lab.example", "--read-timeout", "5", "--max-connections", "8")));
        serving.start();
        try {
            Matcher m = Pattern.compile("on (http://127\\.0\\.0\\.1:(\\d+)/)").matcher("");
            long end = System.nanoTime() + 20_000_000_000L;
            while (!m.reset(out.toString()).find()) {
                assertTrue(serving.isAlive(), "serve ended early: " + err);
                assertTrue(System.nanoTime() < end, "no address printed: " + out + err);
                Thread.sleep(20);
            }
            assertTrue(out.toString().contains("port " + m.group(2)), out.toString());
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI base = URI.create(m.group(1));
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            byte[] wav = TestWav.wav(TestWav.PCM, 16, 16_000, false, TestWav.tone(TinyEmotionModel.pitchOf("mid"), 16_000, 0.7, 0.3));
            HttpResponse<String> p = client.send(HttpRequest.newBuilder(base.resolve("/v1/predict"))
                    .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofByteArray(wav)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, p.statusCode(), p.body());
            assertTrue(p.body().contains("\"emotion\":\"mid\""), p.body());
            // --allow-host reaches the server; other names are still refused. (HttpClient will not send a
            // Host header of its own choosing, so this goes over a plain socket.)
            int port = Integer.parseInt(m.group(2));
            assertTrue(hostAnswer(port, "lab.example").startsWith("HTTP/1.1 200"));
            assertTrue(hostAnswer(port, "evil.example").startsWith("HTTP/1.1 403"));
            HttpResponse<String> model = client.send(HttpRequest.newBuilder(base.resolve("/v1/model")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(model.body().contains("\"read_timeout_s\" : 5.0") && model.body().contains("\"max_connections\" : 8"),
                    model.body());
        } finally {
            serving.interrupt();
            serving.join(10_000);
        }
        assertEquals(0, code.get(), err.toString());
        assertTrue(out.toString().contains("stopped"));
    }

    private static String hostAnswer(int port, String host) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** --adapt-on is checked before the service starts: a source-standardised model refuses it and nothing listens. */
    @Test
    void adaptOnIsRefusedBeforeServingForASourceStandardisedModel(@TempDir Path dir) throws Exception {
        TinyEmotionModel tiny = TinyEmotionModel.create(dir, WhisperEncoder.Mode.FAST);
        Path audio = Files.createDirectories(dir.resolve("domain"));
        for (int i = 0; i < 2; i++) {
            org.layeranchor.testing.TestWav.writeMono16(audio.resolve("t" + i + ".wav"), 16_000,
                    org.layeranchor.testing.TestWav.tone(300 + 200 * i, 16_000, 0.5, 0.2));
        }
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("serve", "--model", tiny.model().toString(), "--encoder",
                tiny.encoder().toString(), "--port", "0", "--adapt-on", audio.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("--adapt-on: this model standardises with source statistics"), r.err());
        assertTrue(!r.out().contains("serving"), r.out());
    }

    @Test
    void badLimitsAreUsageErrors(@TempDir Path dir) {
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("serve", "--model", dir.toString(), "--encoder", dir.toString(),
                "--workers", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("worker"), r.err());
        r = LayerAnchorCliTest.run("serve", "--model", dir.toString(), "--encoder", dir.toString(), "--cors", "evil.example");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("a CORS origin is scheme://host[:port]"), r.err());
        r = LayerAnchorCliTest.run("serve", "--model", dir.toString(), "--encoder", dir.toString(), "--max-buffered-mb", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("must hold at least one body at the limit"), r.err());
        r = LayerAnchorCliTest.run("serve", "--model", dir.toString(), "--encoder", dir.toString(), "--vad", "webrtc");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Invalid value for option '--vad': unknown voice-activity detector 'webrtc' (choose energy or silero)"), r.err());
    }
}
