package org.layeranchor.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AnalysisPlotsTest {
    @Test
    void distancesAreRescaledOverLayersAndANearlyConstantOneIsNotStretched() {
        assertArrayEquals(new double[] {0, 0.5, 1, Double.NaN}, AnalysisPlots.rescaled(new double[] {1, 2, 3, Double.NaN}), 1e-12);
        double[] saturated = {1.988, 2.0, 2.0, 2.0}; // proxy A-distance on separable corpora
        assertTrue(AnalysisPlots.nearlyConstant(saturated));
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5}, AnalysisPlots.rescaled(saturated), 0);
        assertFalse(AnalysisPlots.nearlyConstant(new double[] {0.02, 0.05}));
    }
}
