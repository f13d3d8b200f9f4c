package org.layeranchor.encoder.whisper;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.encoder.EncoderLocation;
import org.layeranchor.encoder.weights.NpyFolderWeights;
import org.layeranchor.encoder.weights.Tensor;
import org.layeranchor.encoder.weights.WeightSource;
import org.layeranchor.encoder.weights.WeightSources;
import org.layeranchor.hub.DownloadListener;
import org.layeranchor.hub.HubCheckpoints;
import org.layeranchor.hub.HubException;
import org.layeranchor.hub.HubSettings;
import org.layeranchor.hub.ModelLocator;
import org.layeranchor.testing.PerSpeakerTestModel;
import org.layeranchor.testing.SafetensorsFileWriter;
import org.layeranchor.testing.SharedData;
import org.layeranchor.training.EncoderIdentity;
import org.layeranchor.training.TrainedModel;

/**
 * Issue 28: the default model finds its encoder where neither {@code ../shared} nor the recorded path
 * exists, through the Hugging Face id its {@code encoder-location.json} records ({@code
 * openai/whisper-base}), in the standard cache, offline. The cache here is written by hand as {@code
 * huggingface_hub} leaves it, with a float32 safetensors checkpoint holding ../shared's fp16 values (what
 * the Hub's file holds if it was converted from OpenAI's fp16 release; not checked online, see
 * models/default/README.md). The model's identity check is what makes the unpinned id safe: any other
 * values are refused in one line ({@link HubWeightsIdentityTest}).
 */
class DefaultModelHubFallbackTest {
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void withoutTheSharedWeightsTheDefaultModelOpensTheHubsWhisperBaseFromTheCacheOffline(@TempDir Path tmp)
            throws Exception {
        Path defaultModel = PerSpeakerTestModel.defaultModel();
        EncoderLocation committed = EncoderLocation.read(defaultModel).orElseThrow();
        assertEquals(Optional.of("openai/whisper-base"), committed.hubModel(), "the committed record names the Hub id");

        // The model folder as it is on a machine without ../shared and without the recorded absolute path.
        Path elsewhere = Files.createDirectories(tmp.resolve("a/b/c/model"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode record = (ObjectNode) json.readTree(defaultModel.resolve(EncoderLocation.FILE).toFile());
        record.put("model_path", tmp.resolve("no-such-folder/whisper-base").toString());
        json.writeValue(elsewhere.resolve(EncoderLocation.FILE).toFile(), record);
        EncoderLocation moved = EncoderLocation.read(elsewhere).orElseThrow();
        assertFalse(Files.exists(moved.path()));
        assertFalse(moved.besideFolder().map(Files::exists).orElse(false), "no ../shared beside this copy");
        assertEquals("openai/whisper-base", moved.reference(), "the Hub id is what is left to open");

        Path cache = Files.createDirectories(tmp.resolve("hf-cache"));
        HubSettings offline = new HubSettings(cache, URI.create("http://127.0.0.1:9"), Optional.empty(), true);
        ModelLocator locator = new ModelLocator(() -> new HubCheckpoints(offline, DownloadListener.silent()));

        HubException notCached = assertThrows(HubException.class, () -> locator.locate(moved.reference()));
        assertTrue(notCached.getMessage().contains("openai/whisper-base"), notCached.getMessage());
        assertEquals(1, notCached.getMessage().lines().count(), notCached.getMessage());

        Path snapshot = cacheWhisperBase(cache);
        ModelLocator.Located located = locator.locate(moved.reference());
        assertEquals(snapshot.toRealPath(), located.path().toRealPath());
        assertEquals("openai/whisper-base@" + COMMIT, located.hubId().orElseThrow().toString(),
                "the commit the cache's main points at is what gets recorded");

        TrainedModel model = TrainedModel.load(defaultModel);
        try (WeightSource w = WeightSources.open(located.path())) {
            // The features the Hub's weights make, pooled as the model's were (the encoder knows no pooling).
            EncoderIdentity actual = EncoderIdentity.of(org.layeranchor.features.Pooling.of(model.description().encoder()
                    .properties()).describe(WhisperEncoder.describe(w, WhisperEncoder.Mode.FAITHFUL)).identityProperties());
            assertDoesNotThrow(() -> model.requireEncoder(actual));
        }
    }

    /** The cache layout {@code huggingface_hub} writes: blobs, a snapshot of links, refs/main. */
    private static Path cacheWhisperBase(Path cache) throws IOException {
        Path repo = cache.resolve("models--openai--whisper-base");
        Path snapshot = Files.createDirectories(repo.resolve("snapshots").resolve(COMMIT));
        Path blobs = Files.createDirectories(repo.resolve("blobs"));
        Files.createDirectories(repo.resolve("refs"));
        SafetensorsFileWriter checkpoint = new SafetensorsFileWriter();
        try (NpyFolderWeights npy = new NpyFolderWeights(SharedData.whisperBase())) {
            for (String name : new TreeSet<>(npy.names())) {
                Tensor t = npy.load(name);
                checkpoint.put("model.encoder." + name, t.data(), t.shape()); // the Hub's WhisperModel key names
            }
        }
        checkpoint.write(blobs.resolve("model-blob"));
        Files.createSymbolicLink(snapshot.resolve("model.safetensors"), Path.of("../../blobs/model-blob"));
        // The encoder's part of the Hub's config.json for openai/whisper-base.
        Files.writeString(blobs.resolve("config-blob"), """
                {"architectures": ["WhisperForConditionalGeneration"], "model_type": "whisper",
                 "d_model": 512, "encoder_layers": 6, "encoder_attention_heads": 8, "encoder_ffn_dim": 2048,
                 "num_mel_bins": 80, "max_source_positions": 1500, "activation_function": "gelu"}
                """);
        Files.createSymbolicLink(snapshot.resolve("config.json"), Path.of("../../blobs/config-blob"));
        Files.writeString(repo.resolve("refs/main"), COMMIT);
        return snapshot;
    }
}
