package org.layeranchor.report;

import java.util.Arrays;

/**
 * The mean of a strategy's UAR over directions, with a 95 % Student-t interval: mean ± t(0.975, n−1)
 * · s / √n, the directions treated as a sample of language pairs. Chosen over a bootstrap because it
 * is exact under normality and stays honest with few values (the leave-one-language-out table has
 * four directions, where a percentile bootstrap is far too narrow), and it needs no random seed. The
 * spread across directions already contains each direction's own test-set noise.
 *
 * @param mean the mean over directions
 * @param low  lower bound (NaN with fewer than two directions: no interval)
 * @param high upper bound (NaN with fewer than two directions)
 * @param n    number of directions
 */
public record MeanInterval(double mean, double low, double high, int n) {
    /** t quantiles at 0.975 for 1..30 degrees of freedom (standard tables). */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    private static final double Z975 = 1.959963985;

    public static MeanInterval of(double[] values) {
        int n = values.length;
        if (n == 0) {
            throw new IllegalArgumentException("no values to average");
        }
        double mean = Arrays.stream(values).average().orElseThrow();
        if (n == 1) {
            return new MeanInterval(mean, Double.NaN, Double.NaN, 1);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double half = t975(n - 1) * Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
        return new MeanInterval(mean, mean - half, mean + half, n);
    }

    public boolean hasInterval() {
        return n > 1;
    }

    /**
     * The 0.975 quantile of Student's t: the table up to 30 degrees of freedom, beyond it the
     * Cornish–Fisher expansion around the normal quantile (off by less than 1e-4 there).
     */
    static double t975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be ≥ 1, got " + df);
        }
        if (df <= T975.length) {
            return T975[df - 1];
        }
        double z = Z975;
        double v = df;
        return z + (z * z * z + z) / (4 * v) + (5 * Math.pow(z, 5) + 16 * Math.pow(z, 3) + 3 * z) / (96 * v * v)
                + (3 * Math.pow(z, 7) + 19 * Math.pow(z, 5) + 17 * Math.pow(z, 3) - 15 * z) / (384 * v * v * v);
    }
}
