package org.layeranchor.segmentation;

import java.io.IOException;
import java.util.Locale;

/** The voice-activity detectors a user can choose ({@code --vad energy|silero}). */
public enum SpeechDetectorKind {
    /** {@link VoiceActivityDetector}: short-time energy, no model. */
    ENERGY,
    /** {@link SileroVoiceActivityDetector}: the Silero VAD v5 network shipped in the jar. */
    SILERO;

    public SpeechDetector open() throws IOException {
        return switch (this) {
            case ENERGY -> new VoiceActivityDetector();
            case SILERO -> SileroVoiceActivityDetector.bundled();
        };
    }

    /** As written on the command line: lower case. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code energy} or {@code silero}, any case; anything else is refused naming the choices. */
    public static SpeechDetectorKind parse(String text) {
        for (SpeechDetectorKind k : values()) {
            if (k.cliName().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown voice-activity detector '" + text + "' (choose energy or silero)");
    }
}
