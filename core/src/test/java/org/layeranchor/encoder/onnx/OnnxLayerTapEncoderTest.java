package org.layeranchor.encoder.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.audio.Audio;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.encoder.Encoders;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.encoder.SpeechEncoder;
import org.layeranchor.encoder.whisper.WhisperEncoder;

class OnnxLayerTapEncoderTest {
    /** ONNX Runtime sums in float32 and in another order than the Java reference. */
    private static final float TOLERANCE = 2e-5f;

    @TempDir
    Path dir;

    private static float[] waveform(int samples, long seed) {
        Random r = new Random(seed);
        float[] x = new float[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = (float) (r.nextGaussian() * 0.3);
        }
        return x;
    }

    private static Audio audio(float[] samples) {
        return new Audio(samples, Audio.TARGET_RATE, "test waveform");
    }

    private static void assertLayersEqual(float[][][] expected, HiddenStates actual) {
        assertEquals(expected.length, actual.layerCount(), "layers");
        for (int l = 0; l < expected.length; l++) {
            assertEquals(expected[l].length, actual.layers()[l].length, "frames of layer " + l);
            for (int f = 0; f < expected[l].length; f++) {
                assertArrayEquals(expected[l][f], actual.layers()[l][f], TOLERANCE, "layer " + l + ", frame " + f);
            }
        }
    }

    @Test
    void namedBlocksAreDiscoveredInOrderWithTheFinalLayerNorm() throws EncoderException {
        TinyTransformerOnnx tiny = new TinyTransformerOnnx(TinyTransformerOnnx.Shape.named(3));
        DiscoveredLayers found = LayerDiscovery.discover(tiny.model().getGraph(), "tiny");
        assertEquals(DiscoveredLayers.Rule.NAMED_BLOCKS, found.rule());
        assertEquals(List.of(
                "/feature_projection/MatMul_output_0",
                "/encoder/layers.0/Add_1_output_0",
                "/encoder/layers.1/Add_1_output_0",
                "/encoder/layer_norm/LayerNormalization_output_0"), found.tensors());
        assertEquals(tiny.layerTensors(), found.tensors());
        assertEquals(3, found.blocks());
    }

    @Test
    void encodersDescribeGivesTheOpenedEncodersInfoForAnExportedModel() throws Exception {
        Path file = new TinyTransformerOnnx(TinyTransformerOnnx.Shape.named(3)).write(dir);
        Encoders.Settings settings = new Encoders.Settings(WhisperEncoder.Mode.FAITHFUL, 2);
        EncoderInfo opened;
        try (SpeechEncoder encoder = Encoders.open(file, settings)) {
            opened = encoder.info();
        }
        assertEquals(opened, Encoders.describe(file, settings));
        assertEquals(4, opened.layers());
    }

    @Test
    void hiddenStatesEqualThePlainJavaForwardPass() throws Exception {
        TinyTransformerOnnx tiny = new TinyTransformerOnnx(TinyTransformerOnnx.Shape.named(3));
        float[] x = waveform(64, 1);
        try (OnnxLayerTapEncoder encoder = OnnxLayerTapEncoder.open(tiny.write(dir))) {
            HiddenStates states = encoder.encode(audio(x));
            assertEquals(4, states.layerCount());
            assertEquals(16, states.frameCount());
            assertEquals(TinyTransformerOnnx.DIM, states.dim());
            assertEquals(50.0, states.frameRateHz());
            assertLayersEqual(tiny.forward(x), states);
        }
    }

