package org.layeranchor.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.layeranchor.numeric.AccumulatingProducts;
import org.layeranchor.training.nn.LayerFusion;
import org.layeranchor.training.nn.Linear;
import org.layeranchor.training.nn.Parameter;
import org.layeranchor.training.nn.Relu;

/**
 * The downstream model on frozen utterance features. One branch per used encoder layer:
 *
 * <pre>
 *   x_b [n × 2d]   standardised [mean ‖ std] of layer b
 *   z_b [n × p]  = ReLU(x_b · P_b + c_b)          per-layer projection (CORAL anchors act here)
 *   f   [n × p]  = Σ_b w_b z_b, w = softmax(a)    layer fusion (or the mean)
 *   h   [n × H]  = ReLU(f · W1 + b1)               final embedding (Deep CORAL acts here)
 *   o   [n × C]  = h · W2 + b2                     logits; softmax gives class probabilities
 * </pre>
 *
 * <p>Passes are split at the points where CORAL gradients enter: {@link #forwardBranches},
 * {@link #forwardHead}, {@link #backwardHead}, {@link #backwardBranches}. All scratch lives in
 * {@link Activations}, allocated once per batch size, so training allocates nothing per step.
 */
public final class EmotionClassifierNetwork {
    private final int[] usedLayers;
    private final int inputDim;
    private final int projectionDim;
    private final int hiddenDim;
    private final int classes;
    private final Linear[] projections;
    private final LayerFusion fusion;
    private final Linear hidden;
    private final Linear output;

    /** @param inputDim 2·dim: each used layer's [mean ‖ std] */
    public EmotionClassifierNetwork(int[] usedLayers, int inputDim, int projectionDim, int hiddenDim, int classes,
                                    boolean learnedFusion) {
        this.usedLayers = usedLayers.clone();
        this.inputDim = inputDim;
        this.projectionDim = projectionDim;
        this.hiddenDim = hiddenDim;
        this.classes = classes;
        this.projections = new Linear[usedLayers.length];
        for (int b = 0; b < usedLayers.length; b++) {
            projections[b] = new Linear("projection.layer" + usedLayers[b], inputDim, projectionDim);
        }
        // One layer needs no fusion weights; mean fusion trains none either.
        this.fusion = new LayerFusion("fusion", usedLayers.length, learnedFusion && usedLayers.length > 1);
        this.hidden = new Linear("hidden", projectionDim, hiddenDim);
        this.output = new Linear("output", hiddenDim, classes);
    }

    /** He-uniform for the ReLU layers, Glorot-uniform for the output, zero biases and fusion logits. */
    public void initialise(SplittableRandom random) {
        for (Linear p : projections) {
            p.initUniform(Math.sqrt(6.0 / inputDim), random);
        }
        hidden.initUniform(Math.sqrt(6.0 / projectionDim), random);
        output.initUniform(Math.sqrt(6.0 / (hiddenDim + classes)), random);
        Arrays.fill(fusion.logits().vector(), 0);
    }

    public int[] usedLayers() {
        return usedLayers.clone();
    }

    public int branches() {
        return usedLayers.length;
    }

    public int inputDim() {
        return inputDim;
    }

    public int projectionDim() {
        return projectionDim;
    }

    public int hiddenDim() {
        return hiddenDim;
    }

    public int classes() {
        return classes;
    }

    public boolean learnedFusion() {
        return fusion.learned();
    }

    /** Current fusion weights, one per used layer. */
    public double[] fusionWeights() {
        return fusion.weights();
    }

    /** The branch index of an encoder layer. */
    public int branchOf(int layer) {
        for (int b = 0; b < usedLayers.length; b++) {
            if (usedLayers[b] == layer) {
                return b;
            }
        }
        throw new IllegalArgumentException("layer " + layer + " is not used by this network " + Arrays.toString(usedLayers));
    }

    /** Parameters the optimizer updates. */
    public List<Parameter> trainableParameters() {
        List<Parameter> ps = new ArrayList<>();
        for (Linear p : projections) {
            ps.add(p.weight());
            ps.add(p.bias());
        }
        if (fusion.learned()) {
            ps.add(fusion.logits());
        }
        ps.add(hidden.weight());
        ps.add(hidden.bias());
        ps.add(output.weight());
        ps.add(output.bias());
        return ps;
    }

    /** Every parameter a model file stores (the fusion logits too, even when fixed). */
    public List<Parameter> storedParameters() {
        List<Parameter> ps = new ArrayList<>(trainableParameters());
        if (!fusion.learned()) {
            ps.add(projections.length * 2, fusion.logits());
        }
        return ps;
    }

    public Activations newActivations(int maxRows) {
        return new Activations(maxRows);
    }

