package org.layeranchor.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layeranchor.training.TrainingConfig;

/**
 * A selection grid's candidates share a direction's anchor choice when their keys are equal: the key must
 * tell apart every setting that changes the choice, and nothing else (so a grid over the head's settings
 * chooses anchors once).
 */
class AnchorChoiceKeyTest {
    private static String key(Map<String, ?> overrides) {
        return CrossLingualBenchmark.anchorChoiceKey(TrainingConfig.defaults().withOverrides(overrides));
    }

    @Test
    void settingsThatChangeTheChoiceChangeTheKey() {
        String base = key(Map.of());
        // rankingInputs changes what the ranking reads while the head reads the means (the default)...
        assertNotEquals(base, key(Map.of("rankingInputs", "mean-std")));
        assertNotEquals(base, key(Map.of("anchorRanking", "consensus")));
        assertNotEquals(base, key(Map.of("multiSourceRanking", "pooled")));
        assertNotEquals(base, key(Map.of("standardisation", "auto")));
        assertNotEquals(key(Map.of("standardisation", "auto")), key(Map.of("standardisation", "auto", "speakerShrinkage", 20)));
        // ...and nothing when the head reads [mean ‖ std], where both read the same vectors.
        assertEquals(key(Map.of("headInputs", "mean-std")), key(Map.of("headInputs", "mean-std", "rankingInputs", "mean-std")));
    }

    @Test
    void theHeadsOwnSettingsShareOneChoice() {
        String base = key(Map.of());
        assertEquals(base, key(Map.of("l2", 1.0)));
        assertEquals(base, key(Map.of("coralEpsilon", 10.0)));
        assertEquals(base, key(Map.of("anchorCount", 5)));
        assertEquals(base, key(Map.of("multiSourceHeads", "pooled")));
    }
}
