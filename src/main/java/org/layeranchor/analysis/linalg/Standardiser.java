package org.layeranchor.analysis.linalg;

/**
 * Per-dimension z-scoring, (x − mean) / std, with the statistics fitted on one or more sets of rows
 * (pooled) and applied to any rows. Dimensions with (near) zero spread are only centred, so a
 * constant dimension becomes 0 instead of being blown up by a tiny divisor.
 */
public final class Standardiser {
    private static final double RELATIVE_STD_FLOOR = 1e-8;

    private final double[] mean;
    private final double[] scale;

    private Standardiser(double[] mean, double[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    /** Statistics of the union of all given row sets (population std, divisor n). */
    public static Standardiser fitPooled(double[][]... parts) {
        int d = -1;
        long n = 0;
        for (double[][] part : parts) {
            for (double[] row : part) {
                if (d < 0) {
                    d = row.length;
                }
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("no rows to fit a standardiser on");
        }
        double[] mean = new double[d];
        for (double[][] part : parts) {
            for (double[] row : part) {
                for (int j = 0; j < d; j++) {
                    mean[j] += row[j];
                }
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[] var = new double[d];
        for (double[][] part : parts) {
            for (double[] row : part) {
                for (int j = 0; j < d; j++) {
                    double c = row[j] - mean[j];
                    var[j] += c * c;
                }
            }
        }
        double[] std = new double[d];
        double typical = 0;
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(var[j] / n);
            typical += std[j];
        }
        typical /= d;
        double floor = Math.max(typical * RELATIVE_STD_FLOOR, Double.MIN_NORMAL);
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            scale[j] = std[j] > floor ? 1 / std[j] : 1;
        }
        return new Standardiser(mean, scale);
    }

    /** New rows, standardised. */
    public double[][] apply(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double[] r = new double[mean.length];
            for (int j = 0; j < mean.length; j++) {
                r[j] = (rows[i][j] - mean[j]) * scale[j];
            }
            out[i] = r;
        }
        return out;
    }
}