    @Test
    void infoDescribesTheTappedModel() throws Exception {
        TinyTransformerOnnx tiny = new TinyTransformerOnnx(TinyTransformerOnnx.Shape.named(2));
        Path file = tiny.write(dir);
        try (OnnxLayerTapEncoder encoder = OnnxLayerTapEncoder.open(file,
                OnnxLayerTapSettings.defaults().withFrameRateHz(49.5).withIntraOpThreads(1))) {
            EncoderInfo info = encoder.info();
            assertEquals("onnx", info.family());
            assertEquals(3, info.layers());
            assertEquals(TinyTransformerOnnx.DIM, info.dim());
            assertEquals(49.5, info.frameRateHz());
            assertTrue(info.identity().startsWith("sha256:") && info.identity().length() == 7 + 64, info.identity());
            assertTrue(info.parameters() > 0);
            assertEquals("input_values", info.settings().get("input"));
            assertTrue(info.settings().get("discovery").startsWith("NAMED_BLOCKS"), info.settings().toString());
            assertEquals(49.5, encoder.encode(audio(waveform(32, 2))).frameRateHz());
        }
    }

    @Test
    void handNamedTensorsAreTappedInTheGivenOrder() throws Exception {
        TinyTransformerOnnx tiny = new TinyTransformerOnnx(TinyTransformerOnnx.Shape.named(3));
        List<String> all = tiny.layerTensors();
        List<String> chosen = List.of(all.get(0), all.get(2), all.get(1));
        float[] x = waveform(48, 3);
        try (OnnxLayerTapEncoder encoder = OnnxLayerTapEncoder.open(tiny.write(dir),
                OnnxLayerTapSettings.defaults().withLayerTensors(chosen))) {
            assertEquals(DiscoveredLayers.Rule.BY_HAND, encoder.layers().rule());
            assertEquals(chosen, encoder.layers().tensors());
            float[][][] full = tiny.forward(x);
            assertLayersEqual(new float[][][]{full[0], full[2], full[1]}, encoder.encode(audio(x)));
        }
    }

