package org.layeranchor.training.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/** Central finite differences in double precision, to check hand-written gradients against. */
public final class FiniteDifferences {
    static final double STEP = 1e-5;

    private FiniteDifferences() {
    }

    /** ∂f/∂x[i][j] ≈ (f(x + h e_ij) − f(x − h e_ij)) / 2h for every entry; x is restored afterwards. */
    public static double[][] gradient(double[][] x, DoubleSupplier f) {
        double[][] g = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            g[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                double keep = x[i][j];
                x[i][j] = keep + STEP;
                double up = f.getAsDouble();
                x[i][j] = keep - STEP;
                double down = f.getAsDouble();
                x[i][j] = keep;
                g[i][j] = (up - down) / (2 * STEP);
            }
        }
        return g;
    }

    /** Every entry agrees to {@code tolerance}, relative to the larger of the two (or 1e-6 absolute). */
    public static void assertMatches(String what, double[][] analytic, double[][] numeric, double tolerance) {
        for (int i = 0; i < analytic.length; i++) {
            for (int j = 0; j < analytic[i].length; j++) {
                double a = analytic[i][j];
                double n = numeric[i][j];
                double err = Math.abs(a - n) / Math.max(1e-6, Math.max(Math.abs(a), Math.abs(n)));
                final int r = i;
                final int c = j;
                assertTrue(err < tolerance, () -> what + "[" + r + "][" + c + "]: analytic " + a + ", numeric " + n
                        + " (relative error " + err + ")");
            }
        }
    }

    public static double[][] gaussian(SplittableRandom r, int rows, int cols, double scale) {
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                // Box–Muller keeps the test independent of java.util.Random.
                double u = 1 - r.nextDouble();
                row[j] = scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
            }
        }
        return a;
    }

    /** Σ_ij a[i][j]·b[i][j] over the first n rows. */
    public static double dot(double[][] a, double[][] b, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < a[i].length; j++) {
                s += a[i][j] * b[i][j];
            }
        }
        return s;
    }

    public static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