    /** Per-batch values and their gradients, for batches of up to {@code maxRows} rows. */
    public final class Activations {
        final int maxRows;
        final double[][][] input;   // [B][n] references to rows of LayerInputs (never copied)
        final double[][][] z;       // [B][n][p]
        final double[][] fused;     // [n][p]
        final double[][] hiddenOut; // [n][H]
        final double[][] logits;    // [n][C]
        final double[][][] dz;      // [B][n][p]
        final double[][] dFused;    // [n][p]
        final double[][] dHidden;   // [n][H]; callers may preload a gradient (Deep CORAL) before backwardHead
        final double[][] dLogits;   // [n][C]
        private final double[][] scratchHidden; // [n][H]
        private Activations(int maxRows) {
            this.maxRows = maxRows;
            int branches = usedLayers.length;
            input = new double[branches][maxRows][];
            z = new double[branches][maxRows][projectionDim];
            dz = new double[branches][maxRows][projectionDim];
            fused = new double[maxRows][projectionDim];
            dFused = new double[maxRows][projectionDim];
            hiddenOut = new double[maxRows][hiddenDim];
            dHidden = new double[maxRows][hiddenDim];
            scratchHidden = new double[maxRows][hiddenDim];
            logits = new double[maxRows][classes];
            dLogits = new double[maxRows][classes];
        }

        public double[][] logits() {
            return logits;
        }

        public double[][] projected(int branch) {
            return z[branch];
        }

        public double[][] finalEmbedding() {
            return hiddenOut;
        }
    }

    /**
     * Projects rows {@code rows[from..from+n)} of the inputs (rows {@code from..from+n} when
     * {@code rows} is null), for the branches marked in {@code which} (null = all):
     * z_b = ReLU(x_b · P_b + c_b).
     */
    public void forwardBranches(LayerInputs inputs, int[] rows, int from, int n, Activations a, boolean[] which) {
        if (n > a.maxRows) {
            throw new IllegalArgumentException(n + " rows but activations hold " + a.maxRows);
        }
        if (inputs.inputDim() != inputDim) {
            throw new IllegalArgumentException("inputs of width " + inputs.inputDim() + ", the network reads " + inputDim);
        }
        for (int b = 0; b < usedLayers.length; b++) {
            if (which != null && !which[b]) {
                continue;
            }
            double[][] src = inputs.branches()[b];
            double[][] x = a.input[b];
            for (int i = 0; i < n; i++) {
                x[i] = src[rows == null ? from + i : rows[from + i]];
            }
            projections[b].forward(x, n, a.z[b]);      // [n × 2d]·[2d × p] → [n × p]
            Relu.forwardInPlace(a.z[b], n);
        }
    }

    /** Fusion and MLP on all branches' z: f, h and the logits. */
    public void forwardHead(Activations a, int n) {
        fusion.forward(a.z, n, a.fused);               // B × [n × p] → [n × p]
        hidden.forward(a.fused, n, a.hiddenOut);        // [n × p]·[p × H] → [n × H]
        Relu.forwardInPlace(a.hiddenOut, n);
        output.forward(a.hiddenOut, n, a.logits);       // [n × H]·[H × C] → [n × C]
    }

    /**
     * Back from the logits (when {@code fromLogits}, using {@code a.dLogits}) plus whatever the
     * caller preloaded into {@code a.dHidden}, down to {@code a.dz} (overwritten). Accumulates the
     * head's parameter gradients.
     */
    public void backwardHead(Activations a, int n, boolean fromLogits) {
        if (fromLogits) {
            output.backward(a.hiddenOut, a.dLogits, n, a.scratchHidden); // [n × C] → [n × H]
            for (int i = 0; i < n; i++) {
                double[] d = a.dHidden[i];
                double[] s = a.scratchHidden[i];
                for (int j = 0; j < hiddenDim; j++) {
                    d[j] += s[j];
                }
            }
        }
        Relu.backwardInPlace(a.hiddenOut, a.dHidden, n);
        hidden.backward(a.fused, a.dHidden, n, a.dFused);               // [n × H] → [n × p]
        fusion.backward(a.z, a.dFused, n, a.dz);                        // [n × p] → B × [n × p]
    }

    /** Zeroes the gradients of the head's output (dHidden) and of the branches (dz) for n rows. */
    public void clearGradients(Activations a, int n) {
        AccumulatingProducts.zeroRows(a.dHidden, n);
        for (double[][] d : a.dz) {
            AccumulatingProducts.zeroRows(d, n);
        }
    }

    /** From {@code a.dz} (for the marked branches; null = all) into the projections' gradients. */
    public void backwardBranches(Activations a, int n, boolean[] which) {
        for (int b = 0; b < usedLayers.length; b++) {
            if (which != null && !which[b]) {
                continue;
            }
            Relu.backwardInPlace(a.z[b], a.dz[b], n);
            projections[b].backward(a.input[b], a.dz[b], n, null);      // dP_b += x_bᵀ · dz_b
        }
    }

    /** Logits of every row of {@code inputs} ([rows][C]), in chunks of the activations' size. */
    public double[][] logits(LayerInputs inputs, Activations a) {
        double[][] out = new double[inputs.rows()][];
        for (int from = 0; from < inputs.rows(); from += a.maxRows) {
            int n = Math.min(a.maxRows, inputs.rows() - from);
            forwardBranches(inputs, null, from, n, a, null);
            forwardHead(a, n);
            for (int i = 0; i < n; i++) {
                out[from + i] = a.logits[i].clone();
            }
        }
        return out;
    }
}
