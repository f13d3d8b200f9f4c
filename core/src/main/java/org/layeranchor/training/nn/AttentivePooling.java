package org.layeranchor.training.nn;

import java.util.SplittableRandom;

/**
 * Attention-weighted mean over the frames of one utterance (the attention of Okabe et al. 2018,
 * without their weighted standard deviation):
 *
 * <pre>
 *   x   [T × p]   the utterance's frames (here: its projected, rectified frames)
 *   u   [T × a] = tanh(x · W + b)          W [p × a], b [a]
 *   e   [T]     = u · v                    v [a]
 *   α   [T]     = softmax(e) over frames
 *   y   [p]     = Σ_t α_t x_t
 * </pre>
 *
 * <p>Why the weighted mean only: its output has width p, so the pooled vector is a drop-in
 * replacement for the per-layer vector that fusion and CORAL read (same width, same CORAL
 * normaliser 4p²), and with non-negative (post-ReLU) frames it stays non-negative like the
 * statistics head's projection. T may differ per call, T = 1 included (then α = 1, y = x).
 *
 * <p>Scratch is held by the module and grows with T; {@link #backward} uses the values of the last
 * {@link #forward}, which must have been on the same x. Not thread-safe.
 */
public final class AttentivePooling {
    private final int dim;
    private final int attentionDim;
    private final Linear score;    // W [p × a], b [a]
    private final Parameter vector; // v [a]
    private double[][] u = new double[0][];
    private double[][] du = new double[0][];
    private double[] alpha = new double[0];
    private double[] dAlpha = new double[0];

    public AttentivePooling(String name, int dim, int attentionDim) {
        this.dim = dim;
        this.attentionDim = attentionDim;
        this.score = new Linear(name + ".score", dim, attentionDim);
        this.vector = new Parameter(name + ".vector", true, attentionDim);
    }

    /** Glorot-uniform W and v (tanh), zero b: attention starts near uniform but not exactly. */
    public void initialise(SplittableRandom random) {
        score.initUniform(Math.sqrt(6.0 / (dim + attentionDim)), random);
        double bound = Math.sqrt(6.0 / (attentionDim + 1));
        double[] v = vector.vector();
        for (int j = 0; j < v.length; j++) {
            v[j] = (2 * random.nextDouble() - 1) * bound;
        }
    }

    public int dim() {
        return dim;
    }

    public int attentionDim() {
        return attentionDim;
    }

    public Parameter scoreWeight() {
        return score.weight();
    }

    public Parameter scoreBias() {
        return score.bias();
    }

    public Parameter vector() {
        return vector;
    }

    /** The attention weights α [T] of the last forward (shared; valid for its T). */
    public double[] lastWeights() {
        return alpha;
    }

    private void ensure(int frames) {
        if (u.length < frames) {
            int cap = Math.max(frames, 2 * u.length);
            u = new double[cap][attentionDim];
            du = new double[cap][attentionDim];
            alpha = new double[cap];
            dAlpha = new double[cap];
        }
    }

    /** y[p] = Σ_t α_t x_t over the first T rows of x [T × p] (overwrites y). */
    public void forward(double[][] x, int frames, double[] y) {
        if (frames < 1) {
            throw new IllegalArgumentException("attentive pooling needs at least one frame");
        }
        ensure(frames);
        score.forward(x, frames, u);                       // [T × p]·[p × a] → [T × a]
        double[] v = vector.vector();
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < frames; t++) {
            double[] ut = u[t];
            double e = 0;
            for (int j = 0; j < attentionDim; j++) {
                ut[j] = Math.tanh(ut[j]);
                e += ut[j] * v[j];
            }
            alpha[t] = e;                                   // e_t, softmaxed below
            max = Math.max(max, e);
        }
        double sum = 0;
        for (int t = 0; t < frames; t++) {
            alpha[t] = Math.exp(alpha[t] - max);
            sum += alpha[t];
        }
        java.util.Arrays.fill(y, 0, dim, 0);
        for (int t = 0; t < frames; t++) {
            alpha[t] /= sum;
            double a = alpha[t];
            double[] xt = x[t];
            for (int k = 0; k < dim; k++) {
                y[k] += a * xt[k];
            }
        }
    }

    /**
     * Given dy [p], accumulates dW, db, dv and writes dx [T × p] (overwrites its first T rows):
     * <pre>
     *   dα_t = ⟨dy, x_t⟩
     *   de_t = α_t (dα_t − Σ_s α_s dα_s)           softmax Jacobian
     *   dv  += Σ_t de_t u_t
     *   du_t = de_t v ⊙ (1 − u_t²)                  tanh'
     *   dW  += xᵀ du, db += Σ_t du_t
     *   dx_t = α_t dy + du_t · Wᵀ
     * </pre>
     */
    public void backward(double[][] x, int frames, double[] dy, double[][] dx) {
        double[] v = vector.vector();
        double[] dv = vector.grad()[0];
        double mean = 0;
        for (int t = 0; t < frames; t++) {
            double[] xt = x[t];
            double s = 0;
            for (int k = 0; k < dim; k++) {
                s += dy[k] * xt[k];
            }
            dAlpha[t] = s;
            mean += alpha[t] * s;
        }
        for (int t = 0; t < frames; t++) {
            double de = alpha[t] * (dAlpha[t] - mean);
            double[] ut = u[t];
            double[] dut = du[t];
            for (int j = 0; j < attentionDim; j++) {
                dv[j] += de * ut[j];
                dut[j] = de * v[j] * (1 - ut[j] * ut[j]);
            }
        }
        score.backward(x, du, frames, dx);                 // dW += xᵀ du; dx = du · Wᵀ
        for (int t = 0; t < frames; t++) {
            double a = alpha[t];
            double[] d = dx[t];
            for (int k = 0; k < dim; k++) {
                d[k] += a * dy[k];
            }
        }
    }
}
