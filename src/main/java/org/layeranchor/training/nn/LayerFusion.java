package org.layeranchor.training.nn;

import java.util.Arrays;

/**
 * Combines the projected representations of several layers into one: f = Σ_b w_b · z_b.
 *
 * <p>With learned weights (SUPERB style) w = softmax(a) over trainable logits a, one per layer; with
 * plain averaging the logits stay zero, so w = 1/B and nothing is trained.
 */
public final class LayerFusion {
    private final int branches;
    private final int dim;
    private final boolean learned;
    private final Parameter logits; // [B]
    private final double[] weights; // softmax(logits), refreshed by forward()
    private final double[] weightGrad; // dL/dw, scratch for backward()

    public LayerFusion(String name, int branches, int dim, boolean learned) {
        this.branches = branches;
        this.dim = dim;
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
        double[] a = logits.value();
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

    /** f[n×dim] = Σ_b w_b · z[b][n×dim]. */
    public void forward(double[][] z, int n, double[] f) {
        refreshWeights();
        int count = n * dim;
        Arrays.fill(f, 0, count, 0);
        for (int b = 0; b < branches; b++) {
            double w = weights[b];
            double[] zb = z[b];
            for (int i = 0; i < count; i++) {
                f[i] += w * zb[i];
            }
        }
    }

    /**
     * dz[b] = w_b · df (overwrites); when learned, accumulates da_b = w_b (g_b − Σ_c w_c g_c) with
     * g_b = ⟨df, z_b⟩, the softmax Jacobian applied to dL/dw. Uses the weights of the last forward.
     */
    public void backward(double[][] z, double[] df, int n, double[][] dz) {
        int count = n * dim;
        for (int b = 0; b < branches; b++) {
            double w = weights[b];
            double[] dzb = dz[b];
            for (int i = 0; i < count; i++) {
                dzb[i] = w * df[i];
            }
        }
        if (!learned) {
            return;
        }
        double mean = 0;
        for (int b = 0; b < branches; b++) {
            double g = 0;
            double[] zb = z[b];
            for (int i = 0; i < count; i++) {
                g += df[i] * zb[i];
            }
            weightGrad[b] = g;
            mean += weights[b] * g;
        }
        double[] da = logits.grad();
        for (int b = 0; b < branches; b++) {
            da[b] += weights[b] * (weightGrad[b] - mean);
        }
    }
}
