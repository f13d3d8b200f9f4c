package org.layeranchor.analysis.classify;

import java.util.Arrays;

/**
 * Multinomial (softmax) logistic regression with an L2 penalty on the weights (not the biases),
 * optionally class-balanced, fitted by {@link Lbfgs}. The linear probe of the analysis stage.
 *
 * <p>Objective, for rows x_i with classes y_i and sample weights w_i:
 * <pre>
 * L(W, b) = Σ_i w_i · CE_i / Σ_i w_i + (λ/2) Σ_k ‖W_k‖²,   CE_i = log Σ_k exp(z_ik) − z_{i,y_i},   z_ik = W_k·x_i + b_k
 * </pre>
 * Class-balanced weights are w_i = n / (K' · n_{y_i}) with K' the number of classes present, so
 * every class contributes equally (what UAR rewards). λ = 1/(C n) relates it to scikit-learn's C.
 * Features should be standardised first; the penalty assumes comparable scales.
 */
public final class LogisticRegression {

    /**
     * @param l2            λ, the L2 penalty on weights (per-sample-mean loss scale)
     * @param classBalanced weight samples inversely to their class frequency
     * @param optimizer     L-BFGS settings
     */
    public record Settings(double l2, boolean classBalanced, Lbfgs.Settings optimizer) {
        /**
         * λ = 1e-2 (scikit-learn C ≈ 0.1 at n = 1000), class-balanced, L-BFGS memory 10, ≤ 200
         * iterations, gradient tolerance 1e-4. Chosen so that one fit on 1000 × 512 standardised
         * rows takes under 0.1 s and converges; the predictions no longer change at tighter settings.
         */
        public static Settings defaults() {
            return new Settings(1e-2, true, new Lbfgs.Settings(10, 200, 1e-4));
        }
    }

    /** A fitted model: weights[k] and bias[k] give the logit of class k. */
    public record Model(double[][] weights, double[] bias, boolean converged, int iterations) {
        public int classes() {
            return bias.length;
        }

        public double[] logits(double[] x) {
            double[] z = new double[bias.length];
            for (int k = 0; k < z.length; k++) {
                double s = bias[k];
                double[] w = weights[k];
                for (int j = 0; j < w.length; j++) {
                    s += w[j] * x[j];
                }
                z[k] = s;
            }
            return z;
        }

        public int predict(double[] x) {
            double[] z = logits(x);
            int best = 0;
            for (int k = 1; k < z.length; k++) {
                if (z[k] > z[best]) {
                    best = k;
                }
            }
            return best;
        }

