package org.layeranchor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.serve.EmotionPredictor;
import org.layeranchor.serve.EmotionServer;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyEmotionModel;

class ServeSoakTest {
    @Test
    void aShortSoakGetsTheExpectedAnswerToEveryKindAndLeavesNoMemoryHeld(@TempDir Path dir) throws Exception {
        TinyEmotionModel tiny = TinyEmotionModel.create(dir, WhisperEncoder.Mode.FAST);
        byte[] wav = TestWav.wav(TestWav.PCM, 16, 16_000, false, TestWav.tone(TinyEmotionModel.pitchOf("low"), 16_000, 0.5, 0.3));
        try (EmotionPredictor p = EmotionPredictor.open(tiny.model(), tiny.encoder(), EmotionPredictor.Options.defaults());
             EmotionServer s = EmotionServer.start(p, EmotionServer.Options.defaults().withPort(0))) {
            // One client and a fixed seed: the same mix every run, every kind in it.
            ServeSoak.Result r = ServeSoak.run(new ServeSoak.Options(s.uri(), wav, Duration.ofSeconds(60), 250, 1, 7));
            assertEquals(250, r.sent(), r.toText());
            assertEquals(0, r.unexpectedCount(), r.toText());
            for (ServeSoak.Kind k : ServeSoak.Kind.values()) {
                assertTrue(r.statuses().get(k).getOrDefault(k.expected(), 0) > 0, k + " was sent: " + r.toText());
            }
            int abandoned = r.statuses().get(ServeSoak.Kind.ABANDONED_UPLOAD).get(ServeSoak.NO_ANSWER);
            assertEquals(250 - abandoned, r.answered());
            assertTrue(r.toText().contains("250 in") && r.toText().contains("0 unexpected"), r.toText());
            // Abandoned uploads give back the memory they reserved.
            HttpClient client = HttpClient.newHttpClient();
            long end = System.nanoTime() + 10_000_000_000L;
            long buffered;
            do {
                Thread.sleep(20);
                buffered = new ObjectMapper().readTree(client.send(HttpRequest.newBuilder(s.uri().resolve("/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).get("buffered_bytes").asLong();
            } while (buffered != 0 && System.nanoTime() < end);
            assertEquals(0, buffered);
        }
    }

    @Test
    void anAnswerOtherThanItsKindsExpectedOneIsUnexpected() {
        Map<ServeSoak.Kind, Map<Integer, Integer>> statuses = new EnumMap<>(ServeSoak.Kind.class);
        statuses.put(ServeSoak.Kind.PREDICT, new TreeMap<>(Map.of(200, 3, 503, 1)));
        statuses.put(ServeSoak.Kind.LONG_URL, new TreeMap<>(Map.of(414, 2, ServeSoak.NO_ANSWER, 1)));
        ServeSoak.Result r = new ServeSoak.Result(statuses, 1.0, List.of());
        assertEquals(7, r.sent());
        assertEquals(5, r.asExpected());
        assertEquals(2, r.unexpectedCount());
        assertEquals(6, r.answered());
    }

    @Test
    void onlyLoopbackAndBoundedRunsAreAccepted() {
        assertThrows(IllegalArgumentException.class, () -> ServeSoak.run(new ServeSoak.Options(
                URI.create("http://192.0.2.7:8080/"), new byte[1], Duration.ofSeconds(1), 1, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> new ServeSoak.Options(URI.create("http://127.0.0.1:1/"),
                new byte[1], Duration.ofHours(2), 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ServeSoak.Options(URI.create("http://127.0.0.1:1/"),
                new byte[1], Duration.ofSeconds(1), ServeSoak.MAX_REQUESTS + 1, 1, 1));
    }
}
