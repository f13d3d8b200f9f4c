package org.layeranchor.training.nn;

import java.util.Arrays;

/**
 * Deep CORAL (Sun &amp; Saenko 2016): the distance between the feature covariances of a source and a
 * target batch, L = ‖C_s − C_t‖²_F / (4 q²), with C = X̃ᵀX̃ / (n − 1) and X̃ the column-centred batch
 * of q-dimensional representations.
 *
 * <p>Gradients: with D = C_s − C_t (symmetric), ∂L/∂X_s = X̃_s·D / (q² (n_s − 1)) and
 * ∂L/∂X_t = −X̃_t·D / (q² (n_t − 1)). Centring needs no extra term: the columns of X̃·D already sum
 * to zero.
 */
public final class CoralLoss {
    private final int dim;
    private final double[] centredSource; // [maxRows×q]
    private final double[] centredTarget; // [maxRows×q]
    private final double[] covSource;     // [q×q]
    private final double[] covTarget;     // [q×q], then D = C_s − C_t
    private final double[] columnMean;    // [q]

    public CoralLoss(int dim, int maxRows) {
        this.dim = dim;
        this.centredSource = new double[maxRows * dim];
        this.centredTarget = new double[maxRows * dim];
        this.covSource = new double[dim * dim];
        this.covTarget = new double[dim * dim];
        this.columnMean = new double[dim];
    }

    public int dim() {
        return dim;
    }

    /**
     * Returns L for xs[ns×q] and xt[nt×q]; when the gradient arrays are not null, writes
     * dxs = scale·∂L/∂xs and dxt = scale·∂L/∂xt (overwriting their first rows). Needs ns, nt ≥ 2.
     */
    public double lossAndGradients(double[] xs, int ns, double[] xt, int nt, double scale,
                                   double[] dxs, double[] dxt) {
        if (ns < 2 || nt < 2) {
            throw new IllegalArgumentException("CORAL needs at least 2 rows per batch (got " + ns + " and " + nt + ")");
        }
        covariance(xs, ns, centredSource, covSource);
        covariance(xt, nt, centredTarget, covTarget);
        double[] d = covTarget;
        double sq = 0;
        for (int i = 0; i < d.length; i++) {
            double v = covSource[i] - covTarget[i];
            d[i] = v;
            sq += v * v;
        }
        double q2 = (double) dim * dim;
        if (dxs != null) {
            Arrays.fill(dxs, 0, ns * dim, 0);
            RowMajorMatmul.multiplyAdd(centredSource, ns, dim, d, dim, dxs);
            scaleInPlace(dxs, ns * dim, scale / (q2 * (ns - 1)));
        }
        if (dxt != null) {
            Arrays.fill(dxt, 0, nt * dim, 0);
            RowMajorMatmul.multiplyAdd(centredTarget, nt, dim, d, dim, dxt);
            scaleInPlace(dxt, nt * dim, -scale / (q2 * (nt - 1)));
        }
        return sq / (4 * q2);
    }

    /** The loss alone (no gradients). */
    public double loss(double[] xs, int ns, double[] xt, int nt) {
        return lossAndGradients(xs, ns, xt, nt, 1, null, null);
    }

    private void covariance(double[] x, int n, double[] centred, double[] cov) {
        Arrays.fill(columnMean, 0);
        for (int i = 0; i < n; i++) {
            int o = i * dim;
            for (int j = 0; j < dim; j++) {
                columnMean[j] += x[o + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            columnMean[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            int o = i * dim;
            for (int j = 0; j < dim; j++) {
                centred[o + j] = x[o + j] - columnMean[j];
            }
        }
        Arrays.fill(cov, 0);
        RowMajorMatmul.transposeMultiplyAdd(centred, n, dim, centred, dim, cov);
        scaleInPlace(cov, cov.length, 1.0 / (n - 1));
    }

    private static void scaleInPlace(double[] a, int count, double s) {
        for (int i = 0; i < count; i++) {
            a[i] *= s;
        }
    }
}
