package org.layeranchor.training.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.layeranchor.numeric.AllocatingProducts;

class ClosedFormCoralTest {
    /** Rows with a known, strongly non-spherical covariance: x = z · M, z standard normal. */
    private static double[][] sample(int n, double[][] mix, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = mix.length;
        double[][] z = new double[n][d];
        for (double[] row : z) {
            for (int j = 0; j < d; j++) {
                row[j] = gaussian(r);
            }
        }
        return AllocatingProducts.multiply(z, mix);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /**
     * The definition: A = (C_s + εI)^{-1/2} (C_t + εI)^{1/2}, so Aᵀ (C_s + εI) A = C_t + εI exactly,
     * i.e. the regularised source covariance is carried onto the regularised target covariance.
     */
    @Test
    void theMapCarriesTheRegularisedSourceCovarianceOntoTheTargets() {
        double[][] mixS = {{2, 0, 0, 0}, {0.5, 1, 0, 0}, {0, 0, 0.3, 0}, {0, 0.2, 0, 1.5}};
        double[][] mixT = {{0.7, 0.4, 0, 0}, {0, 2, 0, 0}, {0, 0, 1, 0.9}, {0.1, 0, 0, 0.5}};
        double[][] xs = sample(300, mixS, 1);
        double[][] xt = sample(200, mixT, 2);
        for (double eps : new double[] {1.0, 1e-3}) {
            double[][] a = ClosedFormCoral.map(xs, xt, eps);
            double[][] cs = ClosedFormCoral.covariance(xs, eps);
            double[][] ct = ClosedFormCoral.covariance(xt, eps);
            double[][] carried = AllocatingProducts.multiply(AllocatingProducts.transposeTimes(a, cs), a);
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(ct[i][j], carried[i][j], 1e-9, "entry " + i + "," + j + " at eps " + eps);
                }
            }
        }
    }

    /** Where the source covariance has full rank and ε is tiny, the aligned source has the target's covariance. */
    @Test
    void alignedSourceHasTheTargetCovariance() {
        double[][] mixS = {{3, 0, 0}, {0, 0.5, 0}, {1, 0, 1}};
        double[][] mixT = {{1, 0.5, 0}, {0, 1, 0}, {0, 0, 0.2}};
        double[][] xs = sample(2000, mixS, 3);
        double[][] xt = sample(2000, mixT, 4);
        double[][] aligned = ClosedFormCoral.apply(xs, ClosedFormCoral.map(xs, xt, 1e-9));
        double[][] ca = ClosedFormCoral.covariance(aligned, 0);
        double[][] ct = ClosedFormCoral.covariance(xt, 0);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(ct[i][j], ca[i][j], 1e-6);
            }
        }
    }

    @Test
    void badInputsAreRefused() {
        double[][] x = sample(10, new double[][] {{1, 0}, {0, 1}}, 5);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClosedFormCoral.map(x, x, 0)).getMessage()
                .contains("must be > 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClosedFormCoral.map(x, new double[][] {{1, 2}}, 1))
                .getMessage().contains("at least 2 rows"));
    }
}
