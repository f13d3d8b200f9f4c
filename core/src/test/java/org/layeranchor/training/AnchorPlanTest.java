package org.layeranchor.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnchorPlanTest {
    private static final TrainingConfig CFG = TrainingConfig.defaults();
    private static final AnchorInputs INPUTS = AnchorInputs.none()
            .withSimilarityRanking(5, 2, 6, 0, 1, 3, 4)
            .withVowelRanking(1, 2, 3, 4, 5, 6, 0)
            .withGroups(List.of(new int[] {4, 3}, new int[] {6}));
    private static final List<Integer> ALL = List.of(0, 1, 2, 3, 4, 5, 6);

    @Test
    void eachStrategyReadsItsOwnInput() {
        assertEquals(AnchorPlan.singleLayer(6), AnchorPlan.resolve(Strategy.LAST_LAYER, CFG, INPUTS, 7));
        assertEquals(new AnchorPlan(ALL, List.of()), AnchorPlan.resolve(Strategy.WEIGHTED_SUM, CFG, INPUTS, 7));
        assertEquals(new AnchorPlan(ALL, List.of(Anchor.ofFinalEmbedding())), AnchorPlan.resolve(Strategy.CORAL_LAST, CFG, INPUTS, 7));
        assertEquals(new AnchorPlan(ALL, List.of(Anchor.ofLayers(5), Anchor.ofLayers(2), Anchor.ofLayers(6))),
                AnchorPlan.resolve(Strategy.LAM, CFG, INPUTS, 7));
        assertEquals(new AnchorPlan(ALL, List.of(Anchor.ofLayers(1), Anchor.ofLayers(2), Anchor.ofLayers(3))),
                AnchorPlan.resolve(Strategy.LAM_VOWEL, CFG, INPUTS, 7));
        assertEquals(new AnchorPlan(ALL, List.of(Anchor.ofLayers(3, 4), Anchor.ofLayers(6))),
                AnchorPlan.resolve(Strategy.LAM_GL, CFG, INPUTS, 7));
    }

    @Test
    void classifierCanReadOnlyTheAnchorLayers() {
        TrainingConfig onlyAnchors = CFG.withOverrides(Map.of("classifierLayers", "anchors", "anchorCount", 2));
        assertEquals(List.of(2, 5), AnchorPlan.resolve(Strategy.LAM, onlyAnchors, INPUTS, 7).usedLayers());
        assertEquals(List.of(3, 4, 6), AnchorPlan.resolve(Strategy.LAM_GL, onlyAnchors, INPUTS, 7).usedLayers());
    }

    @Test
    void badInputsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AnchorPlan.resolve(Strategy.LAM_GL, CFG, AnchorInputs.none(), 7)).getMessage().contains("groups"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AnchorPlan.resolve(Strategy.LAM, CFG, AnchorInputs.none().withSimilarityRanking(1, 9), 7))
                .getMessage().contains("names layer 9"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AnchorPlan.resolve(Strategy.LAM, CFG, AnchorInputs.none().withSimilarityRanking(1, 1), 7))
                .getMessage().contains("repeats"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AnchorPlan.resolve(Strategy.LAM_GL, CFG, AnchorInputs.none().withGroups(List.of(new int[0])), 7))
                .getMessage().contains("empty"));
    }

    @Test
    void inputsAreCopiedSoCallersCannotChangeThemLater() {
        int[] ranking = {3, 2, 1};
        AnchorInputs inputs = AnchorInputs.none().withSimilarityRanking(ranking);
        ranking[0] = 0;
        assertEquals(3, inputs.similarityRanking()[0]);
    }
}
