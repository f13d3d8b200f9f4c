package org.layeranchor.segmentation;

import java.util.Random;

/** Synthetic 16 kHz signals with known onsets: a noise bed with tones or noise bursts written over it. */
final class Signals {
    static final int RATE = 16_000;

    private Signals() {
    }

    /** Gaussian noise of the given level (dBFS, as an RMS) for the whole length. */
    static float[] noise(double seconds, double rmsDb, long seed) {
        float[] x = new float[samples(seconds)];
        addNoise(x, 0, seconds, rmsDb, seed);
        return x;
    }

    static void addNoise(float[] x, double from, double to, double rmsDb, long seed) {
        Random r = new Random(seed);
        double rms = Math.pow(10, rmsDb / 20);
        for (int i = samples(from); i < Math.min(x.length, samples(to)); i++) {
            x[i] += (float) (rms * r.nextGaussian());
        }
    }

    /** A sine of the given peak amplitude from {@code from} to {@code to} seconds. */
    static void addTone(float[] x, double from, double to, double frequency, double amplitude) {
        for (int i = samples(from); i < Math.min(x.length, samples(to)); i++) {
            x[i] += (float) (amplitude * Math.sin(2 * Math.PI * frequency * i / RATE));
        }
    }

    /**
     * A tone whose loudness rises and falls four times a second, down to a tenth of its peak, like
     * syllables: speech has such dips, a steady tone does not (and an adaptive noise floor would
     * eventually climb to a steady tone).
     */
    static void addSyllables(float[] x, double from, double to, double frequency, double amplitude) {
        for (int i = samples(from); i < Math.min(x.length, samples(to)); i++) {
            double envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * i / RATE);
            x[i] += (float) (amplitude * envelope * Math.sin(2 * Math.PI * frequency * i / RATE));
        }
    }

    static int samples(double seconds) {
        return (int) Math.round(seconds * RATE);
    }
}
