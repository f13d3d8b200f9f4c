package org.layeranchor.analysis;

/**
 * Over which frames the caller pooled the utterance statistics of the {@code FeatureSet}s. The
 * analysis cannot tell from the numbers, so the caller states it and it is written into every output.
 */
public enum FramePooling {
    /** Every encoder frame that covers the audio. */
    ALL_FRAMES("all frames"),
    /** The frames from the first to the last speech the energy detector found (features extracted with {@code --pooling speech}). */
    SPEECH_FRAMES("speech frames (first to last)"),
    /** Only the frames the vowel detector marked (vowel-based variant of the method). */
    VOWEL_FRAMES("vowel frames only");

    private final String caption;

    FramePooling(String caption) {
        this.caption = caption;
    }

    public String caption() {
        return caption;
    }

    /** How a store's pooled statistics were made: over every frame, or over the speech ({@code --pooling}). */
    public static FramePooling of(org.layeranchor.features.Pooling pooling) {
        return pooling == org.layeranchor.features.Pooling.SPEECH ? SPEECH_FRAMES : ALL_FRAMES;
    }
}
