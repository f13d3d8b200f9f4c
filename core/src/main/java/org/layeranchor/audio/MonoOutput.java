package org.layeranchor.audio;

import java.util.Locale;

/**
 * Where a decoder puts the mono samples it decodes, block by block, once the header has told it the
 * stream's rate: kept at that rate ({@link #atNativeRate}), or converted to another rate as they arrive
 * ({@link #convertedTo}), so that audio on its way to 16 kHz is never held whole at its own rate.
 * That is what makes the decode budget a memory budget: 299 s of compressed silence at 192 kHz held
 * about 740 MB (the samples at 192 kHz, their growth copies and the resampled copy); converted as it
 * arrives, it is held as 4.8 M samples at 16 kHz (19 MB).
 *
 * <p>Either way every input sample is counted against the budget at the stream's rate, and NaN or
 * infinite samples are counted as they pass, so {@link #finish} can name the first.
 */
abstract class MonoOutput {
    /** Opens the output for a stream at {@code rate}, once its header has been read. */
    interface Opener {
        MonoOutput open(int rate) throws AudioException;
    }

    private final AudioLimits limits;
    private final String source;
    private final int rate;
    private final long maxInput;
    private long received;
    private long nonFinite;
    private long firstNonFinite = -1;

    private MonoOutput(AudioLimits limits, int rate, String source) {
        this.limits = limits;
        this.source = source;
        this.rate = rate;
        this.maxInput = limits.maxSamples(rate);
    }

    /** Samples kept at the stream's own rate. */
    static Opener atNativeRate(AudioLimits limits, String source) {
        return rate -> new Native(limits, rate, source);
    }

    /** Samples converted to {@code targetRate} as they arrive (kept as they are if the stream has that rate). */
    static Opener convertedTo(int targetRate, AudioLimits limits, String source) {
        return rate -> rate == targetRate ? new Native(limits, rate, source)
                : new Converted(limits, rate, source, Resampler.between(rate, targetRate));
    }

    /** Appends {@code block[0..count)}, or refuses when the stream passes the budget. */
    final void append(float[] block, int count) throws AudioException {
        if (received + count > maxInput) {
            throw limits.decodedTooLong(source, rate);
        }
        for (int i = 0; i < count; i++) {
            if (!Float.isFinite(block[i])) {
                if (nonFinite++ == 0) {
                    firstNonFinite = received + i;
                }
            }
        }
        received += count;
        store(block, count);
    }

    /** Samples appended so far, at the stream's own rate. */
    final long length() {
        return received;
    }

    /** The audio, or the refusal of NaN and infinite samples (naming the first, in the stream's time). */
    final Audio finish() throws AudioException {
        if (nonFinite > 0) {
            throw new AudioException(source, AudioException.Kind.NON_FINITE, nonFinite + " sample(s) are NaN or infinite"
                    + " (first at sample " + firstNonFinite + ", "
                    + String.format(Locale.ROOT, "%.3f", firstNonFinite / (double) rate) + " s)");
        }
        return result(source);
    }

    abstract void store(float[] block, int count) throws AudioException;

    abstract Audio result(String source) throws AudioException;

    /** At the stream's own rate, in a budgeted buffer. */
    private static final class Native extends MonoOutput {
        private final SampleBuffer samples;
        private final int rate;

        Native(AudioLimits limits, int rate, String source) {
            super(limits, rate, source);
            this.rate = rate;
            this.samples = new SampleBuffer(limits, rate, source);
        }

        @Override
        void store(float[] block, int count) throws AudioException {
            samples.append(block, count);
        }

        @Override
        Audio result(String source) {
            return new Audio(samples.toArray(samples.length()), rate, source);
        }
    }

    /** Converted block by block; only the converter's window is held at the stream's rate. */
    private static final class Converted extends MonoOutput {
        private final SampleBuffer samples;
        private final Resampler.Stream stream;
        private final int targetRate;

        Converted(AudioLimits limits, int rate, String source, Resampler resampler) {
            super(limits, rate, source);
            this.targetRate = resampler.toRate();
            // As many output samples as the budget's input gives; the input is what is checked.
            this.samples = new SampleBuffer(limits, rate, source, resampler.uncheckedOutputLength(limits.maxSamples(rate)));
            this.stream = resampler.stream(samples);
        }

        @Override
        void store(float[] block, int count) throws AudioException {
            stream.accept(block, count);
        }

        @Override
        Audio result(String source) throws AudioException {
            stream.finish();
            return new Audio(samples.toArray(samples.length()), targetRate, source);
        }
    }
}
