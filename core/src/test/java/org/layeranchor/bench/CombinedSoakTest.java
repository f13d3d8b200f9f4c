package org.layeranchor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
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

/**
 * The combined soak's harness, in seconds against the tiny model: its report is computed from the
 * answers it really got (the full soak against whisper-base is docs/soak-combined.txt).
 */
class CombinedSoakTest {
    @Test
    void aShortCombinedSoakReportsWhatTheServerAnswered(@TempDir Path dir) throws Exception {
        TinyEmotionModel tiny = TinyEmotionModel.create(dir, WhisperEncoder.Mode.FAST);
        List<byte[]> clips = List.of(
                TestWav.wav(TestWav.PCM, 16, 16_000, false, TestWav.tone(TinyEmotionModel.pitchOf("low"), 16_000, 0.5, 0.3)),
                TestWav.wav(TestWav.PCM, 16, 16_000, false, TestWav.tone(TinyEmotionModel.pitchOf("high"), 16_000, 0.5, 0.3)));
        try (EmotionPredictor p = EmotionPredictor.open(tiny.model(), tiny.encoder(), EmotionPredictor.Options.defaults());
             EmotionServer s = EmotionServer.start(p, EmotionServer.Options.defaults().withPort(0).withWorkers(1, 8));
             ServerMemory memory = ServerMemory.thisJvm()) {
            // 6 s: past the minimum data rate's 2-s grace, so trickling uploads are cut and reconnect.
            ServeSoak.Options mix = new ServeSoak.Options(s.uri(), clips, Duration.ofSeconds(6), 100_000, 2, 3);
            CombinedSoak.Result r = CombinedSoak.run(new CombinedSoak.Options(mix, 2, Duration.ofMillis(500),
                    InetAddress.getByName("127.0.0.2"), 1, 20, memory, Duration.ofSeconds(1)));
            String report = r.toText();

            // Valid predictions: the share and the latencies are those of the PREDICT answers.
            Map<Integer, Integer> predicted = r.mix().statuses().get(ServeSoak.Kind.PREDICT);
            int sent = predicted.values().stream().mapToInt(Integer::intValue).sum();
            assertTrue(sent > 0, report);
            assertEquals(sent, r.mix().predictions());
            assertEquals(predicted.getOrDefault(200, 0) / (double) sent, r.mix().predictionsOkShare(), 1e-12);
            assertEquals(predicted.getOrDefault(200, 0), r.mix().predictLatencies().count(), report);
            Latencies l = r.mix().predictLatencies();
            assertTrue(l.percentile(0.5) > 0 && l.percentile(0.5) <= l.percentile(0.99) && l.percentile(0.99) <= l.max(), report);
            assertTrue(r.validShareMet(), report);

            // Trickling uploads were cut by the server (408) and reconnected; none was ever answered 200.
            assertTrue(r.trickling().connections() >= 3, report);
            assertTrue(r.trickling().statuses().getOrDefault(408, 0) >= 2, report);
            assertFalse(r.trickling().statuses().containsKey(200), report);
            assertEquals(r.trickling().connections(),
                    r.trickling().statuses().values().stream().mapToInt(Integer::intValue).sum());

            // Silence files of both rates were decoded and answered (silence: nothing to predict).
            assertTrue(r.silence().statuses().containsKey("silence-16k.flac"), report);
            assertEquals(r.silence().sent(), r.silence().ok(), report); // unloaded and short: every one 200
            assertTrue(r.silenceNeverFailed(), report);
            assertEquals(r.silence().sent(), r.silence().latencies().count());

            // /healthz was probed about once a second and answered every time.
            assertTrue(r.health().probes() >= 4 && r.health().probes() <= 8, report);
            assertEquals(r.health().probes(), r.health().ok(), report);
            assertTrue(r.healthAnsweredThroughout(), report);

            // The heap was sampled about once a second, from this JVM, from one interval after the start.
            assertTrue(r.heap().samples().size() >= 3, report);
            assertTrue(r.heap().samples().get(0).seconds() >= 1, report);
            assertTrue(r.heap().samples().stream().allMatch(x -> x.bytes() > 0), report);
            assertTrue(r.heapAtEnd() > 0 && r.peakRss() != 0, report);
            assertTrue(report.contains("goals:") && report.contains("heap over time"), report);
        }
    }

