package org.layeranchor.encoder.whisper;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Whisper's log-mel front end, exactly as OpenAI and Hugging Face define it:
 * periodic Hann window of 400 samples, hop 160, centred STFT with reflect padding of 200 samples,
 * last frame dropped, power spectrum, Slaney mel filterbank, log10 clamped at 1e-10, then
 * {@code max(x, max(x) - 8)} over the whole input and {@code (x + 4) / 4}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class WhisperLogMel {
    public static final int SAMPLE_RATE = 16_000;
    public static final int N_FFT = 400;
    public static final int HOP = 160;
    /** Samples in one 30-s window, the length Whisper was trained on. */
    public static final int WINDOW_SAMPLES = 30 * SAMPLE_RATE;

    private final MelFilterBank filters;
    private final double[] hann = new double[N_FFT];

    public WhisperLogMel(int melBins) {
        this.filters = new MelFilterBank(melBins, N_FFT, SAMPLE_RATE);
        for (int i = 0; i < N_FFT; i++) {
            // Periodic Hann (torch.hann_window(400), periodic=True): denominator N, not N - 1.
            hann[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / N_FFT);
        }
    }

    public int melBins() {
        return filters.melBins();
    }

    public MelFilterBank filters() {
        return filters;
    }

    /** Number of log-mel frames for {@code samples} input samples: one per hop (the last STFT frame is dropped). */
    public static int frameCount(int samples) {
        return samples / HOP;
    }

    /**
     * Computes the log-mel spectrogram.
     *
     * @param samples 16 kHz mono audio; Whisper pads it to 30 s before calling this in faithful mode
     * @return [melBins][frames], frames = samples / 160, row-major in one array
     */
    public float[] compute(float[] samples) {
        int n = samples.length;
        if (n < N_FFT / 2 + 1) {
            throw new IllegalArgumentException("need at least " + (N_FFT / 2 + 1)
                    + " samples for reflect padding, got " + n);
        }
        int frames = frameCount(n);
        int mels = filters.melBins();
        double[] logMel = new double[mels * frames];
        double[] buf = new double[N_FFT];
        double[] power = new double[N_FFT / 2 + 1];
        DoubleFFT_1D fft = new DoubleFFT_1D(N_FFT);
        int pad = N_FFT / 2;
        // A frame of zeros has zero power in every bin, so every filter gives 0 and the clamp gives this.
        // Faithful mode pads a 3-s clip to 30 s: nine frames in ten are such frames, computed once here.
        double silentBin = Math.log10(Math.max(1e-10, 0.0));
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < frames; t++) {
            int start = t * HOP - pad; // frame t is centred on sample t * HOP
            boolean silent = true;
            for (int i = 0; i < N_FFT; i++) {
                float x = reflect(samples, start + i);
                silent &= x == 0;
                buf[i] = x * hann[i];
            }
            if (silent) {
                for (int m = 0; m < mels; m++) {
                    logMel[m * frames + t] = silentBin;
                }
                max = Math.max(max, silentBin);
                continue;
            }
            fft.realForward(buf);
            // JTransforms' packed layout for even N: [Re0, Re(N/2), Re1, Im1, Re2, Im2, ...]
            power[0] = buf[0] * buf[0];
            power[N_FFT / 2] = buf[1] * buf[1];
            for (int k = 1; k < N_FFT / 2; k++) {
                power[k] = buf[2 * k] * buf[2 * k] + buf[2 * k + 1] * buf[2 * k + 1];
            }
            for (int m = 0; m < mels; m++) {
                double v = Math.log10(Math.max(1e-10, filters.apply(m, power)));
                logMel[m * frames + t] = v;
                max = Math.max(max, v);
            }
        }
        float[] out = new float[logMel.length];
        double floor = max - 8.0; // dynamic range of 80 dB below the loudest bin of this input
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((Math.max(logMel[i], floor) + 4.0) / 4.0);
        }
        return out;
    }

    /** numpy's 'reflect' padding: index -1 reads sample 1, index n reads sample n - 2. */
    private static float reflect(float[] x, int i) {
        int n = x.length;
        if (i < 0) {
            return x[-i];
        }
        if (i >= n) {
            return x[2 * n - 2 - i];
        }
        return x[i];
    }
}
