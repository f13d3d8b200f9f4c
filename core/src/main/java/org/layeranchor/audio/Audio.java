package org.layeranchor.audio;

import java.util.Objects;

/**
 * Decoded audio: mono float samples in [-1, 1] at a known rate.
 *
 * @param samples    mono samples (channels already averaged)
 * @param sampleRate samples per second
 * @param source     where the audio came from (a file path or a description), used in error messages
 */
public record Audio(float[] samples, int sampleRate, String source) {
    /** The rate every encoder in LayerAnchor consumes. */
    public static final int TARGET_RATE = 16_000;

    public Audio {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(source, "source");
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate + " for " + source);
        }
    }

    public double durationSeconds() {
        return samples.length / (double) sampleRate;
    }
}
