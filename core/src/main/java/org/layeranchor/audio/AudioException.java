package org.layeranchor.audio;

/**
 * Audio that cannot be turned into samples. The message always starts with the source (file name or
 * the name given for an in-memory body), followed by what is wrong, so that a list of these reads
 * like a compiler's error list.
 */
public class AudioException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What kind of problem it is, for callers that react differently (and for tests). */
    public enum Kind {
        /** The bytes are not a recognised audio container at all (text, image, empty file...). */
        NOT_AUDIO,
        /** The file ends before its header or its declared data do. */
        TRUNCATED,
        /** The header or the coded data are inconsistent. */
        CORRUPT,
        /** A real audio format that LayerAnchor does not decode (e.g. µ-law WAV, Ogg, AAC). */
        UNSUPPORTED,
        /** Decoding worked but produced no samples. */
        NO_SAMPLES,
        /** Floating-point samples that are NaN or infinite. */
        NON_FINITE,
        /** The file could not be read (missing, permissions, I/O error). */
        UNREADABLE,
        /**
         * More audio than the caller's {@link AudioLimits#maxSeconds()} budget: refused from the header
         * when it says so, else as soon as decoding passes the budget (a service answers 413).
         */
        TOO_LONG,
        /** Less audio than {@link AudioLimits#MIN_PREDICT_SECONDS}: see {@link AudioTooShortException}. */
        TOO_SHORT
    }

    private final String source;
    private final Kind kind;
    private final String problem;

    public AudioException(String source, Kind kind, String problem) {
        this(source, kind, problem, null);
    }

    public AudioException(String source, Kind kind, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.kind = kind;
        this.problem = problem;
    }

    public String source() {
        return source;
    }

    public Kind kind() {
        return kind;
    }

    /** The message without the leading source name. */
    public String problem() {
        return problem;
    }
}
