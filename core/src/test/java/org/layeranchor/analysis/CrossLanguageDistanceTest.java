package org.layeranchor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.layeranchor.numeric.Moments;

/** CORAL, Fréchet and MMD² against their definitions on samples with known moments. */
class CrossLanguageDistanceTest {
    private final CoralDistance coral = new CoralDistance();
    private final FrechetDistance frechet = new FrechetDistance();
    private final MmdDistance mmd = new MmdDistance();

    @Test
    void identicalSetsAreAtDistanceZero() {
        double[][] x = Samples.gaussian(200, 16, 1);
        assertEquals(0.0, coral.distance(x, x), 0.0);
        assertEquals(0.0, frechet.distance(x, x), 1e-9);
        // Unbiased MMD² of a set with itself: 2A/(m(m−1)) − 2(A+m)/m² with A the off-diagonal kernel
        // sum, which lies in [−2/m, 0]: slightly negative, never positive.
        double m = mmd.distance(x, x);
        assertTrue(m <= 1e-12 && m >= -2.0 / x.length, "MMD² of identical sets " + m);
    }

    @Test
    void twoSamplesOfOneDistributionAreClose() {
        double[][] a = Samples.gaussian(400, 8, 2);
        double[][] b = Samples.gaussian(400, 8, 3);
        assertEquals(0.0, mmd.distance(a, b), 0.01);
        double[][] far = Samples.shifted(Samples.gaussian(400, 8, 4), new double[] {2, 0, 0, 0, 0, 0, 0, 0});
        assertTrue(mmd.distance(a, far) > 0.1, "shifted sets must be far apart in MMD²");
    }

    @Test
    void meanShiftGivesFrechetEqualToSquaredShiftAndNoCoralChange() {
        // Same covariance, means differ by μ: Fréchet = ‖μ‖² exactly, CORAL = 0.
        double[][] x = Samples.gaussian(300, 6, 5);
        double[] mu = {1, -2, 0.5, 0, 0, 3};
        double[][] y = Samples.shifted(x, mu);
        assertEquals(1 + 4 + 0.25 + 9, frechet.distance(x, y), 1e-8);
        assertEquals(0.0, coral.distance(x, y), 1e-20);
    }

    @Test
    void frechetOfStandardNormalSamplesApproachesTheShift() {
        // N(0,I) vs N(μ,I) from finite independent samples: ≈ ‖μ‖² up to sampling error.
        double[][] x = Samples.gaussian(20000, 4, 6);
        double[][] y = Samples.shifted(Samples.gaussian(20000, 4, 7), new double[] {1, 1, 0, 0});
        assertEquals(2.0, frechet.distance(x, y), 0.05);
    }

    @Test
    void isotropicScalingGivesDTimesOneMinusSigmaSquared() {
        // Covariance exactly I (d=5) against exactly σ²I: Fréchet = d (1 − σ)².
        double[][] x = Samples.exactDiagonal(1, 1, 1, 1, 1);
        Moments mx = Moments.of(x);
        for (int i = 0; i < 5; i++) {
            assertEquals(1.0, mx.covariance()[i][i], 1e-12);
        }
        double sigma = 2.5;
        assertEquals(5 * (1 - sigma) * (1 - sigma), frechet.distance(x, Samples.scaled(x, sigma)), 1e-9);
    }

    @Test
    void diagonalCovariancesByHand() {
        // C_s = diag(1, 4), C_t = diag(2, 1), equal means.
        double[][] s = Samples.exactDiagonal(1, 4);
        double[][] t = Samples.exactDiagonal(2, 1);
        // CORAL: ((1−2)² + (4−1)²) / (4·2²) = 10/16.
        assertEquals(10.0 / 16, coral.distance(s, t), 1e-12);
        // Fréchet for commuting covariances: Σ (√s_j − √t_j)² = (1 − √2)² + (2 − 1)².
        assertEquals(Math.pow(1 - Math.sqrt(2), 2) + 1, frechet.distance(s, t), 1e-10);
    }

