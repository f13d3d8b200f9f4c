package org.layeranchor.audio;

import java.util.Random;

/** Synthetic 16 kHz test signals: vowel-like harmonic complexes, white noise, silence. */
public final class SyntheticSpeech {
    static final int RATE = 16_000;
    /** Formant frequencies and bandwidths (Hz) of /a/ and /i/ (Peterson &amp; Barney-like values). */
    static final double[][] VOWEL_A = {{700, 1220, 2600}, {80, 90, 120}};
    static final double[][] VOWEL_I = {{300, 2300, 3000}, {60, 100, 120}};

    private SyntheticSpeech() {
    }

    /**
     * Harmonics of f0 up to 4 kHz with a −6 dB/octave source tilt shaped by three second-order formant
     * resonances, scaled to the given peak amplitude.
     */
    static float[] vowel(double f0, double[][] formants, double seconds, double peak) {
        int n = (int) Math.round(seconds * RATE);
        double[] x = new double[n];
        for (int h = 1; h * f0 < 4000; h++) {
            double f = h * f0;
            double gain = 0;
            for (int i = 0; i < formants[0].length; i++) {
                double fi = formants[0][i];
                double bi = formants[1][i];
                double re = 1 - (f / fi) * (f / fi);
                double im = f * bi / (fi * fi);
                gain += 1 / Math.sqrt(re * re + im * im);
            }
            double amplitude = gain / h;
            double phase = 0.7 * h; // fixed phases: deterministic, not all aligned
            for (int t = 0; t < n; t++) {
                x[t] += amplitude * Math.sin(2 * Math.PI * f * t / RATE + phase);
            }
        }
        return scaleToPeak(x, peak);
    }

    static float[] whiteNoise(double seconds, double rms, long seed) {
        Random r = new Random(seed);
        float[] x = new float[(int) Math.round(seconds * RATE)];
        for (int t = 0; t < x.length; t++) {
            x[t] = (float) (rms * r.nextGaussian());
        }
        return x;
    }

    static float[] silence(double seconds) {
        return new float[(int) Math.round(seconds * RATE)];
    }

    static double rms(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v * v;
        }
        return Math.sqrt(s / x.length);
    }

    public static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static float[] scaleToPeak(double[] x, double peak) {
        double max = 0;
        for (double v : x) {
            max = Math.max(max, Math.abs(v));
        }
        float[] out = new float[x.length];
        for (int t = 0; t < x.length; t++) {
            out[t] = (float) (x[t] * peak / max);
        }
        return out;
    }
}
