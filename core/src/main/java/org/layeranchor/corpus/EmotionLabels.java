package org.layeranchor.corpus;

import java.util.Locale;
import java.util.Set;

/**
 * The normalised English emotion words that manifests may use. A label outside this vocabulary (and
 * outside the class set in use) is almost always a typo or an unconverted corpus code ("W", "ps"),
 * so it is an error rather than a silently dropped row.
 */
public final class EmotionLabels {
    public static final Set<String> KNOWN = Set.of(
            "neutral", "calm", "happy", "sad", "angry", "fear", "disgust", "surprise", "boredom", "contempt",
            "excited", "frustrated", "anxious", "amused", "relief", "pride", "shame", "guilt", "interest",
            "tenderness", "pleasure", "elation", "despair", "irritation", "panic", "sarcastic", "other");

    private EmotionLabels() {
    }

    /** Trimmed and lower-cased, so that "Angry " and "angry" are the same label. */
    public static String normalise(String label) {
        return label.trim().toLowerCase(Locale.ROOT);
    }
}
