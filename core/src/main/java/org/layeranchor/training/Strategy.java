package org.layeranchor.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How the downstream model uses the layers and where it aligns source and target. All strategies
 * share the features, head, optimizer and seeds; they differ only in the layers the classifier
 * reads and the anchors CORAL acts on (see {@link AnchorPlan#resolve}).
 */
public enum Strategy {
    /** Source only, the final layer alone. */
    LAST_LAYER("last-layer", false),
    /** Source only, learned softmax weights over all layers (SUPERB style). */
    WEIGHTED_SUM("weighted-sum", false),
    /** Source only, the single layer with the best source-validation UAR. */
    BEST_LAYER("best-layer", false),
    /** Deep CORAL on the final embedding (the classifier's hidden layer) only; all layers fused. */
    CORAL_LAST("coral-last", true),
    /** CORAL on each of the top-k layers of a label-free cross-language similarity ranking. */
    LAM("lam", true),
    /** CORAL on groups of layers, one anchor per group. */
    LAM_GL("lam-gl", true),
    /** As {@link #LAM}, with the ranking measured on vowel frames. */
    LAM_VOWEL("lam-vowel", true);

    private final String key;
    private final boolean adapts;

    Strategy(String key, boolean adapts) {
        this.key = key;
        this.adapts = adapts;
    }

    /** The name used in configs and model files, e.g. {@code "lam-gl"}. */
    @JsonValue
    public String key() {
        return key;
    }

    /** Whether the strategy reads unlabelled target features (it has CORAL anchors). */
    public boolean adaptsToTarget() {
        return adapts;
    }

    @JsonCreator
    public static Strategy fromKey(String key) {
        for (Strategy s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + key + "' (known: "
                + Arrays.stream(values()).map(Strategy::key).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return key;
    }
}
