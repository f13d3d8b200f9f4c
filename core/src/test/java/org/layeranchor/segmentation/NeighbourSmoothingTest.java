package org.layeranchor.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NeighbourSmoothingTest {
    @Test
    void eachSegmentBecomesTheDurationWeightedMeanOfItsNeighbourhood() {
        double[][] p = {{1, 0}, {0, 1}, {1, 0}};
        double[] d = {1, 2, 1};
        double[][] s = NeighbourSmoothing.smooth(p, d, 1);
        assertArrayEquals(new double[] {1 / 3.0, 2 / 3.0}, s[0], 1e-12);   // (1·[1,0] + 2·[0,1]) / 3
        assertArrayEquals(new double[] {0.5, 0.5}, s[1], 1e-12);           // (1 + 0 + 1) / 4, (0 + 2 + 0) / 4
        assertArrayEquals(new double[] {1 / 3.0, 2 / 3.0}, s[2], 1e-12);
    }

    @Test
    void zeroNeighboursLeavesTheProbabilitiesAsTheyAre() {
        double[][] p = {{0.2, 0.8}, {0.9, 0.1}};
        double[][] s = NeighbourSmoothing.smooth(p, new double[] {1, 1}, 0);
        assertArrayEquals(p[0], s[0], 0.0);
        assertArrayEquals(p[1], s[1], 0.0);
    }

    @Test
    void refusesANegativeNeighbourhood() {
        assertThrows(IllegalArgumentException.class, () -> NeighbourSmoothing.smooth(new double[0][], new double[0], -1));
    }
}
