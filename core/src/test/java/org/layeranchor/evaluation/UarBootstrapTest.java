package org.layeranchor.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UarBootstrapTest {
    private static int[][] data(int n, double accuracy, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] truth = new int[n];
        int[] pred = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = r.nextInt(4);
            pred[i] = r.nextDouble() < accuracy ? truth[i] : (truth[i] + 1 + r.nextInt(3)) % 4;
        }
        return new int[][] {truth, pred};
    }

    @Test
    void intervalContainsTheEstimateNarrowsWithDataAndIsReproducible() {
        int[][] small = data(200, 0.6, 1);
        int[][] large = data(5000, 0.6, 1);
        ConfidenceInterval a = UarBootstrap.interval(4, small[0], small[1], 7);
        ConfidenceInterval b = UarBootstrap.interval(4, large[0], large[1], 7);
        assertTrue(a.low() <= a.estimate() && a.estimate() <= a.high(), a.toString());
        assertTrue(b.high() - b.low() < (a.high() - a.low()) / 3, a + " vs " + b);
        assertEquals(a, UarBootstrap.interval(4, small[0], small[1], 7));
        assertEquals(0.95, a.level());
        assertEquals(1000, a.resamples());
    }

    @Test
    void coverageOfTheTrueUarIsRoughlyTheLevel() {
        // Each data set draws fresh predictions with true per-class recall 0.6, so UAR's truth is 0.6.
        int covered = 0;
        int trials = 200;
        for (int t = 0; t < trials; t++) {
            int[][] d = data(300, 0.6, 100 + t);
            ConfidenceInterval ci = UarBootstrap.interval(4, d[0], d[1], 300, 0.95, t);
            if (ci.low() <= 0.6 && 0.6 <= ci.high()) {
                covered++;
            }
        }
        assertTrue(covered >= 0.88 * trials && covered <= trials, "covered " + covered + " of " + trials);
    }

    @Test
    void aResultsConfusionCountsAreEnoughToResample() {
        int[][] d = data(400, 0.7, 3);
        EvaluationResult r = Evaluation.of(java.util.List.of("a", "b", "c", "d"), d[0], d[1]);
        ConfidenceInterval ci = UarBootstrap.interval(r, 11);
        assertEquals(r.uar(), ci.estimate(), 1e-12);
        assertTrue(ci.low() < r.uar() && r.uar() < ci.high(), ci.toString());
        assertEquals(ci, UarBootstrap.interval(r, 11));
    }

    @Test
    void quantileInterpolatesLikeNumpy() {
        double[] sorted = {1, 2, 3, 4};
        assertEquals(1.075, UarBootstrap.quantile(sorted, 0.025), 1e-12);
        assertEquals(2.5, UarBootstrap.quantile(sorted, 0.5), 1e-12);
        assertEquals(4.0, UarBootstrap.quantile(sorted, 1.0), 1e-12);
    }
}
