package org.layeranchor.encoder.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.testing.SharedData;

class WeightSourcesTest {
    @TempDir
    Path dir;

    @Test
    void npyFolderOpensAsNpyFolderWeights() throws IOException {
        try (WeightSource w = WeightSources.open(SharedData.whisperBase())) {
            assertInstanceOf(NpyFolderWeights.class, w);
            assertEquals(97, w.names().size());
        }
    }

    @Test
    void checkpointFolderOrFileOpensAsSafetensorsWeights() throws IOException {
        byte[] file = SafetensorsWeightsTest.safetensors(null,
                SafetensorsWeightsTest.Stored.f32("model.encoder.conv1.bias", new long[]{1}, 2f));
        Files.write(dir.resolve("model.safetensors"), file);
        try (WeightSource w = WeightSources.open(dir)) {
            assertInstanceOf(SafetensorsWeights.class, w);
            assertEquals(2f, w.load("conv1.bias", 1).data()[0]);
        }
        try (WeightSource w = WeightSources.open(dir.resolve("model.safetensors"))) {
            assertInstanceOf(SafetensorsWeights.class, w);
        }
    }

    @Test
    void shardIndexAloneSelectsSafetensors() throws IOException {
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"weight_map\": {\"a\": \"missing.safetensors\"}}");
        // The index was recognised: the error is about its missing shard, not about an unknown folder.
        IOException e = assertThrows(IOException.class, () -> WeightSources.open(dir));
        assertTrue(e.getMessage().contains("missing.safetensors"), e.getMessage());
    }

    @Test
    void folderWithNothingUsableListsWhatWasLookedFor() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "not weights");
        IOException e = assertThrows(IOException.class, () -> WeightSources.open(dir));
        String m = e.getMessage();
        assertTrue(m.contains(dir.toString()), m);
        assertTrue(m.contains("model.safetensors") && m.contains("model.safetensors.index.json")
                && m.contains("_fp16.npy"), m);
    }

    @Test
    void missingPathIsReported() {
        IOException e = assertThrows(IOException.class, () -> WeightSources.open(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }
}
