package org.layeranchor.encoder.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.layeranchor.io.Npy;
import org.layeranchor.io.NpyArray;
import org.layeranchor.testing.SharedData;

/** The Whisper graph against the reference outputs in shared/models/whisper-base/reference. */
class WhisperGoldenTest {
    private static WhisperEncoder encoder;
    private static Path model;

    @BeforeAll
    static void load() throws Exception {
        model = SharedData.whisperBase();
        encoder = WhisperEncoder.load(new org.layeranchor.encoder.weights.NpyFolderWeights(model), new WhisperEncoder.Options(WhisperEncoder.Mode.FAITHFUL, 2));
    }

    @AfterAll
    static void close() {
        if (encoder != null) {
            encoder.close();
        }
    }

    @Test
    void configIsReadFromTheWeights() {
        WhisperConfig c = encoder.config();
        assertEquals(new WhisperConfig(80, 512, 8, 6, 2048, 1500), c);
        assertEquals(20_590_592L, c.parameterCount()); // as stated in shared/README.md
        assertEquals(7, encoder.info().layers());
    }

    @Test
    void blocksMatchThePyTorchGoldenPair() throws Exception {
        NpyArray in = Npy.read(model.resolve("reference/blocks_input.npy"));
        NpyArray expected = Npy.read(model.resolve("reference/blocks_output.npy"));
        byte[] graph = WhisperGraph.buildBlocksOnly(encoder.config(), new org.layeranchor.encoder.weights.NpyFolderWeights(model)).toByteArray();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(graph, new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(in.data()), new long[] {1, 512, 512});
             OrtSession.Result r = s.run(Map.of("blocks_input", x))) {
            FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] got = new float[out.remaining()];
            out.get(got);
            assertEquals(expected.data().length, got.length);
            double maxAbs = 0;
            for (int i = 0; i < got.length; i++) {
                maxAbs = Math.max(maxAbs, Math.abs(got[i] - expected.data()[i]));
            }
            assertTrue(maxAbs <= 1e-3, "max abs difference " + maxAbs);
        }
    }

    @Test
    void hiddenStatesFromTheGoldenLogMelMatchEveryLayer() throws Exception {
        NpyArray mel = Npy.read(model.resolve("reference/clip_logmel.npy"));
        NpyArray expected = Npy.read(model.resolve("reference/clip_hidden_states.npy"));
        assertArrayEquals(new long[] {7, 184, 512}, expected.shape());
        float[][][] got = encoder.run(mel.data(), 3000, 184, "clip_logmel.npy");
        assertHiddenStatesMatch(expected, got);
    }

    @Test
    void decodedClipGivesTheGoldenLogMelAndHiddenStatesEndToEnd() throws Exception {
        Path clip = SharedData.corpus("ravdess").resolve("audio/03-01-05-02-01-01-13.flac");
        org.layeranchor.audio.Audio audio = org.layeranchor.audio.AudioReader.read(clip);
        assertEquals(58_725, audio.samples().length);
        float[] padded = Arrays.copyOf(audio.samples(), WhisperLogMel.WINDOW_SAMPLES);
        float[] mel = encoder.logMel().compute(padded);
        NpyArray goldenMel = Npy.read(model.resolve("reference/clip_logmel.npy"));
        double worst = 0;
        for (int i = 0; i < mel.length; i++) {
            worst = Math.max(worst, Math.abs(mel[i] - goldenMel.data()[i]));
        }
        assertTrue(worst < 1e-5, "log-mel max abs difference " + worst);
        org.layeranchor.encoder.HiddenStates hs = encoder.encode(audio);
        assertEquals(184, hs.frameCount()); // ceil(58725 / 320)
        assertHiddenStatesMatch(Npy.read(model.resolve("reference/clip_hidden_states.npy")), hs.layers());
    }

    /**
     * The graph that runs (fused MultiHeadAttention) against the reference graph that defines the
     * identity, on the golden clip: the same states to float round-off (docs/BENCHMARK.md quotes
     * the printed figure).
     */
    @Test
    void fusedAttentionGivesTheReferenceGraphsStates() throws Exception {
        org.layeranchor.audio.Audio audio = org.layeranchor.audio.AudioReader.read(
                SharedData.corpus("ravdess").resolve("audio/03-01-05-02-01-01-13.flac"));
        float[][][] fused = encoder.encode(audio).layers();
        float[][][] ref;
        try (WhisperEncoder reference = WhisperEncoder.loadReference(new org.layeranchor.encoder.weights.NpyFolderWeights(model),
                new WhisperEncoder.Options(WhisperEncoder.Mode.FAITHFUL, 2))) {
            assertEquals(encoder.info().identity(), reference.info().identity());
            ref = reference.encode(audio).layers();
        }
        double worst = 0;
        for (int l = 0; l < ref.length; l++) {
            for (int f = 0; f < ref[l].length; f++) {
                for (int d = 0; d < ref[l][f].length; d++) {
                    worst = Math.max(worst, Math.abs(fused[l][f][d] - ref[l][f][d]) / (1 + Math.abs(ref[l][f][d])));
                }
            }
        }
        System.out.printf("fused attention against the reference graph: max relative difference %.2e%n", worst);
        assertTrue(worst > 0, "the fused graph really runs another kernel");
        assertTrue(worst < 5e-4, "max relative difference " + worst);
    }

    /**
     * The inference graph returns only the frames that cover the audio, and in float32 computes the
     * last block for those frames alone (WhisperGraph#buildForInference): on a clip whose length is
     * not the golden one, every layer's kept frames match the reference graph's, which computes every
     * frame; the last block's separate q and k/v products are there in float32, and int8 keeps the
     * whole block.
     */
    @Test
    void theLastBlockOnTheKeptFramesGivesTheReferenceStates() throws Exception {
        float[] samples = new float[20_810]; // 1.3 s: 66 frames, not a multiple of anything in the graph
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (0.1 * Math.sin(i * 0.05) + 0.02 * r.nextGaussian());
        }
        org.layeranchor.audio.Audio audio = new org.layeranchor.audio.Audio(samples, 16_000, "tone and noise");
        float[][][] kept = encoder.encode(audio).layers();
        float[][][] ref;
        try (WhisperEncoder reference = WhisperEncoder.loadReference(new org.layeranchor.encoder.weights.NpyFolderWeights(model),
                new WhisperEncoder.Options(WhisperEncoder.Mode.FAITHFUL, 2))) {
            ref = reference.encode(audio).layers();
        }
        assertEquals(7, kept.length);
        for (int l = 0; l < ref.length; l++) {
            assertEquals(66, kept[l].length, "layer " + l);
            assertEquals(ref[l].length, kept[l].length, "layer " + l);
            double worst = 0;
            for (int f = 0; f < ref[l].length; f++) {
                for (int d = 0; d < ref[l][f].length; d++) {
                    worst = Math.max(worst, Math.abs(kept[l][f][d] - ref[l][f][d]) / (1 + Math.abs(ref[l][f][d])));
                }
            }
            assertTrue(worst < 5e-4, "layer " + l + ": max relative difference " + worst);
        }
        org.layeranchor.encoder.weights.NpyFolderWeights weights = new org.layeranchor.encoder.weights.NpyFolderWeights(model);
        java.util.Set<String> fp32 = initializers(WhisperGraph.buildForInference(encoder.config(), weights, Precision.FP32));
        assertTrue(fp32.contains("layers.5.self_attn.kv.weight_t") && !fp32.contains("layers.5.self_attn.qkv.weight_t"), "float32: last block split");
        assertTrue(fp32.contains("layers.4.self_attn.qkv.weight_t"), "float32: the other blocks whole");
        java.util.Set<String> int8 = initializers(WhisperGraph.buildForInference(encoder.config(), weights, Precision.INT8));
        assertTrue(!int8.contains("layers.5.self_attn.kv.weight_t"), "int8: the last block whole");
    }

    private static java.util.Set<String> initializers(ai.onnx.proto.OnnxMl.ModelProto m) {
        java.util.Set<String> names = new java.util.HashSet<>();
        m.getGraph().getInitializerList().forEach(t -> names.add(t.getName()));
        return names;
    }

    /**
     * Per layer, max |a - b| / (1 + |b|) over the 184 frames that cover the clip. shared/README.md:
     * float32 round-off gives up to 2e-4, a definition error (e.g. tanh GELU) 1e-3 to 1e-1.
     */
    static void assertHiddenStatesMatch(NpyArray expected, float[][][] got) {
        int layers = (int) expected.shape()[0];
        int frames = (int) expected.shape()[1];
        int dim = (int) expected.shape()[2];
        assertEquals(layers, got.length);
        for (int l = 0; l < layers; l++) {
            double worst = 0;
            for (int f = 0; f < frames; f++) {
                for (int d = 0; d < dim; d++) {
                    float b = expected.data()[(l * frames + f) * dim + d];
                    worst = Math.max(worst, Math.abs(got[l][f][d] - b) / (1 + Math.abs(b)));
                }
            }
            assertTrue(worst < 5e-4, "layer " + l + ": max relative difference " + worst);
        }
    }
}
