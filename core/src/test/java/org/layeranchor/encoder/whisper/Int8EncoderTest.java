package org.layeranchor.encoder.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.layeranchor.audio.Audio;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.encoder.weights.NpyFolderWeights;
import org.layeranchor.io.Npy;
import org.layeranchor.io.NpyArray;
import org.layeranchor.testing.SharedData;

/**
 * The int8 encoder: its weight quantisation against the definition, and every layer of its hidden
 * states on the golden clip against PyTorch's float32 ones (the accuracy figures of
 * docs/BENCHMARK.md's precision section come from {@link #perLayerAgreement}).
 */
class Int8EncoderTest {
    private static WhisperEncoder int8;
    private static WhisperEncoder fp32;

    @BeforeAll
    static void load() throws Exception {
        Path model = SharedData.whisperBase();
        int8 = WhisperEncoder.load(new NpyFolderWeights(model),
                new WhisperEncoder.Options(WhisperEncoder.Mode.FAITHFUL, 2, org.layeranchor.encoder.ExecutionDevice.CPU, Precision.INT8));
        fp32 = WhisperEncoder.load(new NpyFolderWeights(model), new WhisperEncoder.Options(WhisperEncoder.Mode.FAITHFUL, 2));
    }

    @AfterAll
    static void close() {
        if (int8 != null) {
            int8.close();
        }
        if (fp32 != null) {
            fp32.close();
        }
    }

    @Test
    void eachColumnIsQuantisedWithinHalfAStepOfItsOwnScale() {
        SplittableRandom r = new SplittableRandom(3);
        int in = 37;
        int out = 11;
        float[] w = new float[in * out];
        for (int i = 0; i < w.length; i++) {
            // Columns of very different magnitudes: a per-tensor scale would flatten the small ones.
            w[i] = (float) (r.nextGaussian() * Math.pow(10, (i % out) - 5));
        }
        w[5 * out + 2] = 0; // exact zeros stay zero
        Int8Columns q = Int8Columns.quantise(w, in, out);
        for (int o = 0; o < out; o++) {
            float max = 0;
            for (int i = 0; i < in; i++) {
                max = Math.max(max, Math.abs(w[i * out + o]));
            }
            assertEquals(max / 127f, q.scales()[o], max * 1e-6);
            boolean reachesTheEnd = false;
            for (int i = 0; i < in; i++) {
                assertTrue(Math.abs(q.dequantised(i, o) - w[i * out + o]) <= q.scales()[o] / 2 * (1 + 1e-5),
                        "column " + o + " row " + i);
                reachesTheEnd |= Math.abs(q.values()[i * out + o]) == 127;
            }
            assertTrue(reachesTheEnd, "the largest weight of column " + o + " maps to ±127");
        }
        assertEquals(0, q.values()[5 * out + 2]);
        assertEquals(1f, Int8Columns.quantise(new float[6], 2, 3).scales()[1]);
        assertThrows(IllegalArgumentException.class, () -> Int8Columns.quantise(new float[5], 2, 3));
    }

    @Test
    void theIdentityNamesTheWeightsAndThePrecisionIsASettingBesideIt() {
        EncoderInfo a = fp32.info();
        EncoderInfo b = int8.info();
        assertEquals(a.identity(), b.identity());
        assertFalse(a.settings().containsKey(WhisperEncoder.PRECISION_SETTING), "float32 keys stay as they were");
        assertEquals("int8", b.settings().get(WhisperEncoder.PRECISION_SETTING));
        assertNotEquals(a.identityProperties(), b.identityProperties());
        assertEquals("whisper-e9040c7587ad67e2_melbins-80_mode-faithful_samplerate-16000",
                org.layeranchor.features.FeatureStore.encoderKey(a), "float32 stores keep their key");
        assertEquals("whisper-e9040c7587ad67e2_melbins-80_mode-faithful_precision-int8_samplerate-16000",
                org.layeranchor.features.FeatureStore.encoderKey(b));
        assertEquals(Precision.INT8, Precision.parse(" INT8"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Precision.parse("bf16")).getMessage()
                .contains("expected fp32 or int8"));
    }

    /**
     * Per layer on the golden clip (184 frames), against PyTorch's float32 states: the mean cosine
     * of the frame vectors, the cosine of the clip's mean-pooled vector (what the heads see), and the
     * relative Frobenius error. Bounds are set from the measured values with a margin.
     */
    @Test
    void perLayerAgreement() throws Exception {
        Path model = SharedData.whisperBase();
        NpyArray expected = Npy.read(model.resolve("reference/clip_hidden_states.npy"));
        Audio audio = AudioReader.read(SharedData.corpus("ravdess").resolve("audio/03-01-05-02-01-01-13.flac"));
        float[][][] got = int8.encode(audio).layers();
        int layers = (int) expected.shape()[0];
        int frames = (int) expected.shape()[1];
        int dim = (int) expected.shape()[2];
        StringBuilder table = new StringBuilder("layer  frame-cosine  pooled-cosine  rel-error\n");
        for (int l = 0; l < layers; l++) {
            double cosSum = 0;
            double errSq = 0;
            double refSq = 0;
            double[] pooledGot = new double[dim];
            double[] pooledRef = new double[dim];
            for (int f = 0; f < frames; f++) {
                double dot = 0;
                double na = 0;
                double nb = 0;
                for (int d = 0; d < dim; d++) {
                    double a = got[l][f][d];
                    double b = expected.data()[(l * frames + f) * dim + d];
                    dot += a * b;
                    na += a * a;
                    nb += b * b;
                    errSq += (a - b) * (a - b);
                    refSq += b * b;
                    pooledGot[d] += a;
                    pooledRef[d] += b;
                }
                cosSum += dot / Math.sqrt(na * nb);
            }
            double frameCos = cosSum / frames;
            double pooledCos = cosine(pooledGot, pooledRef);
            double relError = Math.sqrt(errSq / refSq);
            table.append(String.format("%5d  %12.5f  %13.6f  %9.4f%n", l, frameCos, pooledCos, relError));
            if (l > 0) {
                assertTrue(relError > 1e-3, "layer " + l + " is really quantised: relative error " + relError);
            }
            assertTrue(frameCos > 0.97, "layer " + l + " frame cosine " + frameCos + "\n" + table);
            assertTrue(pooledCos > 0.995, "layer " + l + " pooled cosine " + pooledCos + "\n" + table);
            // Whisper's middle layers carry a few dimensions of very large magnitude ("massive
            // activations"); their absolute error dominates this ratio while the cosines stay high.
            assertTrue(relError < 0.5, "layer " + l + " relative error " + relError + "\n" + table);
        }
        System.out.print(table);
    }

    private static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
