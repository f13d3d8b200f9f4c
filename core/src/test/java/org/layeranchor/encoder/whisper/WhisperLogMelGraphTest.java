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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.audio.Audio;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.encoder.weights.WeightSource;
import org.layeranchor.encoder.weights.WeightSources;
import org.layeranchor.onnx.GraphBuilder;
import org.layeranchor.testing.TinyWhisper;

class WhisperLogMelGraphTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    /** A graph: waveform [1, S] → log-mel [1, 80, T] and the covered frame count. */
    private static OrtSession session(WhisperEncoder.Mode mode) throws Exception {
        GraphBuilder g = new GraphBuilder("logmel");
        String wave = g.input("waveform", 1L, "samples");
        g.opNamed("Identity", "mel", GraphBuilder.in(WhisperLogMelGraph.addLogMel(g, new MelFilterBank(80, 400, 16_000), wave, mode)));
        g.opNamed("Cast", "frames", GraphBuilder.in(WhisperLogMelGraph.addCoveredFrames(g, wave)),
                GraphBuilder.attr("to", (long) ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT_VALUE));
        g.output("mel", 1L, 80L, "t");
        g.output("frames", 1L);
        return ENV.createSession(g.build(WhisperGraph.OPSET, "test").toByteArray(), new OrtSession.SessionOptions());
    }

    /** Speech-like test signal: two tones with a slow glide plus a little noise. */
    private static float[] signal(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / 16_000.0;
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * (180 * t + 40 * t * t)) + 0.1 * Math.sin(2 * Math.PI * 1250 * t)
                    + 0.01 * r.nextGaussian());
        }
        return x;
    }

    @Test
    void matchesTheJavaLogMelWithTheEncodersPaddingInBothModes() throws Exception {
        WhisperLogMel reference = new WhisperLogMel(80);
        for (WhisperEncoder.Mode mode : WhisperEncoder.Mode.values()) {
            try (OrtSession s = session(mode)) {
                for (int n : new int[] {20_800, 12_345, 300, WhisperLogMel.WINDOW_SAMPLES}) {
                    float[] x = signal(n, n);
                    int padded = mode == WhisperEncoder.Mode.FAITHFUL ? WhisperLogMel.WINDOW_SAMPLES : Math.max(n, WhisperLogMel.N_FFT);
                    float[] expected = reference.compute(Arrays.copyOf(x, padded));
                    try (OnnxTensor in = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x), new long[] {1, n});
                         OrtSession.Result r = s.run(Map.of("waveform", in))) {
                        OnnxTensor mel = (OnnxTensor) r.get("mel").orElseThrow();
                        assertArrayEquals(new long[] {1, 80, WhisperLogMel.frameCount(padded)}, mel.getInfo().getShape(), mode + " " + n);
                        FloatBuffer got = mel.getFloatBuffer();
                        double worst = 0;
                        for (float e : expected) {
                            worst = Math.max(worst, Math.abs(got.get() - e));
                        }
                        // float32 against double: measured up to 3.6e-5; ONNX's STFT operator gave 2e-3, a wrong
                        // window, hop or filterbank gives more than 1e-2
                        assertTrue(worst < 1e-4, mode + " " + n + ": max |difference| " + worst);
                        long frames = (long) ((float[]) r.get("frames").orElseThrow().getValue())[0];
                        assertEquals((n + 319) / 320, frames, "ceil(samples / 320)");
                    }
                }
            }
        }
    }

    @Test
    void addEncoderContinuesAGraphWithTheSameHiddenStatesAsWhisperEncoder(@TempDir Path dir) throws Exception {
        TinyWhisper.write(dir, 3);
        WeightSource weights = WeightSources.open(dir);
        WhisperConfig cfg = WhisperConfig.of(weights);
        float[] x = signal(17_000, 1);
        for (WhisperEncoder.Mode mode : WhisperEncoder.Mode.values()) {
            GraphBuilder g = new GraphBuilder("waveform_to_hidden");
            String wave = g.input("waveform", 1L, "samples");
            List<String> hidden = WhisperGraph.addEncoder(g, cfg, weights,
                    WhisperLogMelGraph.addLogMel(g, new MelFilterBank(cfg.melBins(), 400, 16_000), wave, mode));
            assertEquals(List.of("hidden_0", "hidden_1", "hidden_2"), hidden);
            for (String h : hidden) {
                g.output(h, 1L, "frames", (long) cfg.dModel());
            }
            HiddenStates expected;
            try (WhisperEncoder enc = WhisperEncoder.load(weights, new WhisperEncoder.Options(mode, 1))) {
                expected = enc.encode(new Audio(x, 16_000, "x"));
            }
            try (OrtSession s = ENV.createSession(g.build(WhisperGraph.OPSET, "test").toByteArray(), new OrtSession.SessionOptions());
                 OnnxTensor in = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x), new long[] {1, x.length});
                 OrtSession.Result r = s.run(Map.of("waveform", in))) {
                for (int l = 0; l < hidden.size(); l++) {
                    float[][][] got = (float[][][]) r.get(hidden.get(l)).orElseThrow().getValue();
                    float[][] want = expected.layers()[l];   // the frames that cover the audio
                    assertTrue(got[0].length >= want.length);
                    double worst = 0;
                    for (int f = 0; f < want.length; f++) {
                        for (int k = 0; k < want[f].length; k++) {
                            worst = Math.max(worst, Math.abs(got[0][f][k] - want[f][k]) / (1 + Math.abs(want[f][k])));
                        }
                    }
                    assertTrue(worst < 1e-4, mode + " layer " + l + ": " + worst);
                }
            }
        }
    }
}
