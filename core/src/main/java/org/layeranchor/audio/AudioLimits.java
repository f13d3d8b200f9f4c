package org.layeranchor.audio;

import java.util.Locale;

/**
 * The bounds audio is decoded within, so that no header and no stream of frames can make LayerAnchor
 * spend unbounded memory or time on one file.
 *
 * <ul>
 *   <li>Sample rates from {@value #MIN_SAMPLE_RATE} to {@value #MAX_SAMPLE_RATE} Hz. Below 1 kHz there is
 *       no speech band left to speak of; 192 kHz is the highest rate of ordinary recording hardware
 *       (352.8/384 kHz exist only in mastering), and every rate in the range resamples to 16 kHz with
 *       a bounded filter ({@link Resampler}). Others are refused from the header, before decoding.</li>
 *   <li>A decode budget of {@link #maxSeconds()} at the stream's own rate: refused from the header when
 *       the header declares more, and otherwise as soon as the decoded samples pass it, whatever the
 *       header said (FLAC may declare 0 samples, MP3 has no length field). Decoders grow their buffers
 *       as frames arrive, never from a declared total, so refusing costs at most the budget plus one
 *       frame. The service passes its {@code --max-seconds}; batch commands use
 *       {@link #BATCH_MAX_SECONDS}.</li>
 * </ul>
 *
 * @param maxSeconds the longest audio decoded, in seconds (&gt; 0)
 */
public record AudioLimits(double maxSeconds) {
    public static final int MIN_SAMPLE_RATE = 1_000;
    public static final int MAX_SAMPLE_RATE = 192_000;
    /** The batch commands' budget (predict, extract, corpus validate, layers): one hour per file. */
    public static final double BATCH_MAX_SECONDS = 3_600;
    /**
     * Shortest audio a prediction is made from: 5 Whisper encoder frames (20 ms each). Anything shorter
     * is mostly the encoder's padding, and its "emotion" would be the padding's.
     */
    public static final double MIN_PREDICT_SECONDS = 0.1;
    /** The longest Java float array the JVM allocates. */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    public AudioLimits {
        if (!(maxSeconds > 0) || !Double.isFinite(maxSeconds)) {
            throw new IllegalArgumentException("the audio length limit must be a positive number of seconds, got "
                    + maxSeconds);
        }
    }

    /** The batch commands' limits ({@link #BATCH_MAX_SECONDS}). */
    public static AudioLimits batch() {
        return new AudioLimits(BATCH_MAX_SECONDS);
    }

    /** Limits with a decode budget of {@code maxSeconds} (a service's per-request limit). */
    public static AudioLimits ofSeconds(double maxSeconds) {
        return new AudioLimits(maxSeconds);
    }

    /** Samples per channel that fit the budget at {@code rate} (at most the longest Java array). */
    public long maxSamples(int rate) {
        return (long) Math.min(MAX_ARRAY_LENGTH, Math.ceil(maxSeconds * rate));
    }

    /** Refuses a sample rate outside [{@value #MIN_SAMPLE_RATE}, {@value #MAX_SAMPLE_RATE}] Hz. */
    static void requireSupportedRate(long rate, String source, String format) throws AudioException {
        if (rate < MIN_SAMPLE_RATE || rate > MAX_SAMPLE_RATE) {
            throw new AudioException(source, AudioException.Kind.UNSUPPORTED, String.format(Locale.ROOT,
                    "unsupported sample rate: the %s header declares %,d Hz (supported: %,d to %,d Hz)", format, rate,
                    MIN_SAMPLE_RATE, MAX_SAMPLE_RATE));
        }
    }

    /** Refuses a stream whose header already declares more samples than the budget. */
    void requireDeclaredWithinBudget(long declaredSamples, int rate, String source, String format) throws AudioException {
        if (declaredSamples > maxSamples(rate)) {
            throw new AudioException(source, AudioException.Kind.TOO_LONG, String.format(Locale.ROOT,
                    "too long: the %s header declares %,d samples (%.1f s at %,d Hz); at most %.1f s are decoded",
                    format, declaredSamples, declaredSamples / (double) rate, rate, maxSeconds));
        }
    }

    /** The error for a stream that decoded past the budget (its header said less, or nothing). */
    AudioException decodedTooLong(String source, int rate) {
        return new AudioException(source, AudioException.Kind.TOO_LONG, String.format(Locale.ROOT,
                "too long: decoding passed %.1f s at %,d Hz, the most that is decoded (whatever the header declares)",
                maxSeconds, rate));
    }

    /** Refuses audio shorter than {@link #MIN_PREDICT_SECONDS}. */
    public static void requirePredictableLength(Audio audio) throws AudioTooShortException {
        if (audio.durationSeconds() < MIN_PREDICT_SECONDS) {
            throw new AudioTooShortException(audio.source(), audio.durationSeconds());
        }
    }
}
