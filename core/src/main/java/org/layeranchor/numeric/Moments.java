package org.layeranchor.numeric;

/**
 * First and second moments of a sample of row vectors: the mean and the unbiased covariance
 * (divisor n − 1), the quantities CORAL and the Fréchet distance are defined on.
 *
 * @param mean       per-dimension mean, length d
 * @param covariance d × d, symmetric, divisor n − 1
 * @param count      number of rows n
 */
public record Moments(double[] mean, double[][] covariance, int count) {

    public static Moments of(double[][] rows) {
        if (rows.length < 2) {
            throw new IllegalArgumentException("a covariance needs at least 2 rows, got " + rows.length);
        }
        double[] mean = mean(rows);
        double[][] covariance = AllocatingProducts.transposeTimesSelf(centred(rows, mean));
        double scale = 1.0 / (rows.length - 1);
        for (double[] row : covariance) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= scale;
            }
        }
        return new Moments(mean, covariance, rows.length);
    }

    /**
     * {@link #of} that centres {@code rows} in place instead of copying them (same moments, bit for bit),
     * for a caller that gives its rows up: {@code rows} holds the centred rows afterwards.
     */
    public static Moments ofCentringInPlace(double[][] rows) {
        if (rows.length < 2) {
            throw new IllegalArgumentException("a covariance needs at least 2 rows, got " + rows.length);
        }
        double[] mean = mean(rows);
        for (double[] row : rows) {
            for (int j = 0; j < mean.length; j++) {
                row[j] = row[j] - mean[j];
            }
        }
        double[][] covariance = AllocatingProducts.transposeTimesSelf(rows);
        double scale = 1.0 / (rows.length - 1);
        for (double[] row : covariance) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= scale;
            }
        }
        return new Moments(mean, covariance, rows.length);
    }

    public int dim() {
        return mean.length;
    }

    public static double[] mean(double[][] rows) {
        int d = rows[0].length;
        double[] mean = new double[d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.length;
        }
        return mean;
    }

    /** A new array: every row minus {@code mean}. */
    public static double[][] centred(double[][] rows, double[] mean) {
        double[][] c = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            c[i] = new double[mean.length];
            for (int j = 0; j < mean.length; j++) {
                c[i][j] = rows[i][j] - mean[j];
            }
        }
        return c;
    }
}
