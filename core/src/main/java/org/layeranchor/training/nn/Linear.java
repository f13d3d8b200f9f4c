package org.layeranchor.training.nn;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.layeranchor.numeric.AccumulatingProducts;

/** A fully connected layer y = x·W + b, with W stored [in][out] so the forward pass runs along rows. */
public final class Linear {
    private final int in;
    private final int out;
    private final Parameter weight; // [in][out]
    private final Parameter bias;   // [out]

    public Linear(String name, int in, int out) {
        this.in = in;
        this.out = out;
        this.weight = new Parameter(name + ".weight", true, in, out);
        this.bias = new Parameter(name + ".bias", false, out);
    }

    /**
     * Uniform initialisation U(−bound, bound), bias zero. {@code bound = sqrt(6/in)} (He) suits a
     * layer followed by ReLU, {@code sqrt(6/(in+out))} (Glorot) the output layer.
     */
    public void initUniform(double bound, SplittableRandom random) {
        for (double[] row : weight.value()) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (2 * random.nextDouble() - 1) * bound;
            }
        }
        Arrays.fill(bias.vector(), 0);
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    /** y[n×out] = x[n×in]·W + b (overwrites the first n rows of y). */
    public void forward(double[][] x, int n, double[][] y) {
        double[] b = bias.vector();
        for (int i = 0; i < n; i++) {
            System.arraycopy(b, 0, y[i], 0, out);
        }
        AccumulatingProducts.multiplyAdd(x, n, in, weight.value(), out, y);
    }

    /**
     * Accumulates dW += xᵀ·dy and db += Σ_rows dy; writes dx[n×in] = dy·Wᵀ unless {@code dx} is
     * null (the projections of frozen features need no input gradient, which saves a third of
     * their cost).
     */
    public void backward(double[][] x, double[][] dy, int n, double[][] dx) {
        AccumulatingProducts.transposeMultiplyAdd(x, n, in, dy, out, weight.grad());
        double[] db = bias.grad()[0];
        for (int i = 0; i < n; i++) {
            double[] d = dy[i];
            for (int j = 0; j < out; j++) {
                db[j] += d[j];
            }
        }
        if (dx != null) {
            AccumulatingProducts.zeroRows(dx, n);
            AccumulatingProducts.multiplyTransposedAdd(dy, n, out, weight.value(), in, dx);
        }
    }
}
