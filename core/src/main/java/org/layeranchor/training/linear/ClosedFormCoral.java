package org.layeranchor.training.linear;

import org.layeranchor.numeric.AllocatingProducts;
import org.layeranchor.numeric.Moments;
import org.layeranchor.numeric.SymmetricEigen;

/**
 * Classic (closed-form) CORAL, Sun, Feng &amp; Saenko, "Return of Frustratingly Easy Domain Adaptation"
 * (AAAI 2016): the source rows are whitened with their own covariance and re-coloured with the
 * target's, x ↦ x · (C_s + εI)^{-1/2} · (C_t + εI)^{1/2}, so that a classifier trained on the
 * transformed source sees the target's second-order statistics. Only the source is transformed; the
 * target (and anything predicted later) is used as it is.
 *
 * <p>Why the ε·I: with 300–700 utterances and 1,024 features per layer both covariances are rank
 * deficient; on standardised inputs (unit variances) ε = 1 is the original paper's choice and keeps
 * the inverse root bounded by 1.
 */
public final class ClosedFormCoral {
    private ClosedFormCoral() {
    }

    /**
     * The d × d map A = (C_s + εI)^{-1/2} (C_t + εI)^{1/2}, covariances with divisor n − 1.
     *
     * @param source  [rows][d] source rows (standardised)
     * @param target  [rows][d] unlabelled target rows (standardised)
     * @param epsilon ε &gt; 0 added to both diagonals
     */
    public static double[][] map(double[][] source, double[][] target, double epsilon) {
        return map(source, target, epsilon, DIRECT);
    }

    /**
     * The power S^p of the covariance (+ εI) of some rows. {@link #DIRECT} computes it; a caller that
     * aligns the same rows many times (the benchmark: a source whitened for every target, a target
     * re-coloured for every source) may answer from what it computed before.
     */
    @FunctionalInterface
    public interface CovariancePower {
        double[][] of(double[][] rows, double epsilon, double p);
    }

    /** Computes every power afresh: two eigendecompositions of a d × d matrix per map. */
    public static final CovariancePower DIRECT = (rows, epsilon, p) -> power(covariance(rows, epsilon), p);

    /** As {@link #map(double[][], double[][], double)}, the two covariance powers from {@code powers}. */
    public static double[][] map(double[][] source, double[][] target, double epsilon, CovariancePower powers) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("CORAL regularisation must be > 0, got " + epsilon);
        }
        if (source.length < 2 || target.length < 2) {
            throw new IllegalArgumentException("CORAL needs at least 2 rows on each side (source " + source.length
                    + ", target " + target.length + ")");
        }
        if (source[0].length != target[0].length) {
            throw new IllegalArgumentException("source rows have " + source[0].length + " values, target rows "
                    + target[0].length);
        }
        double[][] whiten = powers.of(source, epsilon, -0.5);
        double[][] colour = powers.of(target, epsilon, 0.5);
        return AllocatingProducts.multiply(whiten, colour);
    }

    /** rows · A, a new array. */
    public static double[][] apply(double[][] rows, double[][] map) {
        return AllocatingProducts.multiply(rows, map);
    }

    /** Sample covariance (divisor n − 1) plus ε on the diagonal. */
    static double[][] covariance(double[][] rows, double epsilon) {
        double[][] centred = Moments.centred(rows, Moments.mean(rows));
        double[][] c = AllocatingProducts.transposeTimesSelf(centred);
        double scale = 1.0 / (rows.length - 1);
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < c.length; j++) {
                c[i][j] *= scale;
            }
            c[i][i] += epsilon;
        }
        return c;
    }

    /** S^p for a symmetric positive definite S, through its eigendecomposition. */
    static double[][] power(double[][] s, double p) {
        SymmetricEigen.Decomposition e = SymmetricEigen.decompose(s);
        int n = e.values().length;
        // S^p = Σ_k λ_k^p v_k v_kᵀ = Wᵀ W with rows w_k = λ_k^{p/2} v_k.
        double[][] w = new double[n][];
        for (int k = 0; k < n; k++) {
            double lambda = e.values()[k];
            if (!(lambda > 0)) {
                throw new IllegalStateException("covariance + εI is not positive definite (eigenvalue " + lambda + ")");
            }
            double f = Math.pow(lambda, p / 2);
            w[k] = e.vectors()[k].clone();
            for (int i = 0; i < n; i++) {
                w[k][i] *= f;
            }
        }
        return AllocatingProducts.transposeTimesSelf(w);
    }
}
