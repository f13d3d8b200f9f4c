package org.layeranchor.training.linear;

import java.util.Arrays;

/**
 * One multinomial logistic regression of the linear head, reading the standardised [mean ‖ std]
 * rows of its layers concatenated in the order given (one layer for an anchor layer, several for
 * a group read as one). Weights are float32-exact (the precision they are stored in).
 *
 * @param layers  encoder layers whose inputs are concatenated, in that order
 * @param weights [layers · inputDim][classes]
 * @param bias    [classes]
 */
public record LinearMember(int[] layers, float[][] weights, float[] bias) {
    public LinearMember {
        layers = layers.clone();
        if (layers.length == 0) {
            throw new IllegalArgumentException("a linear member reads at least one layer");
        }
        for (float[] row : weights) {
            if (row.length != bias.length) {
                throw new IllegalArgumentException("weight rows have " + row.length + " classes, bias " + bias.length);
            }
        }
    }

    @Override
    public int[] layers() {
        return layers.clone();
    }

    public int classes() {
        return bias.length;
    }

    public int inputWidth() {
        return weights.length;
    }

    /** Logits of row {@code x} (the concatenated inputs of {@link #layers}). */
    public double[] logits(double[] x) {
        if (x.length != weights.length) {
            throw new IllegalArgumentException("member " + Arrays.toString(layers) + " reads " + weights.length
                    + " values, got " + x.length);
        }
        double[] z = new double[bias.length];
        for (int k = 0; k < z.length; k++) {
            z[k] = bias[k];
        }
        for (int j = 0; j < x.length; j++) {
            double xj = x[j];
            float[] w = weights[j];
            for (int k = 0; k < z.length; k++) {
                z[k] += xj * w[k];
            }
        }
        return z;
    }
}