    @Test
    void frechetOfNonCommutingTwoByTwoCovariancesMatchesTheClosedForm() {
        // For 2×2 PSD A, B: Tr((AB)^{1/2}) = √(Tr(AB) + 2√det(AB)) (eigenvalues of AB are ≥ 0).
        double[][] a = {{2.0, 0.8}, {0.8, 1.0}};
        double[][] b = {{0.5, -0.3}, {-0.3, 1.5}};
        double trAB = a[0][0] * b[0][0] + a[0][1] * b[1][0] + a[1][0] * b[0][1] + a[1][1] * b[1][1];
        double detAB = (a[0][0] * a[1][1] - a[0][1] * a[1][0]) * (b[0][0] * b[1][1] - b[0][1] * b[1][0]);
        double expected = 3.0 + 2.0 - 2 * Math.sqrt(trAB + 2 * Math.sqrt(detAB));
        Moments ma = new Moments(new double[2], a, 100);
        Moments mb = new Moments(new double[2], b, 100);
        assertEquals(expected, FrechetDistance.between(ma, mb), 1e-12);
        assertEquals(expected, FrechetDistance.between(mb, ma), 1e-12); // symmetric
    }

    @Test
    void frechetSampleRouteEqualsTheCovarianceRoute() {
        for (int[] shape : new int[][] {{30, 20, 50}, {40, 60, 25}, {15, 15, 15}}) {
            double[][] s = Samples.times(Samples.gaussian(shape[0], shape[2], 20), Samples.gaussian(shape[2], shape[2], 21));
            double[][] t = Samples.shifted(Samples.gaussian(shape[1], shape[2], 22), new double[] {1, 2});
            double viaCovariances = FrechetDistance.between(Moments.of(s), Moments.of(t));
            assertEquals(viaCovariances, FrechetDistance.fromSampleGram(s, t), 1e-8 * viaCovariances);
            assertEquals(viaCovariances, frechet.distance(s, t), 1e-8 * viaCovariances);
        }
    }

    @Test
    void frechetAtDimension512IsFast() {
        double[][] s = Samples.gaussian(500, 512, 8);
        double[][] t = Samples.gaussian(500, 512, 9);
        frechet.distance(Samples.gaussian(100, 64, 1), Samples.gaussian(100, 64, 2)); // warm-up
        long t0 = System.nanoTime();
        double f = FrechetDistance.between(Moments.of(s), Moments.of(t)); // the d × d eigendecomposition route
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("Frechet d=512, 500+500 rows, covariance route: %.3f s (value %.2f)%n", seconds, f);
        assertEquals(f, frechet.distance(s, t), 1e-8 * f);
        assertTrue(seconds < 3, "took " + seconds + " s");
        assertTrue(f > 0);
    }

    @Test
    void mmdIsInvariantToACommonRescaling() {
        double[][] a = Samples.gaussian(100, 5, 10);
        double[][] b = Samples.shifted(Samples.gaussian(100, 5, 11), new double[] {0.5, 0, 0, 0, 0});
        assertEquals(mmd.distance(a, b), mmd.distance(Samples.scaled(a, 7), Samples.scaled(b, 7)), 1e-12);
    }

    @Test
    void mmdMatchesABruteForceEvaluationOfTheDefinition() {
        double[][] a = Samples.gaussian(7, 3, 12);
        double[][] b = Samples.shifted(Samples.gaussian(5, 3, 13), new double[] {1, 0, 0});
        MmdDistance.Estimate e = mmd.estimate(a, b);
        double s2 = e.bandwidth() * e.bandwidth();
        double ss = 0;
        double tt = 0;
        double st = 0;
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 7; j++) {
                if (i != j) {
                    ss += Math.exp(-sq(a[i], a[j]) / (2 * s2));
                }
            }
            for (int j = 0; j < 5; j++) {
                st += Math.exp(-sq(a[i], b[j]) / (2 * s2));
            }
        }
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                if (i != j) {
                    tt += Math.exp(-sq(b[i], b[j]) / (2 * s2));
                }
            }
        }
        assertEquals(ss / 42 + tt / 20 - 2 * st / 35, e.mmd2(), 1e-12);
        // Bandwidth: the median of the 66 pairwise distances of the pooled 12 points (even count:
        // the mean of the two middle squared distances, then the square root).
        double[][] pooled = new double[12][];
        System.arraycopy(a, 0, pooled, 0, 7);
        System.arraycopy(b, 0, pooled, 7, 5);
        double[] d2 = new double[66];
        int k = 0;
        for (int i = 0; i < 12; i++) {
            for (int j = i + 1; j < 12; j++) {
                d2[k++] = sq(pooled[i], pooled[j]);
            }
        }
        Arrays.sort(d2);
        assertEquals(Math.sqrt((d2[32] + d2[33]) / 2), e.bandwidth(), 1e-12);
    }

    private static double sq(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - y[i]) * (x[i] - y[i]);
        }
        return s;
    }
}
