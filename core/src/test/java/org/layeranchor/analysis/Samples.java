package org.layeranchor.analysis;

import java.util.Random;

/** Synthetic samples with known moments for the measure tests. */
final class Samples {
    private Samples() {
    }

    static double[][] gaussian(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return x;
    }

    /**
     * The 2d points ±a_j e_j: sample mean exactly 0 and sample covariance (divisor n−1) exactly
     * diag(variances), with a_j chosen from the wanted variances.
     */
    static double[][] exactDiagonal(double... variances) {
        int d = variances.length;
        double[][] x = new double[2 * d][d];
        for (int j = 0; j < d; j++) {
            double a = Math.sqrt(variances[j] * (2 * d - 1) / 2.0);
            x[2 * j][j] = a;
            x[2 * j + 1][j] = -a;
        }
        return x;
    }

    static double[][] shifted(double[][] x, double[] shift) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].clone();
            for (int j = 0; j < shift.length; j++) {
                y[i][j] += shift[j];
            }
        }
        return y;
    }

    static double[][] scaled(double[][] x, double factor) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].clone();
            for (int j = 0; j < y[i].length; j++) {
                y[i][j] *= factor;
            }
        }
        return y;
    }

    static double[][] times(double[][] x, double[][] matrix) {
        return org.layeranchor.numeric.AllocatingProducts.multiply(x, matrix);
    }
}
