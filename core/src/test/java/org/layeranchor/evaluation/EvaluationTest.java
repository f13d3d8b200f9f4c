package org.layeranchor.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {
    private static final List<String> C = List.of("a", "b", "c");

    @Test
    void probabilitiesBecomeTheSameScoresAsHardPredictions() {
        double[][] proba = {{0.8, 0.1, 0.1}, {0.2, 0.5, 0.3}, {0.1, 0.1, 0.8}, {0.4, 0.4, 0.2}};
        int[] truth = {0, 1, 1, 0};
        assertArrayEquals(new int[] {0, 1, 2, 0}, Evaluation.argmax(proba)); // ties go to the first class
        EvaluationResult r = Evaluation.ofProbabilities(C, truth, proba);
        // a: 2/2, b: 1/2, c absent from truth
        assertEquals(0.75, r.uar(), 1e-12);
        assertEquals(0.75, r.weightedAccuracy(), 1e-12);
        assertEquals(1.0, r.recall().get("a"));
        assertTrue(Double.isNaN(r.recall().get("c")));
        assertEquals(1, r.confusion()[1][2]);
        assertEquals(r.uar(), r.confusionMatrix().uar(), 0);
        assertTrue(r.toText().contains("UAR 0.7500"), r.toText());
    }

    @Test
    void labelsOutsideTheClassSetAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Evaluation.indicesOf(C, List.of("a", "z")));
        assertTrue(e.getMessage().contains("'z'"), e.getMessage());
    }
}
