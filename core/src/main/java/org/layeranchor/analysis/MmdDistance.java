package org.layeranchor.analysis;

import java.util.Arrays;
import org.layeranchor.numeric.AllocatingProducts;

/**
 * Squared maximum mean discrepancy (Gretton et al. 2012) with a Gaussian kernel, unbiased estimator:
 *
 * <pre>
 * MMD²_u = 1/(m(m−1)) Σ_{i≠j} k(x_i,x_j) + 1/(n(n−1)) Σ_{i≠j} k(y_i,y_j) − 2/(mn) Σ_{i,j} k(x_i,y_j)
 * k(a,b) = exp(−‖a−b‖² / (2σ²)),  σ = median of ‖a−b‖ over all pairs of the pooled sample (median heuristic)
 * </pre>
 *
 * <p>The median heuristic makes the value invariant to a common rescaling of the features. Being
 * unbiased, the estimate can be slightly negative when the two distributions are equal.
 */
public final class MmdDistance implements CrossLanguageDistance {
    public static final String NAME = "mmd2_unbiased";

    /** The estimate and the bandwidth that was used. */
    public record Estimate(double mmd2, double bandwidth) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "unbiased MMD^2, Gaussian kernel, bandwidth = median pairwise distance of the pooled sample";
    }

    @Override
    public double distance(double[][] source, double[][] target) {
        return estimate(source, target).mmd2();
    }

    public Estimate estimate(double[][] source, double[][] target) {
        CrossLanguageDistance.checkSameDimension(source, target);
        int m = source.length;
        int n = target.length;
        if (m < 2 || n < 2) {
            throw new IllegalArgumentException("MMD needs at least 2 rows per side, got " + m + " and " + n);
        }
        double[][] pooled = new double[m + n][];
        System.arraycopy(source, 0, pooled, 0, m);
        System.arraycopy(target, 0, pooled, m, n);
        double[] sq = pairwiseSquaredDistancesUpper(pooled);
        double medianSq = median(sq.clone());
        // σ² = (median distance)² = median of squared distances; guard the all-identical case.
        double twoSigmaSq = 2 * (medianSq > 0 ? medianSq : 1.0);

        double sumSS = 0;
        double sumTT = 0;
        double sumST = 0;
        int total = m + n;
        int idx = 0;
        for (int i = 0; i < total; i++) {
            for (int j = i + 1; j < total; j++) {
                double k = Math.exp(-sq[idx++] / twoSigmaSq);
                if (j < m) {
                    sumSS += k;
                } else if (i >= m) {
                    sumTT += k;
                } else {
                    sumST += k;
                }
            }
        }
        // Upper-triangle sums count each unordered pair once; Σ_{i≠j} counts it twice.
        double mmd2 = 2 * sumSS / ((double) m * (m - 1)) + 2 * sumTT / ((double) n * (n - 1))
                - 2 * sumST / ((double) m * n);
        return new Estimate(mmd2, Math.sqrt(twoSigmaSq / 2));
    }

    /**
     * ‖x_i − x_j‖² for i &lt; j, row by row, from ‖x_i‖² + ‖x_j‖² − 2 x_i·x_j (clamped at 0), the dot
     * products from the Gram matrix X Xᵀ (each exactly {@code AllocatingProducts.dot} of its rows).
     */
    private static double[] pairwiseSquaredDistancesUpper(double[][] x) {
        int total = x.length;
        double[][] gram = AllocatingProducts.selfTimesTranspose(x);
        double[] sq = new double[total * (total - 1) / 2];
        int idx = 0;
        for (int i = 0; i < total; i++) {
            for (int j = i + 1; j < total; j++) {
                sq[idx++] = Math.max(gram[i][i] + gram[j][j] - 2 * gram[i][j], 0);
            }
        }
        return sq;
    }

    private static double median(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
    }
}
