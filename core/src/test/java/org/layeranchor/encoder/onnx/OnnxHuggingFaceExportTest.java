package org.layeranchor.encoder.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.audio.Audio;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.io.Npy;
import org.layeranchor.io.NpyArray;

/**
 * Real exporter output: tiny randomly initialised WavLM and XLS-R-layout models from Hugging Face
 * transformers, exported with {@code torch.onnx.export} as docs/ONNX_EXPORT.md says, with the hidden
 * states transformers computed for the same waveform (see export_hf_fixtures.py beside the files).
 */
class OnnxHuggingFaceExportTest {
    /** max |a − b| / (1 + |b|): float32 round-off between PyTorch and ONNX Runtime is ~1e-6 here. */
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(OnnxHuggingFaceExportTest.class.getResource(name).toURI());
    }

    private static HiddenStates encodeFixtureInput(Path model) throws Exception {
        float[] x = Npy.read(resource("hf-input.npy")).data();
        try (OnnxLayerTapEncoder encoder = OnnxLayerTapEncoder.open(model)) {
            return encoder.encode(new Audio(x, Audio.TARGET_RATE, "hf-input.npy"));
        }
    }

    private static void assertMatchesTransformers(String referenceFile, HiddenStates actual) throws Exception {
        NpyArray ref = Npy.read(resource(referenceFile));
        int layers = (int) ref.shape()[0];
        int frames = (int) ref.shape()[1];
        int dim = (int) ref.shape()[2];
        assertEquals(layers, actual.layerCount(), "layers");
        assertEquals(frames, actual.frameCount(), "frames");
        assertEquals(dim, actual.dim(), "dim");
        for (int l = 0; l < layers; l++) {
            double worst = 0;
            for (int f = 0; f < frames; f++) {
                for (int d = 0; d < dim; d++) {
                    float b = ref.data()[(l * frames + f) * dim + d];
                    worst = Math.max(worst, Math.abs(actual.layers()[l][f][d] - b) / (1 + Math.abs(b)));
                }
            }
            assertTrue(worst < TOLERANCE, "layer " + l + " differs from transformers by " + worst);
        }
    }

    @Test
    void wavLmExportIsTappedByItsBlockNamesAndMatchesTransformers() throws Exception {
        Path model = resource("hf-wavlm-tiny-opset17.onnx");
        try (OnnxLayerTapEncoder encoder = OnnxLayerTapEncoder.open(model)) {
            assertEquals(DiscoveredLayers.Rule.NAMED_BLOCKS, encoder.layers().rule());
            assertEquals(List.of(
                    "/m/encoder/layer_norm/LayerNormalization_output_0",
                    "/m/encoder/layers.0/final_layer_norm/LayerNormalization_output_0",
                    "/m/encoder/layers.1/final_layer_norm/LayerNormalization_output_0",
                    "last_hidden_state"), encoder.layers().tensors());
        }
        assertMatchesTransformers("hf-wavlm-tiny-opset17-hidden-states.npy", encodeFixtureInput(model));
    }

    @Test
    void preLayerNormExportEndsAtTheFinalEncoderLayerNorm() throws Exception {
        Path model = resource("hf-xlsr-tiny-opset14.onnx");
        try (OnnxLayerTapEncoder encoder = OnnxLayerTapEncoder.open(model)) {
            assertEquals(DiscoveredLayers.Rule.NAMED_BLOCKS, encoder.layers().rule());
            assertTrue(encoder.layers().detail().contains("final LayerNorm"), encoder.layers().detail());
            assertEquals(List.of(
                    "/m/encoder/Add_output_0",
                    "/m/encoder/layers.0/Add_1_output_0",
                    "/m/encoder/layers.1/Add_1_output_0",
                    "last_hidden_state"), encoder.layers().tensors());
        }
        assertMatchesTransformers("hf-xlsr-tiny-opset14-hidden-states.npy", encodeFixtureInput(model));
    }

    @Test
    void withoutNodeNamesTheResidualChainFindsTheSameLayers() throws Exception {
        for (String name : List.of("hf-wavlm-tiny-opset17", "hf-xlsr-tiny-opset14")) {
            Path anonymous = dir.resolve(name + "-anonymous.onnx");
            Files.write(anonymous, withoutScopeNames(ModelProto.parseFrom(Files.readAllBytes(resource(name + ".onnx"))))
                    .toByteArray());
            try (OnnxLayerTapEncoder encoder = OnnxLayerTapEncoder.open(anonymous)) {
                assertEquals(DiscoveredLayers.Rule.RESIDUAL_CHAIN, encoder.layers().rule(), name);
            }
            assertMatchesTransformers(name + "-hidden-states.npy", encodeFixtureInput(anonymous));
        }
    }

    @Test
    void weightsInAnExternalDataFileBesideTheModelAreFound() throws Exception {
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(resource("hf-wavlm-tiny-opset17.onnx")));
        Path folder = Files.createDirectories(dir.resolve("external"));
        Files.write(folder.resolve("model.onnx"), withExternalData(model, folder.resolve("model.onnx_data")).toByteArray());
        assertMatchesTransformers("hf-wavlm-tiny-opset17-hidden-states.npy", encodeFixtureInput(folder.resolve("model.onnx")));

        // The identity covers the external weights: changing one byte there changes it.
        String before;
        try (OnnxLayerTapEncoder encoder = OnnxLayerTapEncoder.open(folder.resolve("model.onnx"))) {
            before = encoder.info().identity();
        }
        byte[] data = Files.readAllBytes(folder.resolve("model.onnx_data"));
        data[data.length - 1] ^= 1;
        Files.write(folder.resolve("model.onnx_data"), data);
        try (OnnxLayerTapEncoder encoder = OnnxLayerTapEncoder.open(folder.resolve("model.onnx"))) {
            assertTrue(!before.equals(encoder.info().identity()), "identity ignores external data");
        }
    }

    /** Moves every initializer's raw bytes into one external data file, as onnx.save_model does for large models. */
    private static ModelProto withExternalData(ModelProto model, Path dataFile) throws IOException {
        GraphProto.Builder g = model.getGraph().toBuilder();
        try (OutputStream out = Files.newOutputStream(dataFile)) {
            long offset = 0;
            for (int i = 0; i < g.getInitializerCount(); i++) {
                TensorProto t = g.getInitializer(i);
                if (t.getRawData().isEmpty()) {
                    continue;
                }
                byte[] raw = t.getRawData().toByteArray();
                out.write(raw);
                g.setInitializer(i, t.toBuilder().clearRawData()
                        .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                        .addExternalData(entry("location", dataFile.getFileName().toString()))
                        .addExternalData(entry("offset", Long.toString(offset)))
                        .addExternalData(entry("length", Integer.toString(raw.length))));
                offset += raw.length;
            }
        }
        return model.toBuilder().setGraph(g).build();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    /** Clears node names and renames every tensor whose name carries a module scope. */
    private static ModelProto withoutScopeNames(ModelProto model) {
        GraphProto.Builder g = model.getGraph().toBuilder();
        Map<String, String> renamed = new HashMap<>();
        for (NodeProto n : g.getNodeList()) {
            for (String out : n.getOutputList()) {
                if (out.startsWith("/")) {
                    renamed.put(out, "t" + renamed.size());
                }
            }
        }
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto.Builder n = g.getNode(i).toBuilder().setName("");
            for (int k = 0; k < n.getInputCount(); k++) {
                n.setInput(k, renamed.getOrDefault(n.getInput(k), n.getInput(k)));
            }
            for (int k = 0; k < n.getOutputCount(); k++) {
                n.setOutput(k, renamed.getOrDefault(n.getOutput(k), n.getOutput(k)));
            }
            g.setNode(i, n);
        }
        return model.toBuilder().setGraph(g).build();
    }
}
