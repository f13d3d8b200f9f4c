package org.layeranchor.training.nn;

import org.layeranchor.numeric.AccumulatingProducts;

/**
 * Combines the projected representations of several layers into one: f = Σ_b w_b · z_b.
 *
 * <p>With learned weights (SUPERB style) w = softmax(a) over trainable logits a, one per layer; with
 * plain averaging the logits stay zero, so w = 1/B and nothing is trained.
 */
public final class LayerFusion {
    private final int branches;
    private final boolean learned;
    private final Parameter logits; // [B]
    private final double[] weights; // softmax(logits), refreshed by forward()
    private final double[] weightGrad; // dL/dw, scratch for backward()

    public LayerFusion(String name, int branches, boolean learned) {
        this.branches = branches;
        this.learned = learned;
        this.logits = new Parameter(name + ".logits", false, branches);
        this.weights = new double[branches];
        this.weightGrad = new double[branches];
        refreshWeights();
    }

    public boolean learned() {
        return learned;
    }

    /** The fusion logits (a parameter to train only when {@link #learned()}). */
    public Parameter logits() {
        return logits;
    }

    /** The current layer weights softmax(a), a fresh copy. */
    public double[] weights() {
        refreshWeights();
        return weights.clone();
    }

    private void refreshWeights() {
        double[] a = logits.vector();
        double max = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int b = 0; b < branches; b++) {
            weights[b] = Math.exp(a[b] - max);
            sum += weights[b];
        }
        for (int b = 0; b < branches; b++) {
            weights[b] /= sum;
        }
    }

    /** f[n×p] = Σ_b w_b · z[b][n×p]. */
    public void forward(double[][][] z, int n, double[][] f) {
        refreshWeights();
        AccumulatingProducts.zeroRows(f, n);
        for (int b = 0; b < branches; b++) {
            double w = weights[b];
            for (int i = 0; i < n; i++) {
                double[] fi = f[i];
                double[] zi = z[b][i];
                for (int j = 0; j < fi.length; j++) {
                    fi[j] += w * zi[j];
                }
            }
        }
    }

    /**
     * dz[b] = w_b · df (overwrites); when learned, accumulates da_b = w_b (g_b − Σ_c w_c g_c) with
     * g_b = ⟨df, z_b⟩, the softmax Jacobian applied to dL/dw. Uses the weights of the last forward.
     */
    public void backward(double[][][] z, double[][] df, int n, double[][][] dz) {
        for (int b = 0; b < branches; b++) {
            double w = weights[b];
            for (int i = 0; i < n; i++) {
                double[] d = dz[b][i];
                double[] g = df[i];
                for (int j = 0; j < d.length; j++) {
                    d[j] = w * g[j];
                }
            }
        }
        if (!learned) {
            return;
        }
        double mean = 0;
        for (int b = 0; b < branches; b++) {
            double g = 0;
            for (int i = 0; i < n; i++) {
                double[] zi = z[b][i];
                double[] di = df[i];
                for (int j = 0; j < zi.length; j++) {
                    g += di[j] * zi[j];
                }
            }
            weightGrad[b] = g;
            mean += weights[b] * g;
        }
        double[] da = logits.grad()[0];
        for (int b = 0; b < branches; b++) {
            da[b] += weights[b] * (weightGrad[b] - mean);
        }
    }
}
