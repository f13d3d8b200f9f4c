package org.layeranchor.numeric;

/**
 * Per-dimension z-scoring, (x − mean) / std, with the statistics fitted on one or more sets of rows
 * and applied to any rows. Dimensions with (near) zero spread are only centred, so a constant
 * dimension becomes 0 instead of being blown up by a tiny divisor.
 *
 * <p>Two fits: {@link #fitPooled} treats the sets as one sample; {@link #fitWithinGroups} uses the
 * pooled <em>within-set</em> standard deviation, so that a difference between the sets' means does
 * not inflate the scale (the choice for comparing two languages: otherwise a large mean shift would
 * shrink every covariance and hide it from covariance-based distances).
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
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(var[j] / n);
        }
        return new Standardiser(mean, scales(std));
    }

    /**
     * Mean of the union; variance Σ_g Σ_{i∈g} (x_i − mean_g)² / (N − G), the pooled within-group
     * variance (as in a two-sample t-test), with G the number of non-empty groups.
     */
    public static Standardiser fitWithinGroups(double[][]... groups) {
        int d = -1;
        long n = 0;
        int nonEmpty = 0;
        for (double[][] g : groups) {
            if (g.length > 0) {
                d = g[0].length;
                n += g.length;
                nonEmpty++;
            }
        }
        if (n - nonEmpty < 1) {
            throw new IllegalArgumentException("need more rows than groups to fit a within-group scale");
        }
        double[] mean = new double[d];
        double[] var = new double[d];
        for (double[][] g : groups) {
            if (g.length == 0) {
                continue;
            }
            double[] gm = Moments.mean(g);
            for (int j = 0; j < d; j++) {
                mean[j] += gm[j] * g.length / n;
            }
            for (double[] row : g) {
                for (int j = 0; j < d; j++) {
                    double c = row[j] - gm[j];
                    var[j] += c * c;
                }
            }
        }
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(var[j] / (n - nonEmpty));
        }
        return new Standardiser(mean, scales(std));
    }

    private static double[] scales(double[] std) {
        int d = std.length;
        double typical = 0;
        for (double s : std) {
            typical += s;
        }
        typical /= d;
        double floor = Math.max(typical * RELATIVE_STD_FLOOR, Double.MIN_NORMAL);
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            scale[j] = std[j] > floor ? 1 / std[j] : 1;
        }
        return scale;
    }

    /** New rows, standardised. */
    /**
     * {@link #apply} written over {@code rows} itself (same values, bit for bit), for a caller whose rows
     * are its own copy: no second copy of a large sample is alive at once. Returns {@code rows}.
     */
    public double[][] applyInPlace(double[][] rows) {
        for (double[] r : rows) {
            if (r.length != mean.length) {
                throw new IllegalArgumentException("row has " + r.length + " values, the standardiser " + mean.length);
            }
            for (int j = 0; j < mean.length; j++) {
                r[j] = (r[j] - mean[j]) * scale[j];
            }
        }
        return rows;
    }

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
