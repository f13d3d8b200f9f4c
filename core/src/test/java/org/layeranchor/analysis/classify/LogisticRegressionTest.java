package org.layeranchor.analysis.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

    private static double[][] randomRows(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void gradientMatchesCentralFiniteDifferences() {
        int n = 30;
        int d = 4;
        int classes = 3;
        double[][] x = randomRows(n, d, 1);
        Random r = new Random(2);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(classes);
        }
        double[] w = LogisticRegression.balancedWeights(y, classes);
        DifferentiableFunction f = LogisticRegression.objective(x, y, classes, w, 0.3);
        double[] theta = new double[classes * (d + 1)];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = r.nextGaussian();
        }
        double[] g = new double[theta.length];
        f.valueAndGradient(theta, g);
        double h = 1e-6;
        double[] scratch = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (f.valueAndGradient(plus, scratch) - f.valueAndGradient(minus, scratch)) / (2 * h);
            assertEquals(numeric, g[i], 1e-7, "component " + i);
        }
    }

    @Test
    void valueAtZeroIsLogOfTheClassCount() {
        // All logits 0: every CE is log K, and the penalty is 0.
        double[][] x = randomRows(10, 3, 3);
        int[] y = {0, 1, 2, 3, 0, 1, 2, 3, 0, 1};
        DifferentiableFunction f = LogisticRegression.objective(x, y, 4, LogisticRegression.balancedWeights(y, 4), 1);
        assertEquals(Math.log(4), f.valueAndGradient(new double[4 * 4], new double[16]), 1e-12);
    }

    @Test
    void balancedWeightsGiveEveryClassTheSameTotal() {
        int[] y = {0, 0, 0, 1, 2, 2};
        double[] w = LogisticRegression.balancedWeights(y, 4); // class 3 absent: K' = 3
        assertArrayEquals(new double[] {6 / 9.0, 6 / 9.0, 6 / 9.0, 2, 1, 1}, w, 1e-12);
    }

    @Test
    void separatesLinearlySeparableClassesAndConverges() {
        int n = 300;
        double[][] x = randomRows(n, 5, 4);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i][0] += (i % 3) * 6; // three well separated clusters along dimension 0
            y[i] = i % 3;
        }
        LogisticRegression.Model m = LogisticRegression.fit(x, y, 3, LogisticRegression.Settings.defaults());
        assertArrayEquals(y, m.predict(x));
        assertTrue(m.converged() || m.iterations() > 0);
    }

    @Test
    void theFittedModelIsAStationaryPointOfTheObjective() {
        int n = 200;
        double[][] x = randomRows(n, 6, 5);
        int[] y = new int[n];
        Random r = new Random(6);
        for (int i = 0; i < n; i++) {
            y[i] = x[i][0] + 0.5 * x[i][1] + r.nextGaussian() > 0 ? 1 : 0; // overlapping classes
        }
        LogisticRegression.Settings s = new LogisticRegression.Settings(0.01, false, new Lbfgs.Settings(10, 500, 1e-9));
        LogisticRegression.Model m = LogisticRegression.fit(x, y, 2, s);
        double[] theta = new double[2 * 7];
        for (int k = 0; k < 2; k++) {
            System.arraycopy(m.weights()[k], 0, theta, k * 7, 6);
            theta[k * 7 + 6] = m.bias()[k];
        }
        double[] g = new double[theta.length];
        double[] uniform = new double[n];
        Arrays.fill(uniform, 1);
        LogisticRegression.objective(x, y, 2, uniform, 0.01).valueAndGradient(theta, g);
        for (double v : g) {
            assertEquals(0, v, 1e-7);
        }
        // The two classes are symmetric under L2: w_1 = −w_0 at the optimum.
        for (int j = 0; j < 6; j++) {
            assertEquals(-m.weights()[0][j], m.weights()[1][j], 1e-6);
        }
    }

    @Test
    void lbfgsFindsTheMinimumOfAnIllConditionedQuadratic() {
        // f(x) = Σ c_i (x_i − i)², minimum at x_i = i.
        double[] c = {1, 10, 100, 1000};
        DifferentiableFunction f = (x, g) -> {
            double v = 0;
            for (int i = 0; i < x.length; i++) {
                v += c[i] * (x[i] - i) * (x[i] - i);
                g[i] = 2 * c[i] * (x[i] - i);
            }
            return v;
        };
        Lbfgs.Result r = Lbfgs.minimise(f, new double[4], new Lbfgs.Settings(5, 200, 1e-10));
        assertTrue(r.converged());
        assertArrayEquals(new double[] {0, 1, 2, 3}, r.x(), 1e-9);
    }

    @Test
    void lbfgsMinimisesRosenbrock() {
        DifferentiableFunction f = (x, g) -> {
            double a = 1 - x[0];
            double b = x[1] - x[0] * x[0];
            g[0] = -2 * a - 400 * x[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        };
        Lbfgs.Result r = Lbfgs.minimise(f, new double[] {-1.2, 1}, new Lbfgs.Settings(10, 1000, 1e-8));
        assertArrayEquals(new double[] {1, 1}, r.x(), 1e-6);
    }

    /** The objective one class at a time, as it was written before the four-class passes. */
    private static double oneClassAtATime(double[][] x, int[] y, int classes, double[] sw, double l2, double[] theta,
                                          double[] gradient) {
        int n = x.length;
        int d = x[0].length;
        int stride = d + 1;
        double weightSum = 0;
        for (double w : sw) {
            weightSum += w;
        }
        double inv = 1 / weightSum;
        Arrays.fill(gradient, 0);
        double loss = 0;
        double[] z = new double[classes];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                double s = theta[k * stride + d];
                for (int j = 0; j < d; j++) {
                    s += theta[k * stride + j] * x[i][j];
                }
                z[k] = s;
                max = Math.max(max, s);
            }
            double sumExp = 0;
            for (int k = 0; k < classes; k++) {
                z[k] = Math.exp(z[k] - max);
                sumExp += z[k];
            }
            double wi = sw[i] * inv;
            loss += wi * (Math.log(sumExp) - Math.log(z[y[i]]));
            for (int k = 0; k < classes; k++) {
                double c = wi * (z[k] / sumExp - (k == y[i] ? 1 : 0));
                for (int j = 0; j < d; j++) {
                    gradient[k * stride + j] += c * x[i][j];
                }
                gradient[k * stride + d] += c;
            }
        }
        double penalty = 0;
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < d; j++) {
                double t = theta[k * stride + j];
                penalty += t * t;
                gradient[k * stride + j] += l2 * t;
            }
        }
        return loss + 0.5 * l2 * penalty;
    }

    @Test
    void objectiveIsBitForBitTheOneClassAtATimeSum() {
        Random r = new Random(5);
        for (int classes : new int[] {2, 3, 4, 5, 7, 8, 9}) {
            int n = 40 + classes % 2; // an odd row count too: the last row alone
            int d = 37;
            double[][] x = new double[n][d];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    x[i][j] = r.nextGaussian() * Math.exp(r.nextGaussian());
                }
                y[i] = r.nextInt(classes);
            }
            double[] sw = LogisticRegression.balancedWeights(y, classes);
            double[] theta = new double[classes * (d + 1)];
            for (int i = 0; i < theta.length; i++) {
                theta[i] = r.nextGaussian();
            }
            double[] got = new double[theta.length];
            double[] want = new double[theta.length];
            double lossGot = LogisticRegression.objective(x, y, classes, sw, 0.3).valueAndGradient(theta, got);
            double lossWant = oneClassAtATime(x, y, classes, sw, 0.3, theta, want);
            assertEquals(Double.doubleToLongBits(lossWant), Double.doubleToLongBits(lossGot), classes + " classes: loss");
            for (int i = 0; i < got.length; i++) {
                assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(got[i]), classes + " classes: gradient " + i);
            }
        }
    }
}
