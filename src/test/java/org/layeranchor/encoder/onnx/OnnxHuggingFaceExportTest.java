package org.layeranchor.encoder.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
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
import org.layeranchor.npy.Npy;
import org.layeranchor.npy.NpyArray;

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
