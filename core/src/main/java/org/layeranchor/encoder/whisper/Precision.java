package org.layeranchor.encoder.whisper;

import java.util.Locale;

/**
 * The arithmetic of the encoder's linear layers (attention projections and the feed-forward
 * layers: about two thirds of Whisper's work). Features extracted at different precisions are
 * different features: the precision is part of the encoder's settings, hence of the store key
 * and of a trained model's encoder identity.
 */
public enum Precision {
    /** Float32 throughout: the reference, what the golden files are compared with. */
    FP32,
    /**
     * Int8 weights (symmetric, one scale per output column) times activations quantised to uint8
     * per tensor at run time, accumulated in int32 and rescaled to float32, for the q/k/v, output
     * and fc1 projections; fc2 stays float32 (see {@link WhisperGraph}).
     */
    INT8;

    /** The name used in options, settings and store keys ({@code fp32}, {@code int8}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #label()}; the error names the values allowed. */
    public static Precision parse(String label) {
        for (Precision p : values()) {
            if (p.label().equalsIgnoreCase(label.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + label + "' (expected fp32 or int8)");
    }
}
