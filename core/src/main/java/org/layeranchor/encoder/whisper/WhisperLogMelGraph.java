package org.layeranchor.encoder.whisper;

import static org.layeranchor.onnx.GraphBuilder.attr;
import static org.layeranchor.onnx.GraphBuilder.attrs;
import static org.layeranchor.onnx.GraphBuilder.in;

import org.layeranchor.onnx.GraphBuilder;

/**
 * {@link WhisperLogMel} and {@link WhisperEncoder}'s padding as ONNX operators (opset 18 or later),
 * so that an exported model can take the waveform itself. Step for step:
 *
 * <pre>
 * waveform [1, S]
 *   → zero-pad on the right to 30 s (faithful) or to at least N_FFT samples (fast)   [1, S']
 *   → reflect-pad N_FFT/2 on both sides                                              [1, 1, S' + 400]
 *   → windowed DFT (periodic Hann, hop 160) as a strided Conv, one-sided             [1, 2·201, S'/160 + 1]
 *   → power re² + im² → drop the last frame → Slaney mel filterbank ·                [1, mels, T]
 *   → log10(max(x, 1e-10)) → max(x, max(x) − 8) → (x + 4) / 4                        [1, mels, T]
 * </pre>
 * Computed in float32 by ONNX Runtime rather than in double as {@link WhisperLogMel} does (see the
 * test for the agreement). ONNX's own STFT operator was tried first: its float32 DFT is too coarse
 * for bins 80 dB below the peak, which Whisper's clamp keeps.
 */
public final class WhisperLogMelGraph {
    private WhisperLogMelGraph() {
    }

    /** Adds the log-mel of {@code waveform} [1, S] (16 kHz) and returns its name, [1, mels, T]. */
    public static String addLogMel(GraphBuilder g, MelFilterBank filters, String waveform, WhisperEncoder.Mode mode) {
        // Zero padding on the right, to the length the mode encodes; never a negative pad (which would crop).
        long target = mode == WhisperEncoder.Mode.FAITHFUL ? WhisperLogMel.WINDOW_SAMPLES : WhisperLogMel.N_FFT;
        String samples = samples(g, waveform);
        String missing = g.op("Max", in(g.op("Sub", in(g.longs("logmel.target_samples", target), samples)),
                g.longs("logmel.zero", 0)));
        String pads = g.op("Concat", in(g.longs("logmel.zero", 0), g.longs("logmel.zero", 0), g.longs("logmel.zero", 0), missing),
                attr("axis", 0L));
        String x = g.op("Pad", in(waveform, pads), attr("mode", "constant"));

        // Centred frames: reflect padding of half a window on both sides, as numpy's 'reflect'.
        int n = WhisperLogMel.N_FFT;
        int half = n / 2;
        x = g.op("Pad", in(x, g.longs("logmel.centre_pads", 0, half, 0, half)), attr("mode", "reflect"));
        x = g.op("Unsqueeze", in(x, g.longs("logmel.axis_1", 1)));                            // [1, 1, S' + 400]

        // The windowed DFT as one strided convolution whose kernels are Hann·cos and Hann·sin of each
        // frequency bin: float32 products summed by the convolution's matrix multiply stay within
        // ~1e-6 of the double FFT even 80 dB below the peak, where a float32 DFT does not.
        int bins = filters.frequencyBins();                                                 // N/2 + 1
        float[] basis = new float[2 * bins * n];                                            // [2·bins, 1, N]
        for (int k = 0; k < bins; k++) {
            for (int i = 0; i < n; i++) {
                double hann = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);                    // periodic
                double angle = 2 * Math.PI * (long) k * i / n;
                basis[k * n + i] = (float) (hann * Math.cos(angle));
                basis[(bins + k) * n + i] = (float) (-hann * Math.sin(angle));
            }
        }
        String spectrum = g.op("Conv", in(x, g.floats("logmel.dft_basis", basis, 2L * bins, 1, n)),
                attrs("kernel_shape", n), attrs("strides", WhisperLogMel.HOP));             // [1, 2·bins, S'/160 + 1]
        String squares = g.op("Reshape", in(g.op("Mul", in(spectrum, spectrum)), g.longs("logmel.re_im_shape", 1, 2, bins, -1)));
        String power = g.op("ReduceSum", in(squares, g.longs("logmel.axis_1", 1)), attr("keepdims", 0L)); // re² + im²
        // Whisper drops the last frame: T = S' / 160.
        power = g.op("Slice", in(power, g.longs("logmel.zero", 0), g.longs("logmel.minus_1", -1), g.longs("logmel.axis_2", 2)));

        int mels = filters.melBins();
        float[] fb = new float[mels * bins];                                                // [mels, bins]
        for (int m = 0; m < mels; m++) {
            for (int k = 0; k < bins; k++) {
                fb[m * bins + k] = (float) filters.weight(m, k);
            }
        }
        String mel = g.op("MatMul", in(g.floats("logmel.filters", fb, mels, bins), power));    // [1, mels, T]
        String log = g.op("Mul", in(g.op("Log", in(g.op("Max", in(mel, g.floats("logmel.tiny", new float[] {1e-10f}))))),
                g.floats("logmel.inv_ln10", new float[] {(float) (1 / Math.log(10))})));
        String floor = g.op("Sub", in(g.op("ReduceMax", in(log), attr("keepdims", 1L)),
                g.floats("logmel.range", new float[] {8f})));                               // 80 dB below the loudest bin
        return g.op("Mul", in(g.op("Add", in(g.op("Max", in(log, floor)), g.floats("logmel.four", new float[] {4f}))),
                g.floats("logmel.quarter", new float[] {0.25f})));
    }

    /**
     * ceil(S / 320), int64 [1]: how many encoder frames cover the audio, the frames
     * {@link WhisperEncoder} keeps of a window (each frame is 2 hops of 160 samples).
     */
    public static String addCoveredFrames(GraphBuilder g, String waveform) {
        long perFrame = 2L * WhisperLogMel.HOP;
        return g.op("Div", in(g.op("Add", in(samples(g, waveform), g.longs("logmel.frame_minus_1", perFrame - 1))),
                g.longs("logmel.frame_samples", perFrame)));
    }

    /** S of a [1, S] waveform, int64 [1]. */
    private static String samples(GraphBuilder g, String waveform) {
        return g.op("Slice", in(g.op("Shape", in(waveform)), g.longs("logmel.axis_1", 1), g.longs("logmel.two", 2)));
    }
}
