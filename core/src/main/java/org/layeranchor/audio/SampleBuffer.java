package org.layeranchor.audio;

import java.util.Arrays;

/**
 * Mono samples collected block by block within a decode budget: the array grows as samples arrive
 * (never from a length a header declares) and never beyond the budget, so a stream that goes on and
 * on is refused having cost at most the budget plus one block.
 */
final class SampleBuffer {
    private static final int INITIAL_CAPACITY = 1 << 16;

    private final int maxSamples;
    private final AudioLimits limits;
    private final int rate;
    private final String source;
    private float[] samples;
    private int length;

    /** A buffer for audio at {@code rate}, holding at most the budget's samples at that rate. */
    SampleBuffer(AudioLimits limits, int rate, String source) {
        this(limits, rate, source, limits.maxSamples(rate));
    }

    /**
     * A buffer of at most {@code maxSamples}; past them it refuses as decoding past the budget at
     * {@code rate} (the stream's own rate, which the message names).
     */
    SampleBuffer(AudioLimits limits, int rate, String source, long maxSamples) {
        this.limits = limits;
        this.rate = rate;
        this.source = source;
        this.maxSamples = (int) Math.min(maxSamples, AudioLimits.MAX_ARRAY_LENGTH);
        this.samples = new float[Math.min(INITIAL_CAPACITY, this.maxSamples)];
    }

    /** Appends {@code block[0..count)}, or refuses when that would pass the budget. */
    void append(float[] block, int count) throws AudioException {
        int at = reserve(count);
        System.arraycopy(block, 0, samples, at, count);
    }

    /** Appends one sample, or refuses past the budget. */
    void add(float value) throws AudioException {
        if (length == samples.length || length == maxSamples) {
            reserve(1);
            length--;
        }
        samples[length++] = value;
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
