package org.layeranchor.encoder.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.io.Npy;
import org.layeranchor.io.NpyArray;
import org.layeranchor.testing.SharedData;

class NpyFolderWeightsTest {
    @TempDir
    Path dir;

    /** Every tensor of the Whisper base encoder, from the table in shared/README.md. */
    private static Set<String> whisperBaseNames() {
        Set<String> names = new TreeSet<>(Set.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
                "embed_positions.weight", "layer_norm.weight", "layer_norm.bias"));
        for (int i = 0; i < 6; i++) {
            String l = "layers." + i + ".";
            for (String p : new String[]{"q", "k", "v", "out"}) {
                names.add(l + "self_attn." + p + "_proj.weight");
                if (!p.equals("k")) {
                    names.add(l + "self_attn." + p + "_proj.bias");
                }
            }
            for (String ln : new String[]{"self_attn_layer_norm", "final_layer_norm"}) {
                names.add(l + ln + ".weight");
                names.add(l + ln + ".bias");
            }
            for (String fc : new String[]{"fc1", "fc2"}) {
                names.add(l + fc + ".weight");
                names.add(l + fc + ".bias");
            }
        }
        return names;
    }

    @Test
    void listsEveryWhisperBaseTensorUnderItsCanonicalName() throws IOException {
        NpyFolderWeights w = new NpyFolderWeights(SharedData.whisperBase());
        assertEquals(97, whisperBaseNames().size());
        assertEquals(whisperBaseNames(), w.names());
    }

    @Test
    void loadsWhisperBaseTensorsWithTheirShapesAndValues() throws IOException {
        Path folder = SharedData.whisperBase();
        NpyFolderWeights w = new NpyFolderWeights(folder);
        Tensor conv1 = w.load("conv1.weight", 512, 80, 3);
        assertEquals("conv1.weight", conv1.name());
        NpyArray direct = Npy.read(folder.resolve("conv1_weight_fp16.npy"));
        assertArrayEquals(direct.data(), conv1.data());

        assertArrayEquals(new long[]{512, 512}, w.load("layers.3.self_attn.q_proj.weight", 512, 512).shape());
        assertArrayEquals(new long[]{512}, w.load("layers.5.self_attn_layer_norm.bias", 512).shape());
        assertArrayEquals(new long[]{2048, 512}, w.load("layers.0.fc1.weight", 2048, 512).shape());
        assertArrayEquals(new long[]{1500, 512}, w.load("embed_positions.weight", 1500, 512).shape());
        assertArrayEquals(new long[]{512}, w.load("layer_norm.weight", 512).shape());
        // Every listed name loads, so names() and load() agree on the file mapping.
        for (String name : w.names()) {
            w.load(name);
        }
    }

    @Test
    void wrongShapeNamesTheFileAndBothShapes() {
        NpyFolderWeights w = assertDoesOpen(SharedData.whisperBase());
        IOException e = assertThrows(IOException.class, () -> w.load("layers.0.fc1.weight", 512, 2048));
        String m = e.getMessage();
        assertTrue(m.contains("layers_0_fc1_weight_fp16.npy"), m);
        assertTrue(m.contains("has shape [2048, 512], expected [512, 2048]"), m);
    }

    @Test
    void missingTensorNamesTheFileItLookedForAndTheExpectedShape() {
        NpyFolderWeights w = assertDoesOpen(SharedData.whisperBase());
        IOException e = assertThrows(IOException.class, () -> w.load("layers.6.fc1.weight", 2048, 512));
        String m = e.getMessage();
        assertTrue(m.contains(SharedData.whisperBase().resolve("layers_6_fc1_weight_fp16.npy").toString()), m);
        assertTrue(m.contains("[2048, 512]"), m);
    }

    @Test
    void acceptsFilesWithoutTheFp16Suffix() throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve("layers_2_self_attn_out_proj_bias.npy"))) {
            Npy.writeFloat32(out, new float[]{1.5f, -2f}, 2);
        }
        NpyFolderWeights w = new NpyFolderWeights(dir);
        assertEquals(Set.of("layers.2.self_attn.out_proj.bias"), w.names());
        assertArrayEquals(new float[]{1.5f, -2f}, w.load("layers.2.self_attn.out_proj.bias", 2).data());
    }

    @Test
    void fileNamesMapBackToCanonicalNamesThroughKnownModuleNames() {
        assertEquals("layers.0.self_attn.q_proj.weight", NpyFolderWeights.canonicalNameOf("layers_0_self_attn_q_proj_weight"));
        assertEquals("layers.11.self_attn_layer_norm.bias", NpyFolderWeights.canonicalNameOf("layers_11_self_attn_layer_norm_bias"));
        assertEquals("layers.1.final_layer_norm.weight", NpyFolderWeights.canonicalNameOf("layers_1_final_layer_norm_weight"));
        assertEquals("layer_norm.weight", NpyFolderWeights.canonicalNameOf("layer_norm_weight"));
        assertEquals("embed_positions.weight", NpyFolderWeights.canonicalNameOf("embed_positions_weight"));
        assertEquals("conv1.bias", NpyFolderWeights.canonicalNameOf("conv1_bias"));
        assertEquals("decoder.layers.0.encoder_attn_layer_norm.weight",
                NpyFolderWeights.canonicalNameOf("decoder_layers_0_encoder_attn_layer_norm_weight"));
    }

    @Test
    void readsConfigJsonWhenPresent() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"d_model\": 512}");
        assertEquals(512, new NpyFolderWeights(dir).config().get("d_model"));
        assertEquals(Map.of(), new NpyFolderWeights(SharedData.whisperBase()).config());
    }

    private static NpyFolderWeights assertDoesOpen(Path folder) {
        try {
            return new NpyFolderWeights(folder);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
