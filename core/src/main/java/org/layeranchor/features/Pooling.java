package org.layeranchor.features;

import org.layeranchor.audio.Audio;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.segmentation.SampleRange;
import org.layeranchor.segmentation.SpeechDetector;
import org.layeranchor.segmentation.VoiceActivityDetector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which frames an utterance's statistics are pooled over. The encoder always sees the whole clip;
 * pooling decides which of its output frames describe the utterance.
 *
 * <p>Why it matters: corpora differ in how much silence surrounds their utterances (in the shared
 * corpora RAVDESS clips are 54 % speech, EmoDB's 95 %), so a mean over every frame mixes each
 * corpus's silence into its speech by a different share — a difference between languages that
 * has nothing to do with emotion, which no per-corpus standardisation removes because the share also
 * varies from clip to clip. Pooling from the first to the last frame of speech leaves the silence
 * out (docs/BENCHMARK.md "Speech frames only").
 *
 * <p>Features pooled differently are different features: the pooling is a setting of the features,
 * hence part of the store key and of a trained model's encoder identity ({@link #describe}). The
 * original pooling over every frame is named nowhere, so stores and models made before this setting
 * keep their keys and identities.
 */
public enum Pooling {
    /** The mean and standard deviation over every frame that covers the clip (the original pooling). */
    WHOLE,
    /**
     * Over the frames from the start of the first stretch of speech to the end of the last, as the
     * energy detector with its default settings finds them ({@link VoiceActivityDetector}); pauses
     * inside the utterance stay in. A clip in which it finds no speech is pooled whole.
     */
    SPEECH;

    /** The setting's name in an encoder's settings, a store key and a model's encoder identity. */
    public static final String SETTING = "pooling";

    /** The pooling of {@code extract} and {@code benchmark} when none is given. */
    public static final String DEFAULT_LABEL = "speech";

    /** The name used in options, settings and store keys ({@code whole}, {@code speech}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #label()}; the error names the values allowed. */
    public static Pooling parse(String label) {
        for (Pooling p : values()) {
            if (p.label().equalsIgnoreCase(label.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown pooling '" + label + "' (expected whole or speech)");
    }

    /** The pooling named in an encoder identity's or settings' properties; whole when none is named. */
    public static Pooling of(Map<String, String> properties) {
        String p = properties.get(SETTING);
        return p == null ? WHOLE : parse(p);
    }

    /**
     * The features this pooling makes from {@code encoder}'s states: the encoder's info, with the
     * pooling among its settings unless it is {@link #WHOLE}.
     */
    public EncoderInfo describe(EncoderInfo encoder) {
        Pooling already = of(encoder.settings());
        if (already == this) {
            return encoder;
        }
        if (already != WHOLE) {
            throw new IllegalArgumentException("the encoder's features are already pooled over " + already.label()
                    + " frames, cannot pool them over " + label() + " frames");
        }
        Map<String, String> settings = new LinkedHashMap<>(encoder.settings());
        settings.put(SETTING, label());
        return new EncoderInfo(encoder.family(), encoder.identity(), encoder.layers(), encoder.dim(),
                encoder.frameRateHz(), encoder.parameters(), settings);
    }

    /**
     * Every layer's statistics, [layer][2][dim] (mean, standard deviation), over the frames this
     * pooling chooses; {@code audio} is the clip the states were computed from.
     */
    public float[][][] pool(HiddenStates states, Audio audio) {
        int[] span = frames(states, audio);
        float[][][] pooled = new float[states.layerCount()][][];
        for (int l = 0; l < states.layerCount(); l++) {
            pooled[l] = PooledStatistics.of(states.layers()[l], span[0], span[1]);
        }
        return pooled;
    }

    /** The frames [from, to) to pool over. */
    int[] frames(HiddenStates states, Audio audio) {
        return frames(audio, states.frameCount(), states.frameRateHz());
    }

    /**
     * The frames [from, to) of an encoder output of {@code frameCount} frames at {@code frameRateHz} that this
     * pooling keeps for {@code audio} (for callers that pool elsewhere, e.g. an exported ONNX model's input).
     */
    public int[] frames(Audio audio, int frameCount, double frameRateHz) {
        return this == WHOLE ? new int[] {0, frameCount} : speechFrames(audio, frameCount, frameRateHz);
    }

    /**
     * The frames whose centres lie between the start of the first stretch of speech and the end of the
     * last; all {@code frameCount} frames when there is no speech or no frame centre inside it.
     */
    static int[] speechFrames(Audio audio, int frameCount, double frameRateHz) {
        List<SampleRange> speech;
        try (SpeechDetector detector = new VoiceActivityDetector()) {
            speech = detector.detect(audio.samples(), audio.sampleRate()).speech();
        }
        if (speech.isEmpty()) {
            return new int[] {0, frameCount};
        }
        double start = speech.get(0).start() / (double) audio.sampleRate();
        double end = speech.get(speech.size() - 1).end() / (double) audio.sampleRate();
        // Frame f covers [f, f + 1) / rate; it belongs to the speech when its centre does.
        int from = Math.max(0, (int) Math.ceil(start * frameRateHz - 0.5));
        int to = Math.min(frameCount, (int) Math.ceil(end * frameRateHz - 0.5));
        return from < to ? new int[] {from, to} : new int[] {0, frameCount};
    }
}
