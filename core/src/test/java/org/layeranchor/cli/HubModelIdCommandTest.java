package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.encoder.EncoderLocation;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.hub.DownloadListener;
import org.layeranchor.hub.HubCheckpoints;
import org.layeranchor.hub.HubModelId;
import org.layeranchor.hub.HubSettings;
import org.layeranchor.testing.LoopbackHub;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyCorpus;
import org.layeranchor.testing.TinyEmotionModel;
import org.layeranchor.testing.TinyWhisper;

/**
 * Commands given a Hugging Face model id, end to end in a separate process (the Hub settings come
 * from environment variables, which only a new process can be given): downloaded from a loopback
 * Hub, then used offline from the cache it filled.
 */
@Timeout(120)
class HubModelIdCommandTest {
    static final String COMMIT = "fedcba9876543210fedcba9876543210fedcba98";

    record Run(int code, String out, String err) {
    }

    @Test
    void modelInfoAndExtractTakeAHubIdOnlineThenOffline(@TempDir Path tmp) throws Exception {
        Path cache = tmp.resolve("hf-cache");
        try (LoopbackHub hub = new LoopbackHub()) {
            TinyWhisper.write(tmp.resolve("published"), 3);
            hub.publish("org/tiny", "main", COMMIT, tmp.resolve("published"));
            Map<String, String> online = Map.of("HF_ENDPOINT", hub.endpoint().toString(), "HF_HUB_CACHE", cache.toString());

            Run info = run(online, "model", "info", "--model", "org/tiny");
            assertEquals(0, info.code(), info.err());
            Path snapshot = cache.resolve("models--org--tiny/snapshots").resolve(COMMIT);
            assertTrue(info.out().contains("model:       org/tiny@" + COMMIT + " (" + snapshot + ")"), info.out());
            assertTrue(info.out().contains("dim:         128"), info.out());
            assertTrue(info.err().contains("download org/tiny/model.safetensors:"), info.err());

            int asked = hub.requests().size();
            Map<String, String> offline = Map.of("HF_ENDPOINT", hub.endpoint().toString(), "HF_HUB_CACHE", cache.toString(),
                    "HF_HUB_OFFLINE", "1");
            // Offline from the cache just filled; the store records the Hub id pinned to its commit, for a
            // machine where the cache path differs.
            Path corpus = TinyCorpus.in(tmp, "tiny").utterance("a.wav", "s1", "f", "neutral", 0.5).write();
            Path store = tmp.resolve("store");
            Run extract = run(offline, "extract", "--model", "org/tiny@main", "--corpus", corpus.toString(),
                    "--store", store.toString(), "--threads", "1");
            assertEquals(0, extract.code(), extract.err());
            EncoderLocation recorded = EncoderLocation.read(encoderDir(store)).orElseThrow();
            assertEquals(snapshot, recorded.path());
            assertEquals("org/tiny@" + COMMIT, recorded.hubModel().orElseThrow());
            assertEquals(asked, hub.requests().size(), "offline runs asked the Hub nothing");

            Run missing = run(offline, "model", "info", "--model", "org/absent");
            assertEquals(1, missing.code(), missing.out());
            List<String> lines = missing.err().lines().toList();
            assertEquals(1, lines.size(), missing.err());
            assertTrue(lines.get(0).startsWith("error: no local file or folder 'org/absent'; as a Hugging Face model id: "
                    + "org/absent is not in the Hugging Face cache (" + cache.resolve("models--org--absent")), lines.get(0));
            assertTrue(lines.get(0).contains("HF_HUB_OFFLINE"), lines.get(0));
        }
    }

    @Test
    void predictFindsTheRecordedHubEncoderInTheCacheWhereTheRecordedPathIsGone(@TempDir Path tmp) throws Exception {
        TinyEmotionModel tiny = TinyEmotionModel.create(tmp.resolve("trained"), WhisperEncoder.Mode.FAITHFUL);
        Path cache = tmp.resolve("hf-cache");
        try (LoopbackHub hub = new LoopbackHub()) {
            hub.publish("org/tiny-emotion-encoder", "main", COMMIT, tiny.encoder());
            // As if a colleague had run 'extract --model org/tiny-emotion-encoder' on this machine earlier.
            new HubCheckpoints(new HubSettings(cache, hub.endpoint(), Optional.empty(), false), DownloadListener.silent())
                    .resolve(HubModelId.parse("org/tiny-emotion-encoder").orElseThrow());
        }
        new EncoderLocation(Path.of("/nonexistent/machine-a/snapshot"),
                Optional.of("org/tiny-emotion-encoder@" + COMMIT)).writeTo(tiny.model());
        Path wav = TestWav.writeMono16(tmp.resolve("a.wav"), 16_000, TestWav.tone(300, 16_000, 0.7, 0.3));

        Run predict = run(Map.of("HF_HUB_CACHE", cache.toString(), "HF_HUB_OFFLINE", "1"),
                "predict", "--model", tiny.model().toString(), "--format", "csv", wav.toString());
        assertEquals(0, predict.code(), predict.err());
        assertTrue(predict.out().contains("a.wav"), predict.out());
    }

    private static Path encoderDir(Path store) throws IOException {
        try (Stream<Path> s = Files.list(store)) {
            return s.filter(p -> Files.isRegularFile(p.resolve(EncoderLocation.FILE))).findFirst().orElseThrow();
        }
    }

    private static Run run(Map<String, String> env, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                LayerAnchorCli.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("hub-cli", ".out");
        Path err = Files.createTempFile("hub-cli", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            for (String inherited : List.of("HF_TOKEN", "HF_HOME", "HF_HUB_OFFLINE", "HF_ENDPOINT", "HF_HUB_CACHE")) {
                pb.environment().remove(inherited); // the test decides every Hub setting
            }
            pb.environment().putAll(env);
            int code = pb.start().waitFor();
            return new Run(code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
