package org.layeranchor.training;

import java.util.List;
import java.util.Map;
import org.layeranchor.features.FeatureSet;

/** The synthetic source, target, encoder identity and anchors that the training tests share. */
final class TrainingFixtures {
    static final EncoderIdentity ENCODER = EncoderIdentity.of(Map.of("family", "synthetic", "weights", "abc123"));
    static final SyntheticCorpus STRUCTURE = new SyntheticCorpus(16, new double[] {0.3, 0.5, 0.8, 1.0, 0.8, 0.5, 0.3}, 7);
    static final AnchorInputs ANCHORS = AnchorInputs.none()
            .withSimilarityRanking(3, 4, 2, 5, 1, 6, 0)
            .withVowelRanking(4, 3, 5, 2, 6, 1, 0)
            .withGroups(List.of(new int[] {1, 2}, new int[] {3, 4}));

    private TrainingFixtures() {
    }

    static FeatureSet source() {
        return STRUCTURE.sample("src", "en", 240, 12, 1);
    }

    static FeatureSet target() {
        return STRUCTURE.sample("tgt", "zh", 160, 8, 2);
    }
}