    @Test
    void handNamedTensorThatDoesNotExistIsReported() throws IOException {
        TinyTransformerOnnx tiny = new TinyTransformerOnnx(TinyTransformerOnnx.Shape.named(2));
        Path file = tiny.write(dir);
        EncoderException e = assertThrows(EncoderException.class, () -> OnnxLayerTapEncoder.open(file,
                OnnxLayerTapSettings.defaults().withLayerTensors(List.of(tiny.layerTensors().get(0), "/encoder/layers.7/Add_1_output_0"))));
        assertTrue(e.getMessage().contains("/encoder/layers.7/Add_1_output_0"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void tapsOfDifferentShapesFailOnOpen() throws IOException {
        TinyTransformerOnnx tiny = new TinyTransformerOnnx(TinyTransformerOnnx.Shape.named(2));
        Path file = tiny.write(dir);
        // Attention probabilities are [1, frames, frames], not [1, frames, dim].
        List<String> wrong = List.of(tiny.layerTensors().get(0), "/encoder/layers.0/attention/Softmax_output_0");
        EncoderException e = assertThrows(EncoderException.class, () -> OnnxLayerTapEncoder.open(file,
                OnnxLayerTapSettings.defaults().withLayerTensors(wrong)));
        assertTrue(e.getMessage().contains("do not agree in shape"), e.getMessage());
    }

    @Test
    void modelWithoutRecognisableLayersSaysHowToNameThemByHand() throws IOException {
        // Only the feature projection: a MatMul, no blocks, no names.
        TinyTransformerOnnx plain = new TinyTransformerOnnx(new TinyTransformerOnnx.Shape(0, true, false, false, false));
        Path file = plain.write(dir);
        EncoderException e = assertThrows(EncoderException.class, () -> OnnxLayerTapEncoder.open(file));
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), m);
        assertTrue(m.contains("could not find the transformer layers"), m);
        assertTrue(m.contains("withLayerTensors"), m);
        assertTrue(m.contains("layers.3"), m); // what the name rule looked for
        assertTrue(m.contains("Softmax"), m); // what the structural rule looked for
    }

    @Test
    void residualChainFindsPreLayerNormBlocksWithoutNames() throws Exception {
        TinyTransformerOnnx tiny = new TinyTransformerOnnx(new TinyTransformerOnnx.Shape(3, true, true, false, false));
        DiscoveredLayers found = LayerDiscovery.discover(tiny.model().getGraph(), "tiny");
        assertEquals(DiscoveredLayers.Rule.RESIDUAL_CHAIN, found.rule());
        assertEquals(tiny.layerTensors(), found.tensors());
        float[] x = waveform(40, 4);
        try (OnnxLayerTapEncoder encoder = OnnxLayerTapEncoder.open(tiny.write(dir))) {
            assertLayersEqual(tiny.forward(x), encoder.encode(audio(x)));
        }
    }

    @Test
    void residualChainFindsPostLayerNormBlocksWithDecomposedLayerNorm() throws Exception {
        TinyTransformerOnnx tiny = new TinyTransformerOnnx(new TinyTransformerOnnx.Shape(3, false, false, false, true));
        DiscoveredLayers found = LayerDiscovery.discover(tiny.model().getGraph(), "tiny");
        assertEquals(DiscoveredLayers.Rule.RESIDUAL_CHAIN, found.rule());
        assertTrue(found.detail().contains("post-LN"), found.detail());
        assertEquals(tiny.layerTensors(), found.tensors());
        float[] x = waveform(40, 5);
        try (OnnxLayerTapEncoder encoder = OnnxLayerTapEncoder.open(tiny.write(dir))) {
            assertLayersEqual(tiny.forward(x), encoder.encode(audio(x)));
        }
    }

    @Test
    void namedPostLayerNormBlocksEndAtTheirOwnLayerNorm() throws Exception {
        TinyTransformerOnnx tiny = new TinyTransformerOnnx(new TinyTransformerOnnx.Shape(2, false, false, true, true));
        DiscoveredLayers found = LayerDiscovery.discover(tiny.model().getGraph(), "tiny");
        assertEquals(DiscoveredLayers.Rule.NAMED_BLOCKS, found.rule());
        assertEquals(List.of("/feature_projection/MatMul_output_0",
                "/encoder/layers.0/final_layer_norm/Add_1_output_0",
                "/encoder/layers.1/final_layer_norm/Add_1_output_0"), found.tensors());
        float[] x = waveform(24, 6);
        try (OnnxLayerTapEncoder encoder = OnnxLayerTapEncoder.open(tiny.write(dir))) {
            assertLayersEqual(tiny.forward(x), encoder.encode(audio(x)));
        }
    }

    @Test
    void decomposedFinalLayerNormIsFollowedToItsLastAdd() throws EncoderException {
        TinyTransformerOnnx tiny = new TinyTransformerOnnx(new TinyTransformerOnnx.Shape(2, true, true, true, true));
        DiscoveredLayers found = LayerDiscovery.discover(tiny.model().getGraph(), "tiny");
        assertEquals("/encoder/layer_norm/Add_1_output_0", found.tensors().get(2));
        assertEquals(tiny.layerTensors(), found.tensors());
    }

    @Test
    void singleBlockModelFindsItsInputThroughTheResidualAdd() throws Exception {
        TinyTransformerOnnx tiny = new TinyTransformerOnnx(TinyTransformerOnnx.Shape.named(1));
        assertEquals(tiny.layerTensors(), LayerDiscovery.discover(tiny.model().getGraph(), "tiny").tensors());
    }

    @Test
    void waveformNormalisationIsZeroMeanUnitVariance() throws Exception {
        float[] y = OnnxLayerTapEncoder.zeroMeanUnitVariance(new float[]{1f, 2f, 3f, 4f});
        // mean 2.5, population variance 1.25
        double s = Math.sqrt(1.25 + 1e-7);
        assertArrayEquals(new float[]{(float) (-1.5 / s), (float) (-0.5 / s), (float) (0.5 / s), (float) (1.5 / s)}, y, 1e-6f);

        TinyTransformerOnnx tiny = new TinyTransformerOnnx(TinyTransformerOnnx.Shape.named(2));
        float[] x = waveform(32, 7);
        float[] shiftedAndLoud = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            shiftedAndLoud[i] = 3f * x[i] + 0.2f;
        }
        Path file = tiny.write(dir);
        try (OnnxLayerTapEncoder normalising = OnnxLayerTapEncoder.open(file,
                OnnxLayerTapSettings.defaults().withNormalizeWaveform(true))) {
            float[][][] expected = tiny.forward(OnnxLayerTapEncoder.zeroMeanUnitVariance(x));
            assertLayersEqual(expected, normalising.encode(audio(x)));
            // Gain and DC offset no longer matter.
            HiddenStates a = normalising.encode(audio(x));
            HiddenStates b = normalising.encode(audio(shiftedAndLoud));
            for (int l = 0; l < a.layerCount(); l++) {
                for (int f = 0; f < a.frameCount(); f++) {
                    assertArrayEquals(a.layers()[l][f], b.layers()[l][f], 1e-4f);
                }
            }
        }
    }

