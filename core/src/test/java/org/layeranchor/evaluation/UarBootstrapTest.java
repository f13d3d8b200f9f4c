package org.layeranchor.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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

    /** Seeds' predictions around {@code truth}: each right with probability 0.55, otherwise any class. */
    private static int[][] seeds(int n, int count) {
        SplittableRandom r = new SplittableRandom(5);
        int[][] rows = new int[count + 1][n];
        for (int i = 0; i < n; i++) {
            rows[0][i] = r.nextInt(4);
            for (int s = 1; s <= count; s++) {
                rows[s][i] = r.nextDouble() < 0.55 ? rows[0][i] : r.nextInt(4);
            }
        }
        return rows;
    }

    @Test
    void theBenchmarksReportedIntervalsArePinned() {
        // Values of experiment.SeedAveragedBootstrap (the benchmark's bootstrap before it moved here),
        // so the move changed no reported number.
        int[][] d = seeds(60, 3);
        ConfidenceInterval three = UarBootstrap.seedAveraged(4, d[0], List.of(d[1], d[2], d[3]), 200, 0.95, 12345L);
        assertEquals(0.6338675213675213, three.estimate(), 0.0);
        assertEquals(0.5648148148148148, three.low(), 0.0);
        assertEquals(0.7087433862433862, three.high(), 0.0);
        ConfidenceInterval one = UarBootstrap.interval(4, d[0], d[1], 1000, 0.9, 7L);
        assertEquals(0.6673076923076923, one.estimate(), 0.0);
        assertEquals(0.5676470588235294, one.low(), 0.0);
        assertEquals(0.7671703296703296, one.high(), 0.0);
    }

    @Test
    void theEstimateIsTheMeanOfTheSeedsUars() {
        int[][] d = seeds(80, 2);
        List<String> names = List.of("a", "b", "c", "d");
        double mean = (Evaluation.of(names, d[0], d[1]).uar() + Evaluation.of(names, d[0], d[2]).uar()) / 2;
        ConfidenceInterval ci = UarBootstrap.seedAveraged(4, d[0], List.of(d[1], d[2]), 100, 0.95, 3);
        assertEquals(mean, ci.estimate(), 1e-15);
        assertTrue(ci.low() <= mean && mean <= ci.high(), ci.toString());
        // One seed listed twice is that seed's interval: the resamples are drawn once for all seeds.
        assertEquals(UarBootstrap.interval(4, d[0], d[1], 100, 0.95, 3),
                UarBootstrap.seedAveraged(4, d[0], List.of(d[1], d[1]), 100, 0.95, 3));
    }

    @Test
    void boundsAreOrderStatisticsRoundedOutwards() {
        // With 3 resamples at level 0.5 the bounds are ⌊0.5⌋ = 0 and ⌈1.5⌉ = 2: the smallest and largest
        // resample; an interpolating rule would land strictly inside.
        int[][] d = seeds(40, 1);
        ConfidenceInterval narrow = UarBootstrap.interval(4, d[0], d[1], 3, 0.5, 9);
        ConfidenceInterval wide = UarBootstrap.interval(4, d[0], d[1], 3, 0.98, 9);
        assertTrue(narrow.low() < narrow.high(), narrow.toString());
        assertEquals(wide.low(), narrow.low(), 0.0);
        assertEquals(wide.high(), narrow.high(), 0.0);
    }

    @Test
    void badInputIsRefusedWithWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UarBootstrap.interval(4, new int[] {0, 1}, new int[] {0}, 7));
        assertTrue(e.getMessage().contains("1 and 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> UarBootstrap.interval(2, new int[] {0, 2}, new int[] {0, 1}, 7));
        assertTrue(e.getMessage().contains("true label 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UarBootstrap.interval(2, new int[] {0, 1}, new int[] {0, 1}, 0, 0.95, 7));
    }
}
