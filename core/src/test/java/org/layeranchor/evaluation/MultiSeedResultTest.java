package org.layeranchor.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class MultiSeedResultTest {
    @Test
    void meanAndSampleStandardDeviationOverSeeds() {
        SeedSummary s = SeedSummary.of(0.5, 0.6, 0.7);
        assertEquals(0.6, s.mean(), 1e-12);
        assertEquals(0.1, s.std(), 1e-12); // sample std, n − 1
        assertEquals(0.0, SeedSummary.of(0.42).std());
    }

    @Test
    void aggregatesEvaluationResults() {
        List<String> c = List.of("x", "y");
        EvaluationResult seed0 = Evaluation.of(c, new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 0}); // UAR 0.75
        EvaluationResult seed1 = Evaluation.of(c, new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1}); // UAR 0.75
        EvaluationResult seed2 = Evaluation.of(c, new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 1}); // UAR 1.0
        MultiSeedResult r = MultiSeedResult.of(List.of(seed0, seed1, seed2));
        assertEquals((0.75 + 0.75 + 1.0) / 3, r.uar().mean(), 1e-12);
        assertEquals(3, r.uar().seeds());
        assertEquals((1.0 + 0.5 + 1.0) / 3, r.recall().get("x").mean(), 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> MultiSeedResult.of(List.of(seed0, Evaluation.of(List.of("x", "z"), new int[] {0}, new int[] {0}))));
    }
}