        public int[] predict(double[][] rows) {
            int[] p = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                p[i] = predict(rows[i]);
            }
            return p;
        }
    }

    private LogisticRegression() {
    }

    public static Model fit(double[][] x, int[] y, int classes, Settings settings) {
        return fit(x, y, classes, settings, null);
    }

    /**
     * Fits starting from {@code start} (a model of the same shape, e.g. from the previous
     * cross-validation fold) instead of zero: the optimum is the same, it is reached in fewer iterations.
     */
    public static Model fit(double[][] x, int[] y, int classes, Settings settings, Model start) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException(x.length + " rows but " + y.length + " labels");
        }
        int d = x[0].length;
        double[] weights = settings.classBalanced() ? balancedWeights(y, classes) : uniformWeights(y.length);
        DifferentiableFunction objective = objective(x, y, classes, weights, settings.l2());
        double[] theta0 = new double[classes * (d + 1)];
        if (start != null) {
            if (start.classes() != classes || start.weights()[0].length != d) {
                throw new IllegalArgumentException("warm start has another shape");
            }
            for (int k = 0; k < classes; k++) {
                System.arraycopy(start.weights()[k], 0, theta0, k * (d + 1), d);
                theta0[k * (d + 1) + d] = start.bias()[k];
            }
        }
        Lbfgs.Result r = Lbfgs.minimise(objective, theta0, settings.optimizer());
        double[][] w = new double[classes][d];
        double[] b = new double[classes];
        for (int k = 0; k < classes; k++) {
            System.arraycopy(r.x(), k * (d + 1), w[k], 0, d);
            b[k] = r.x()[k * (d + 1) + d];
        }
        return new Model(w, b, r.converged(), r.iterations());
    }

    /** w_i = n / (K' · n_{y_i}), K' = number of classes with at least one row. */
    public static double[] balancedWeights(int[] y, int classes) {
        int[] count = new int[classes];
        for (int c : y) {
            count[c]++;
        }
        int present = 0;
        for (int c : count) {
            if (c > 0) {
                present++;
            }
        }
        double[] w = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            w[i] = y.length / ((double) present * count[y[i]]);
        }
        return w;
    }

    private static double[] uniformWeights(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1);
        return w;
    }

    /**
     * The objective L above as a function of θ, laid out class by class as [W_k (d values), b_k].
     * Public so that its gradient can be checked against finite differences.
     */
    public static DifferentiableFunction objective(double[][] x, int[] y, int classes, double[] sampleWeights, double l2) {
        int n = x.length;
        int d = x[0].length;
        int stride = d + 1;
        double weightSum = 0;
        for (double w : sampleWeights) {
            weightSum += w;
        }
        double invWeightSum = 1 / weightSum;
        return (theta, gradient) -> {
            Arrays.fill(gradient, 0);
            double loss = 0;
            double[] z = new double[classes];
            double[] z2 = new double[classes];
            double[] coefficient = new double[classes];
            double[] coefficient2 = new double[classes];
            // Two rows per pass (see the helpers below); the terms are added in row order all the same.
            for (int i = 0; i < n; i += 2) {
                boolean pair = i + 1 < n;
                // An odd last row is paired with itself; its second copy's logits are not read.
                logitsOfTwo(theta, x[i], x[pair ? i + 1 : i], classes, d, z, z2);
                loss += lossAndCoefficients(z, y[i], sampleWeights[i] * invWeightSum, coefficient);
                for (int k = 0; k < classes; k++) {
                    gradient[k * stride + d] += coefficient[k];
                }
                if (!pair) {
                    addOuter(gradient, coefficient, x[i], classes, d);
                    continue;
                }
                loss += lossAndCoefficients(z2, y[i + 1], sampleWeights[i + 1] * invWeightSum, coefficient2);
                for (int k = 0; k < classes; k++) {
                    gradient[k * stride + d] += coefficient2[k];
                }
                addOuterOfTwo(gradient, coefficient, x[i], coefficient2, x[i + 1], classes, d);
            }
            double penalty = 0;
            for (int k = 0; k < classes; k++) {
                int off = k * stride;
                for (int j = 0; j < d; j++) {
                    double t = theta[off + j];
                    penalty += t * t;
                    gradient[off + j] += l2 * t;
                }
            }
            return loss + 0.5 * l2 * penalty;
        };
    }

    /**
     * One row's weighted cross-entropy, wi · (log Σ exp(z) − z_y) computed from the shifted logits for
     * stability, and its gradient coefficients wi · (p_k − [k = y]) into {@code coefficient}; {@code z}
     * is overwritten.
     */
    private static double lossAndCoefficients(double[] z, int label, double wi, double[] coefficient) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sumExp = 0;
        for (int k = 0; k < z.length; k++) {
            z[k] = Math.exp(z[k] - max); // z now holds unnormalised probabilities
            sumExp += z[k];
        }
        double loss = wi * (Math.log(sumExp) - Math.log(z[label]));
        for (int k = 0; k < z.length; k++) {
            coefficient[k] = wi * (z[k] / sumExp - (k == label ? 1 : 0));
        }
        return loss;
    }

    /*
     * The loops below are nearly all of a fit's time (the benchmark's largest single cost). They take
     * four classes, and two rows, per pass, so that up to eight independent sums advance together
     * instead of one waiting on its own previous addition; each sum still adds the same terms in the
     * same order (a gradient element row i's term before row i + 1's), so the objective and its
     * gradient are bit for bit those of one class and one row at a time
     * (LogisticRegressionTest.objectiveIsBitForBitTheOneClassAtATimeSum).
     */

    /** z_k = b_k + Σ_j W_kj x_j of rows a and b into za and zb, each sum in j order from the bias. */
    private static void logitsOfTwo(double[] theta, double[] xa, double[] xb, int classes, int d, double[] za, double[] zb) {
        int stride = d + 1;
        int k = 0;
        for (; k + 4 <= classes; k += 4) {
            int o0 = k * stride;
            int o1 = o0 + stride;
            int o2 = o1 + stride;
            int o3 = o2 + stride;
            double a0 = theta[o0 + d];
            double a1 = theta[o1 + d];
            double a2 = theta[o2 + d];
            double a3 = theta[o3 + d];
            double b0 = a0;
            double b1 = a1;
            double b2 = a2;
            double b3 = a3;
            for (int j = 0; j < d; j++) {
                double va = xa[j];
                double vb = xb[j];
                double t0 = theta[o0 + j];
                double t1 = theta[o1 + j];
                double t2 = theta[o2 + j];
                double t3 = theta[o3 + j];
                a0 += t0 * va;
                a1 += t1 * va;
                a2 += t2 * va;
                a3 += t3 * va;
                b0 += t0 * vb;
                b1 += t1 * vb;
                b2 += t2 * vb;
                b3 += t3 * vb;
            }
            za[k] = a0;
            za[k + 1] = a1;
            za[k + 2] = a2;
            za[k + 3] = a3;
            zb[k] = b0;
            zb[k + 1] = b1;
            zb[k + 2] = b2;
            zb[k + 3] = b3;
        }
        for (; k < classes; k++) {
            int off = k * stride;
            double a = theta[off + d];
            double b = a;
            for (int j = 0; j < d; j++) {
                double t = theta[off + j];
                a += t * xa[j];
                b += t * xb[j];
            }
            za[k] = a;
            zb[k] = b;
        }
    }

    /** gradient[W_kj] += ca_k xa_j, then += cb_k xb_j, for every class k and dimension j. */
    private static void addOuterOfTwo(double[] gradient, double[] ca, double[] xa, double[] cb, double[] xb,
                                      int classes, int d) {
        int stride = d + 1;
        int k = 0;
        for (; k + 4 <= classes; k += 4) {
            int o0 = k * stride;
            int o1 = o0 + stride;
            int o2 = o1 + stride;
            int o3 = o2 + stride;
            double a0 = ca[k];
            double a1 = ca[k + 1];
            double a2 = ca[k + 2];
            double a3 = ca[k + 3];
            double b0 = cb[k];
            double b1 = cb[k + 1];
            double b2 = cb[k + 2];
            double b3 = cb[k + 3];
            for (int j = 0; j < d; j++) {
                double va = xa[j];
                double vb = xb[j];
                gradient[o0 + j] = (gradient[o0 + j] + a0 * va) + b0 * vb;
                gradient[o1 + j] = (gradient[o1 + j] + a1 * va) + b1 * vb;
                gradient[o2 + j] = (gradient[o2 + j] + a2 * va) + b2 * vb;
                gradient[o3 + j] = (gradient[o3 + j] + a3 * va) + b3 * vb;
            }
        }
        for (; k < classes; k++) {
            int off = k * stride;
            double a = ca[k];
            double b = cb[k];
            for (int j = 0; j < d; j++) {
                gradient[off + j] = (gradient[off + j] + a * xa[j]) + b * xb[j];
            }
        }
    }

    /** gradient[W_kj] += c_k x_j for every class k and dimension j. */
    private static void addOuter(double[] gradient, double[] c, double[] xi, int classes, int d) {
        int stride = d + 1;
        int k = 0;
        for (; k + 4 <= classes; k += 4) {
            int o0 = k * stride;
            int o1 = o0 + stride;
            int o2 = o1 + stride;
            int o3 = o2 + stride;
            double c0 = c[k];
            double c1 = c[k + 1];
            double c2 = c[k + 2];
            double c3 = c[k + 3];
            for (int j = 0; j < d; j++) {
                double v = xi[j];
                gradient[o0 + j] += c0 * v;
                gradient[o1 + j] += c1 * v;
                gradient[o2 + j] += c2 * v;
                gradient[o3 + j] += c3 * v;
            }
        }
        for (; k < classes; k++) {
            int off = k * stride;
            double ck = c[k];
            for (int j = 0; j < d; j++) {
                gradient[off + j] += ck * xi[j];
            }
        }
    }
}