    @Test
    void goalsFollowFromTheCounts() {
        Map<ServeSoak.Kind, Map<Integer, Integer>> statuses = new EnumMap<>(ServeSoak.Kind.class);
        statuses.put(ServeSoak.Kind.PREDICT, new TreeMap<>(Map.of(200, 7, 503, 3)));
        statuses.put(ServeSoak.Kind.LONG_URL, new TreeMap<>(Map.of(414, 2)));
        ServeSoak.Result mix = new ServeSoak.Result(statuses, 1.0, List.of(), Latencies.of(List.of(3.0, 1.0, 2.0)));
        assertEquals(0.7, mix.predictionsOkShare(), 1e-12);
        assertEquals(0, mix.unexpectedOtherThanPredictions());
        assertEquals(2.0, mix.predictLatencies().percentile(0.5));
        assertEquals(3.0, mix.predictLatencies().max());
        // The floor rising is growth; a large sample in between (a request in flight) is not.
        HeapSampler.Result growing = new HeapSampler.Result(List.of(new HeapSampler.Sample(0, 100), new HeapSampler.Sample(1, 105),
                new HeapSampler.Sample(2, 111)), null);
        HeapSampler.Result steady = new HeapSampler.Result(List.of(new HeapSampler.Sample(0, 100), new HeapSampler.Sample(1, 400),
                new HeapSampler.Sample(2, 250), new HeapSampler.Sample(3, 300), new HeapSampler.Sample(4, 500),
                new HeapSampler.Sample(5, 108)), null);
        assertFalse(growing.flat());
        assertTrue(steady.flat());
        assertEquals(100, steady.firstThirdFloor());
        assertEquals(108, steady.lastThirdFloor());
        assertEquals(250, steady.firstThirdMean());
        CombinedSoak.Result r = new CombinedSoak.Result(mix, new TricklingUploads.Result(0, Map.of(), 0),
                new SilenceUploads.Result(Map.of("s", Map.of(200, 1, 503, 1)), Latencies.of(List.of(1.0, 61.0))),
                new HealthProbe.Result(5, 5, Latencies.of(List.of(0.1)), 1.0), growing, 111, -1);
        assertEquals(2, r.failedGoals().size(), r.toText()); // 70 % < 80 %, the heap grew; a 503 (timeout) is no failure
        assertTrue(r.toText().contains("FAILED"), r.toText());
        // A silence file answered 500 (out of memory, as at -Xmx512m before) or not at all is.
        assertEquals(2, new SilenceUploads.Result(Map.of("a", Map.of(200, 3, 500, 1), "b", Map.of(RawExchange.NO_ANSWER, 1)),
                Latencies.of(List.of())).failed());
    }

    @Test
    void onlyLoopbackAndBoundedRunsAreAccepted() {
        ServeSoak.Options remote = new ServeSoak.Options(URI.create("http://192.0.2.7:8080/"), new byte[1],
                Duration.ofSeconds(1), 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> CombinedSoak.run(new CombinedSoak.Options(remote, 1,
                Duration.ofSeconds(1), null, 0, 299, null, Duration.ofSeconds(1))));
        ServeSoak.Options local = new ServeSoak.Options(URI.create("http://127.0.0.1:1/"), new byte[1],
                Duration.ofSeconds(1), 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> new CombinedSoak.Options(local, 65, Duration.ofSeconds(1), null,
                0, 299, null, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new CombinedSoak.Options(local, 1, Duration.ZERO, null,
                0, 299, null, Duration.ofSeconds(1)));
    }
}
