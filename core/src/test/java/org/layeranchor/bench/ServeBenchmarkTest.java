package org.layeranchor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.cli.LayerAnchorCli;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.serve.EmotionPredictor;
import org.layeranchor.serve.EmotionServer;
import org.layeranchor.testing.TinyEmotionModel;
import picocli.CommandLine;

class ServeBenchmarkTest {
    @TempDir
    static Path dir;
    static TinyEmotionModel tiny;

    @BeforeAll
    static void tinyModel() throws Exception {
        tiny = TinyEmotionModel.create(dir, WhisperEncoder.Mode.FAST);
    }

    private static CommandLine quietCommandLine(StringWriter out, StringWriter err) {
        CommandLine cl = LayerAnchorCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl;
    }

    @Test
    void theCommandSendsExactlyTheRequestsAskedForAndReportsThem() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = quietCommandLine(out, err).execute("bench", "serve", "--model", tiny.model().toString(), "--encoder",
                tiny.encoder().toString(), "-n", "6", "-c", "2", "--warmup", "1", "--clip-seconds", "0.5");
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("6 sent by 2 clients, 6 ok, 0 failed"), out.toString());
        assertTrue(out.toString().matches("(?s).*latency:    p50 \\d+ ms, p99 \\d+ ms.*"), out.toString());
        assertTrue(out.toString().contains("failures:   none"), out.toString());
    }

    @Test
    void answersOtherThan200AreCountedByStatus() throws Exception {
        try (EmotionPredictor p = EmotionPredictor.open(tiny.model(), tiny.encoder(), EmotionPredictor.Options.defaults());
             EmotionServer s = EmotionServer.start(p, EmotionServer.Options.defaults().withPort(0)
                     .withLimits(100, 300, Duration.ofSeconds(30)))) {
            ServeBenchmark.Result r = ServeBenchmark.run(new ServeBenchmark.Options(s.uri(), new byte[1000], 5, 2, 0,
                    Duration.ofSeconds(30), Duration.ofSeconds(30)));
            assertEquals(5, r.sent());
            assertEquals(0, r.ok());
            assertEquals(Map.of(413, 5), r.failuresByStatus());
            assertTrue(r.toText().contains("failures:   HTTP 413: 5"), r.toText());
        }
    }

    @Test
    void onlyLoopbackTargetsAreAccepted() {
        assertThrows(IllegalArgumentException.class, () -> ServeBenchmark.requireLoopback(URI.create("http://192.0.2.7:8080/")));
        assertThrows(IllegalArgumentException.class, () -> ServeBenchmark.requireLoopback(URI.create("https://127.0.0.1/")));
        StringWriter err = new StringWriter();
        assertEquals(2, quietCommandLine(new StringWriter(), err).execute("bench", "serve", "--url",
                "http://192.0.2.7:8080/"));
        assertTrue(err.toString().contains("not a loopback address"), err.toString());
    }

    @Test
    void percentilesAreNearestRank() {
        List<Double> ms = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            ms.add((double) i);
        }
        ServeBenchmark.Result r = new ServeBenchmark.Result(200, 200, Map.of(), 0, 10, ms, 4);
        assertEquals(100.0, r.percentileMs(0.5));
        assertEquals(198.0, r.percentileMs(0.99));
        assertEquals(200.0, r.percentileMs(1.0));
        assertEquals(20.0, r.requestsPerSecond());
    }
}
