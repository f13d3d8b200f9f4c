package org.layeranchor.audio;

import java.util.Locale;

/**
 * Audio that decodes but is too short to predict from: under {@link AudioLimits#MIN_PREDICT_SECONDS}
 * nearly every encoder frame would be padding, so the prediction would describe the padding. Its
 * {@link #kind()} is {@link AudioException.Kind#TOO_SHORT}; a service answers it as a client error (400).
 */
public final class AudioTooShortException extends AudioException {
    private static final long serialVersionUID = 1L;

    public AudioTooShortException(String source, double seconds) {
        super(source, Kind.TOO_SHORT, String.format(Locale.ROOT,
                "too short to predict: %.3f s of audio, at least %.1f s are needed", seconds,
                AudioLimits.MIN_PREDICT_SECONDS));
    }
}
