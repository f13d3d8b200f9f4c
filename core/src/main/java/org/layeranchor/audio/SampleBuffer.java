package org.layeranchor.audio;

import java.util.Arrays;

/**
 * Mono samples collected frame by frame within a decode budget: the array grows as frames arrive
 * (never from a length a header declares) and never beyond the budget, so a stream that goes on and
 * on is refused having cost at most the budget plus one frame.
 */
final class SampleBuffer {
    private static final int INITIAL_CAPACITY = 1 << 16;

    private final int maxSamples;
    private final AudioLimits limits;
    private final int rate;
    private final String source;
    private float[] samples;
    private int length;

    SampleBuffer(AudioLimits limits, int rate, String source) {
        this.limits = limits;
        this.rate = rate;
        this.source = source;
        this.maxSamples = (int) limits.maxSamples(rate);
        this.samples = new float[Math.min(INITIAL_CAPACITY, maxSamples)];
    }

    /**
     * Makes room for {@code count} more samples and returns the index of the first, or refuses when
     * they would pass the budget.
     */
    int reserve(int count) throws AudioException {
        long needed = (long) length + count;
        if (needed > maxSamples) {
            throw limits.decodedTooLong(source, rate);
        }
        if (needed > samples.length) {
            long grown = Math.max(needed, Math.min((long) maxSamples, 2L * samples.length));
            samples = Arrays.copyOf(samples, (int) grown);
        }
        int at = length;
        length = (int) needed;
        return at;
    }

    void set(int index, float value) {
        samples[index] = value;
    }

    int length() {
        return length;
    }

    /** The samples collected, trimmed to {@code count} (at most {@link #length()}). */
    float[] toArray(int count) {
        int n = Math.min(count, length);
        return n == samples.length ? samples : Arrays.copyOf(samples, n);
    }
}
