package org.layeranchor.analysis;

import org.layeranchor.analysis.linalg.MatrixProducts;
import org.layeranchor.analysis.linalg.Moments;
import org.layeranchor.analysis.linalg.SymmetricEigen;

/**
 * The Fréchet (2-Wasserstein between Gaussians) distance of the two languages' feature distributions:
 * ‖μ_s − μ_t‖² + Tr(C_s + C_t − 2 (C_s C_t)^{1/2}).
 *
 * <p>C_s C_t is not symmetric, so its square root is taken through the similar symmetric matrix:
 * Tr((C_s C_t)^{1/2}) = Tr((C_s^{1/2} C_t C_s^{1/2})^{1/2}) = Σ √λ_i(C_s^{1/2} C_t C_s^{1/2}), two
 * symmetric eigendecompositions. Negative eigenvalues (round-off of a PSD matrix, frequent when
 * there are fewer utterances than dimensions) are clamped to zero.
 */
public final class FrechetDistance implements CrossLanguageDistance {
    public static final String NAME = "frechet_distance";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Frechet distance ||mu_s - mu_t||^2 + Tr(C_s + C_t - 2 (C_s C_t)^(1/2))";
    }

    @Override
    public double distance(double[][] source, double[][] target) {
        CrossLanguageDistance.checkSameDimension(source, target);
        return between(Moments.of(source), Moments.of(target));
    }

    public static double between(Moments s, Moments t) {
        double meanTerm = 0;
        for (int j = 0; j < s.dim(); j++) {
            double diff = s.mean()[j] - t.mean()[j];
            meanTerm += diff * diff;
        }
        double[][] rootS = SymmetricEigen.psdSquareRoot(s.covariance());
        double[][] middle = MatrixProducts.multiply(MatrixProducts.multiply(rootS, t.covariance()), rootS);
        double traceOfRoot = 0;
        for (double lambda : SymmetricEigen.eigenvalues(middle)) {
            traceOfRoot += Math.sqrt(Math.max(lambda, 0));
        }
        double value = meanTerm + MatrixProducts.trace(s.covariance()) + MatrixProducts.trace(t.covariance())
                - 2 * traceOfRoot;
        // The exact value is ≥ 0; round-off can push a near-zero result slightly below.
        return Math.max(value, 0);
    }
}
