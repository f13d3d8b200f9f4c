package org.layeranchor.encoder.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.audio.Audio;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.encoder.weights.WeightSources;
import org.layeranchor.testing.SafetensorsFileWriter;
import org.layeranchor.testing.TinyWhisper;

/**
 * A Whisper of another size, loaded from a Hugging Face checkpoint folder the test writes itself,
 * checked layer by layer against a plain-Java forward pass written from the definition.
 */
class WhisperCheckpointTest {
    static final int MELS = TinyWhisper.MELS;
    static final int D = TinyWhisper.D;
    static final int HEADS = TinyWhisper.HEADS;
    static final int BLOCKS = TinyWhisper.BLOCKS;
    static final int FFN = TinyWhisper.FFN;
    static final int POSITIONS = TinyWhisper.POSITIONS;

    @Test
    void tinyCheckpointMatchesTheDefinitionAtEveryLayer(@TempDir Path dir) throws Exception {
        Map<String, float[]> w = TinyWhisper.write(dir, 42);
        float[] samples = new float[16_000];
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / 16000.0) + 0.05 * rnd.nextGaussian());
        }
        try (WhisperEncoder enc = WhisperEncoder.load(WeightSources.open(dir),
                new WhisperEncoder.Options(WhisperEncoder.Mode.FAST, 1))) {
            assertEquals(new WhisperConfig(MELS, D, HEADS, BLOCKS, FFN, POSITIONS), enc.config());
            HiddenStates hs = enc.encode(new Audio(samples, 16000, "tone"));
            assertEquals(BLOCKS + 1, hs.layerCount());
            assertEquals(50, hs.frameCount());
            float[] mel = new WhisperLogMel(MELS).compute(samples);
            double[][][] expected = ReferenceForward.run(w, mel, WhisperLogMel.frameCount(samples.length));
            for (int l = 0; l <= BLOCKS; l++) {
                double worst = 0;
                for (int f = 0; f < hs.frameCount(); f++) {
                    for (int d = 0; d < D; d++) {
                        worst = Math.max(worst, Math.abs(hs.layers()[l][f][d] - expected[l][f][d]) / (1 + Math.abs(expected[l][f][d])));
                    }
                }
                assertTrue(worst < 1e-4, "layer " + l + " differs from the definition by " + worst);
            }
        }
    }

    @Test
    void audioLongerThanThirtySecondsIsEncodedInConsecutiveWindows(@TempDir Path dir) throws Exception {
        TinyWhisper.write(dir, 7);
        float[] x = new float[65 * 16_000];
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.1 * rnd.nextGaussian());
        }
        try (WhisperEncoder enc = WhisperEncoder.load(WeightSources.open(dir), WhisperEncoder.Options.defaults())) {
            HiddenStates all = enc.encode(new Audio(x, 16000, "65 s"));
            assertEquals(1500 + 1500 + 250, all.frameCount()); // 5 s of the third window = 250 frames
            float[] second = Arrays.copyOfRange(x, 30 * 16_000, 60 * 16_000);
            HiddenStates alone = enc.encode(new Audio(second, 16000, "second window"));
            for (int l = 0; l < all.layerCount(); l++) {
                for (int f = 0; f < 1500; f++) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(alone.layers()[l][f], all.layers()[l][1500 + f],
                            "layer " + l + " frame " + f);
                }
            }
        }
    }

    @Test
    void theSameAudioGivesBitIdenticalOutputAcrossRunsAndInstances(@TempDir Path dir) throws Exception {
        TinyWhisper.write(dir, 9);
        float[] x = new float[40_000];
        SplittableRandom rnd = new SplittableRandom(8);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.2 * rnd.nextGaussian());
        }
        Audio a = new Audio(x, 16000, "noise");
        HiddenStates first;
        try (WhisperEncoder enc = WhisperEncoder.load(WeightSources.open(dir), new WhisperEncoder.Options(WhisperEncoder.Mode.FAITHFUL, 2))) {
            first = enc.encode(a);
            assertTrue(Arrays.deepEquals(first.layers(), enc.encode(a).layers()));
        }
        try (WhisperEncoder enc = WhisperEncoder.load(WeightSources.open(dir), new WhisperEncoder.Options(WhisperEncoder.Mode.FAITHFUL, 2))) {
            assertTrue(Arrays.deepEquals(first.layers(), enc.encode(a).layers()));
            assertEquals(125, first.frameCount()); // ceil(40000 / 320)
        }
    }

    @Test
    void aLargeV3StyleCheckpointWith128MelBinsRuns(@TempDir Path dir) throws Exception {
        TinyWhisper.write(dir, 12, 128);
        try (WhisperEncoder enc = WhisperEncoder.load(WeightSources.open(dir),
                new WhisperEncoder.Options(WhisperEncoder.Mode.FAST, 1))) {
            assertEquals(128, enc.config().melBins());
            assertEquals(128, enc.logMel().melBins());
            assertEquals("128", enc.info().settings().get("mel_bins"));
            HiddenStates hs = enc.encode(new Audio(new float[24_000], 16000, "silence"));
            assertEquals(75, hs.frameCount());
            assertEquals(D, hs.dim());
        }
    }

    @Test
    void aMissingTensorIsNamedWithItsExpectedShape(@TempDir Path dir) throws Exception {
        TinyWhisper.write(dir, 1, "model.encoder.layers.1.fc2.weight");
        EncoderException e = assertThrows(EncoderException.class,
                () -> WhisperEncoder.load(WeightSources.open(dir), WhisperEncoder.Options.defaults()));
        assertTrue(e.getMessage().contains("layers.1.fc2.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("[" + D + ", " + FFN + "]"), e.getMessage());
    }

    @Test
    void aTensorOfTheWrongShapeIsNamedWithBothShapes(@TempDir Path dir) throws Exception {
        TinyWhisper.write(dir, 1);
        // Rewrite one tensor with a transposed shape.
        Map<String, float[]> w = TinyWhisper.write(dir, 1, "model.encoder.layers.0.fc1.weight");
        SafetensorsFileWriter out = new SafetensorsFileWriter();
        w.forEach((k, v) -> out.put("model.encoder." + k, v, TinyWhisper.shape(k)));
        out.put("model.encoder.layers.0.fc1.weight", new float[FFN * D], D, FFN);
        out.write(dir.resolve("model.safetensors"));
        EncoderException e = assertThrows(EncoderException.class,
                () -> WhisperEncoder.load(WeightSources.open(dir), WhisperEncoder.Options.defaults()));
        assertTrue(e.getMessage().contains("layers.0.fc1.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("[" + FFN + ", " + D + "]"), e.getMessage());
    }

    /** The encoder written out in double precision, straight from the definition in shared/README.md. */
    static final class ReferenceForward {
        static double[][][] run(Map<String, float[]> w, float[] mel, int melFrames) {
            double[][] x = conv(w.get("conv1.weight"), w.get("conv1.bias"), toColumns(mel, MELS, melFrames), MELS, 1);
            gelu(x);
            x = conv(w.get("conv2.weight"), w.get("conv2.bias"), x, D, 2);
            gelu(x);
            int frames = x.length;
            double[][][] hidden = new double[BLOCKS + 1][][];
            float[] pos = w.get("embed_positions.weight");
            for (int f = 0; f < frames; f++) {
                for (int d = 0; d < D; d++) {
                    x[f][d] += pos[f * D + d];
                }
            }
            hidden[0] = copy(x);
            for (int b = 0; b < BLOCKS; b++) {
                String p = "layers." + b + ".";
                double[][] a = layerNorm(x, w.get(p + "self_attn_layer_norm.weight"), w.get(p + "self_attn_layer_norm.bias"));
                double[][] q = linear(a, w.get(p + "self_attn.q_proj.weight"), w.get(p + "self_attn.q_proj.bias"), D, D);
                double[][] k = linear(a, w.get(p + "self_attn.k_proj.weight"), null, D, D);
                double[][] v = linear(a, w.get(p + "self_attn.v_proj.weight"), w.get(p + "self_attn.v_proj.bias"), D, D);
                int hd = D / HEADS;
                double[][] ctx = new double[frames][D];
                for (int h = 0; h < HEADS; h++) {
                    for (int i = 0; i < frames; i++) {
                        double[] s = new double[frames];
                        double max = Double.NEGATIVE_INFINITY;
                        for (int j = 0; j < frames; j++) {
                            for (int c = 0; c < hd; c++) {
                                s[j] += q[i][h * hd + c] * k[j][h * hd + c];
                            }
                            s[j] /= Math.sqrt(hd);
                            max = Math.max(max, s[j]);
                        }
                        double z = 0;
                        for (int j = 0; j < frames; j++) {
                            s[j] = Math.exp(s[j] - max);
                            z += s[j];
                        }
                        for (int j = 0; j < frames; j++) {
                            for (int c = 0; c < hd; c++) {
                                ctx[i][h * hd + c] += s[j] / z * v[j][h * hd + c];
                            }
                        }
                    }
                }
                add(x, linear(ctx, w.get(p + "self_attn.out_proj.weight"), w.get(p + "self_attn.out_proj.bias"), D, D));
                double[][] m = layerNorm(x, w.get(p + "final_layer_norm.weight"), w.get(p + "final_layer_norm.bias"));
                m = linear(m, w.get(p + "fc1.weight"), w.get(p + "fc1.bias"), D, FFN);
                gelu(m);
                add(x, linear(m, w.get(p + "fc2.weight"), w.get(p + "fc2.bias"), FFN, D));
                hidden[b + 1] = copy(x);
            }
            hidden[BLOCKS] = layerNorm(x, w.get("layer_norm.weight"), w.get("layer_norm.bias"));
            return hidden;
        }

        /** [mels][frames] row-major → [frame][mel]. */
        static double[][] toColumns(float[] mel, int mels, int frames) {
            double[][] x = new double[frames][mels];
            for (int m = 0; m < mels; m++) {
                for (int t = 0; t < frames; t++) {
                    x[t][m] = mel[m * frames + t];
                }
            }
            return x;
        }

        /** 1-D convolution, kernel 3, padding 1; weight (out, in, 3); input and output [time][channel]. */
        static double[][] conv(float[] wt, float[] b, double[][] x, int in, int stride) {
            int t = x.length;
            int outT = (t + 2 - 3) / stride + 1;
            double[][] y = new double[outT][D];
            for (int o = 0; o < outT; o++) {
                for (int c = 0; c < D; c++) {
                    double s = b[c];
                    for (int kk = 0; kk < 3; kk++) {
                        int ti = o * stride + kk - 1;
                        if (ti < 0 || ti >= t) {
                            continue;
                        }
                        for (int i = 0; i < in; i++) {
                            s += wt[(c * in + i) * 3 + kk] * x[ti][i];
                        }
                    }
                    y[o][c] = s;
                }
            }
            return y;
        }

        static double[][] linear(double[][] x, float[] wt, float[] b, int in, int out) {
            double[][] y = new double[x.length][out];
            for (int f = 0; f < x.length; f++) {
                for (int o = 0; o < out; o++) {
                    double s = b == null ? 0 : b[o];
                    for (int i = 0; i < in; i++) {
                        s += wt[o * in + i] * x[f][i];
                    }
                    y[f][o] = s;
                }
            }
            return y;
        }

        static double[][] layerNorm(double[][] x, float[] g, float[] b) {
            double[][] y = new double[x.length][];
            for (int f = 0; f < x.length; f++) {
                double mu = 0;
                for (double v : x[f]) {
                    mu += v;
                }
                mu /= x[f].length;
                double var = 0;
                for (double v : x[f]) {
                    var += (v - mu) * (v - mu);
                }
                var /= x[f].length;
                y[f] = new double[x[f].length];
                for (int d = 0; d < x[f].length; d++) {
                    y[f][d] = (x[f][d] - mu) / Math.sqrt(var + 1e-5) * g[d] + b[d];
                }
            }
            return y;
        }

        /** Exact GELU, x Φ(x), with erf from its series / continued fraction (double precision). */
        static void gelu(double[][] x) {
            for (double[] row : x) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = 0.5 * row[i] * (1 + erf(row[i] / Math.sqrt(2)));
                }
            }
        }

        static double erf(double z) {
            double a = Math.abs(z);
            double r;
            if (a < 2.5) { // Maclaurin series, converges fast here
                double term = a;
                double sum = a;
                for (int n = 1; n < 60; n++) {
                    term *= -a * a / n;
                    sum += term / (2 * n + 1);
                }
                r = 2 / Math.sqrt(Math.PI) * sum;
            } else { // continued fraction for erfc
                double f = 0;
                for (int n = 60; n >= 1; n--) {
                    f = n / 2.0 / (a + f);
                }
                r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + f);
            }
            return z < 0 ? -r : r;
        }

        static void add(double[][] x, double[][] y) {
            for (int f = 0; f < x.length; f++) {
                for (int d = 0; d < x[f].length; d++) {
                    x[f][d] += y[f][d];
                }
            }
        }

        static double[][] copy(double[][] x) {
            double[][] c = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                c[i] = x[i].clone();
            }
            return c;
        }
    }

    /**
     * The session opens on another thread while the reference graph (the identity) is built: when that
     * build fails, the caller gets the weights' own error as an EncoderException, not a wrapped one.
     */
    @Test
    void aFailureWhileTheIdentityIsBuiltIsTheWeightsOwnError(@TempDir Path dir) throws Exception {
        TinyWhisper.write(dir, 9);
        try (org.layeranchor.encoder.weights.WeightSource real = WeightSources.open(dir)) {
            CountingWeights counting = new CountingWeights(real, Integer.MAX_VALUE);
            WhisperGraph.buildForInference(WhisperConfig.of(counting), counting, Precision.FP32);
            // The inference graph is built first, then the reference one: fail on the reference's first tensor.
            CountingWeights failing = new CountingWeights(real, counting.loads);
            EncoderException e = assertThrows(EncoderException.class, () -> WhisperEncoder.load(failing,
                    new WhisperEncoder.Options(WhisperEncoder.Mode.FAST, 1)));
            assertTrue(e.getMessage().endsWith("could not be read (test)"), e.getMessage());
            assertEquals(counting.loads + 1, failing.loads, "the reference graph's first tensor failed");
        }
    }

    /** Counts the tensors loaded and fails every load after the first {@code failAfter}. */
    private static final class CountingWeights implements org.layeranchor.encoder.weights.WeightSource {
        private final org.layeranchor.encoder.weights.WeightSource real;
        private final int failAfter;
        int loads;

        CountingWeights(org.layeranchor.encoder.weights.WeightSource real, int failAfter) {
            this.real = real;
            this.failAfter = failAfter;
        }

        @Override
        public org.layeranchor.encoder.weights.Tensor load(String name, long... shape) throws IOException {
            if (++loads > failAfter) {
                throw new IOException(name + " could not be read (test)");
            }
            return real.load(name, shape);
        }

        @Override
        public java.util.Set<String> names() throws IOException {
            return real.names();
        }

        @Override
        public Map<String, Object> config() {
            return real.config();
        }

        @Override
        public String description() {
            return real.description();
        }
    }
}
