package org.layeranchor.training.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/** Central finite differences in double precision, to check hand-written gradients against. */
final class FiniteDifferences {
    static final double STEP = 1e-5;

    private FiniteDifferences() {
    }

    /** ∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / 2h for every i; x is restored afterwards. */
    static double[] gradient(double[] x, DoubleSupplier f) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double keep = x[i];
            x[i] = keep + STEP;
            double up = f.getAsDouble();
            x[i] = keep - STEP;
            double down = f.getAsDouble();
            x[i] = keep;
            g[i] = (up - down) / (2 * STEP);
        }
        return g;
    }

    /** Every entry agrees to {@code tolerance}, relative to the larger of the two (or 1e-6 absolute). */
    static void assertMatches(String what, double[] analytic, double[] numeric, double tolerance) {
        if (analytic.length != numeric.length) {
            throw new AssertionError(what + ": " + analytic.length + " vs " + numeric.length + " entries");
        }
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < analytic.length; i++) {
            double err = Math.abs(analytic[i] - numeric[i]) / Math.max(1e-6, Math.max(Math.abs(analytic[i]), Math.abs(numeric[i])));
            if (err > worst) {
                worst = err;
                worstAt = i;
            }
        }
        final int at = worstAt;
        final double w = worst;
        assertTrue(worst < tolerance, () -> what + ": relative error " + w + " at " + at + " (analytic "
                + analytic[at] + ", numeric " + numeric[at] + ")");
    }

    static double[] gaussian(SplittableRandom r, int n, double scale) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            // Box–Muller keeps the test independent of java.util.Random.
            double u = 1 - r.nextDouble();
            double v = r.nextDouble();
            a[i] = scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        }
        return a;
    }

    static double dot(double[] a, double[] b, int count) {
        double s = 0;
        for (int i = 0; i < count; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
