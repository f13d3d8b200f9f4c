package org.layeranchor.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProxyADistanceTest {
    private final ProxyADistance pad = ProxyADistance.defaults();

    @Test
    void perfectlySeparableLanguagesGiveTwo() {
        double[][] s = Samples.gaussian(200, 10, 1);
        double[][] t = Samples.shifted(Samples.gaussian(200, 10, 2), new double[] {20, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertEquals(2.0, pad.distance(s, t), 1e-12);
    }

    @Test
    void identicalDistributionsGiveAboutZero() {
        double[][] s = Samples.gaussian(300, 10, 3);
        double[][] t = Samples.gaussian(300, 10, 4);
        double value = pad.distance(s, t);
        // ε ≈ 0.5 ± sampling noise (600 held-out predictions: sd of ε ≈ 0.02, so of the PAD ≈ 0.08).
        assertEquals(0.0, value, 0.3, "PAD of one distribution against itself: " + value);
    }

    @Test
    void partialOverlapLiesBetween() {
        double[][] s = Samples.gaussian(300, 5, 5);
        double[][] t = Samples.shifted(Samples.gaussian(300, 5, 6), new double[] {1, 0, 0, 0, 0});
        // Two unit Gaussians 1 apart: Bayes error Φ(−0.5) ≈ 0.309, so PAD ≈ 2(1 − 0.617) ≈ 0.77.
        assertEquals(0.77, pad.distance(s, t), 0.2);
    }

    @Test
    void isDeterministicAndBalancesUnequalSides() {
        double[][] s = Samples.gaussian(500, 5, 7);
        double[][] t = Samples.gaussian(100, 5, 8);
        assertEquals(pad.distance(s, t), pad.distance(s, t), 0.0);
    }

    @Test
    void subsampleIsSeededSortedAndDistinct() {
        int[] a = DeterministicSubsample.indices(1000, 10, 3);
        assertArrayEquals(a, DeterministicSubsample.indices(1000, 10, 3));
        for (int i = 1; i < a.length; i++) {
            assertTrue(a[i] > a[i - 1]);
        }
        assertEquals(5, DeterministicSubsample.indices(5, 10, 3).length);
    }
}