    @Test
    void audioAtAnotherRateIsRejected() throws Exception {
        TinyTransformerOnnx tiny = new TinyTransformerOnnx(TinyTransformerOnnx.Shape.named(1));
        try (OnnxLayerTapEncoder encoder = OnnxLayerTapEncoder.open(tiny.write(dir))) {
            EncoderException e = assertThrows(EncoderException.class,
                    () -> encoder.encode(new Audio(new float[64], 8000, "phone.wav")));
            assertTrue(e.getMessage().contains("phone.wav") && e.getMessage().contains("8000"), e.getMessage());
        }
    }

    @Test
    void fileThatIsNotAnOnnxModelIsReported() throws IOException {
        Path file = dir.resolve("model.onnx");
        Files.writeString(file, "this is not a protobuf");
        EncoderException e = assertThrows(EncoderException.class, () -> OnnxLayerTapEncoder.open(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        EncoderException missing = assertThrows(EncoderException.class, () -> OnnxLayerTapEncoder.open(dir.resolve("nope.onnx")));
        assertTrue(missing.getMessage().contains("nope.onnx"), missing.getMessage());
    }

    @Test
    void concurrentEncodesGiveIdenticalResults() throws Exception {
        TinyTransformerOnnx tiny = new TinyTransformerOnnx(TinyTransformerOnnx.Shape.named(2));
        float[] x = waveform(64, 8);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (OnnxLayerTapEncoder encoder = OnnxLayerTapEncoder.open(tiny.write(dir),
                OnnxLayerTapSettings.defaults().withIntraOpThreads(1))) {
            HiddenStates reference = encoder.encode(audio(x));
            List<Future<HiddenStates>> runs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                runs.add(pool.submit(() -> encoder.encode(audio(x))));
            }
            for (Future<HiddenStates> run : runs) {
                HiddenStates s = run.get();
                for (int l = 0; l < s.layerCount(); l++) {
                    for (int f = 0; f < s.frameCount(); f++) {
                        assertArrayEquals(reference.layers()[l][f], s.layers()[l][f], 0f);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tappedTensorsThatAreAlreadyOutputsAreNotAddedTwice() throws Exception {
        TinyTransformerOnnx tiny = new TinyTransformerOnnx(TinyTransformerOnnx.Shape.named(2));
        ModelProto model = tiny.model();
        String existing = model.getGraph().getOutput(0).getName();
        List<String> taps = new ArrayList<>(tiny.layerTensors());
        taps.add(existing);
        ModelProto edited = ModelProto.parseFrom(OnnxLayerTapEncoder.withOutputs(model, taps));
        List<String> outputs = edited.getGraph().getOutputList().stream().map(o -> o.getName()).toList();
        List<String> expected = new ArrayList<>(List.of(existing));
        expected.addAll(tiny.layerTensors());
        assertEquals(expected, outputs);
        assertEquals(model.getGraph().getNodeCount(), edited.getGraph().getNodeCount());
    }
}
