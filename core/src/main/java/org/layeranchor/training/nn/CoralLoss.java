package org.layeranchor.training.nn;

import java.util.Arrays;
import org.layeranchor.numeric.AccumulatingProducts;

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
    private final double[][] centredSource; // [maxRows][q]
    private final double[][] centredTarget; // [maxRows][q]
    private final double[][] covSource;     // [q][q]
    private final double[][] covTarget;     // [q][q], then D = C_s − C_t
    private final double[] columnMean;      // [q]

    public CoralLoss(int dim, int maxRows) {
        this.dim = dim;
        this.centredSource = new double[maxRows][dim];
        this.centredTarget = new double[maxRows][dim];
        this.covSource = new double[dim][dim];
        this.covTarget = new double[dim][dim];
        this.columnMean = new double[dim];
    }

    public int dim() {
        return dim;
    }

    /**
     * Returns L for xs[ns×q] and xt[nt×q]; when the gradient arrays are not null, writes
     * dxs = scale·∂L/∂xs and dxt = scale·∂L/∂xt (overwriting their first rows). Needs ns, nt ≥ 2.
     */
    public double lossAndGradients(double[][] xs, int ns, double[][] xt, int nt, double scale,
                                   double[][] dxs, double[][] dxt) {
        if (ns < 2 || nt < 2) {
            throw new IllegalArgumentException("CORAL needs at least 2 rows per batch (got " + ns + " and " + nt + ")");
        }
        covariance(xs, ns, centredSource, covSource);
        covariance(xt, nt, centredTarget, covTarget);
        double[][] d = covTarget;
        double sq = 0;
        for (int a = 0; a < dim; a++) {
            for (int b = 0; b < dim; b++) {
                double v = covSource[a][b] - covTarget[a][b];
                d[a][b] = v;
                sq += v * v;
            }
        }
        double q2 = (double) dim * dim;
        if (dxs != null) {
            AccumulatingProducts.zeroRows(dxs, ns);
            AccumulatingProducts.multiplyAdd(centredSource, ns, dim, d, dim, dxs);
            scaleRows(dxs, ns, scale / (q2 * (ns - 1)));
        }
        if (dxt != null) {
            AccumulatingProducts.zeroRows(dxt, nt);
            AccumulatingProducts.multiplyAdd(centredTarget, nt, dim, d, dim, dxt);
            scaleRows(dxt, nt, -scale / (q2 * (nt - 1)));
        }
        return sq / (4 * q2);
    }

    /** The loss alone (no gradients). */
    public double loss(double[][] xs, int ns, double[][] xt, int nt) {
        return lossAndGradients(xs, ns, xt, nt, 1, null, null);
    }

    private void covariance(double[][] x, int n, double[][] centred, double[][] cov) {
        Arrays.fill(columnMean, 0);
        for (int i = 0; i < n; i++) {
            double[] r = x[i];
            for (int j = 0; j < dim; j++) {
                columnMean[j] += r[j];
            }
        }
        for (int j = 0; j < dim; j++) {
            columnMean[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            double[] r = x[i];
            double[] c = centred[i];
            for (int j = 0; j < dim; j++) {
                c[j] = r[j] - columnMean[j];
            }
        }
        AccumulatingProducts.zeroRows(cov, dim);
        AccumulatingProducts.transposeMultiplyAdd(centred, n, dim, centred, dim, cov);
        scaleRows(cov, dim, 1.0 / (n - 1));
    }

    private static void scaleRows(double[][] a, int n, double s) {
        for (int i = 0; i < n; i++) {
            double[] r = a[i];
            for (int j = 0; j < r.length; j++) {
                r[j] *= s;
            }
        }
    }
}
