package org.layeranchor.analysis;

import org.layeranchor.numeric.AllocatingProducts;
import org.layeranchor.numeric.Moments;
import org.layeranchor.numeric.SymmetricEigen;

/**
 * The Fréchet (2-Wasserstein between Gaussians) distance of the two languages' feature distributions:
 * ‖μ_s − μ_t‖² + Tr(C_s + C_t − 2 (C_s C_t)^{1/2}).
 *
 * <p>C_s C_t is not symmetric, so its square root is taken through the similar symmetric matrix:
 * Tr((C_s C_t)^{1/2}) = Tr((C_s^{1/2} C_t C_s^{1/2})^{1/2}) = Σ √λ_i(C_s^{1/2} C_t C_s^{1/2}), two
 * symmetric eigendecompositions. Negative eigenvalues (round-off of a PSD matrix, frequent when
 * there are fewer utterances than dimensions) are clamped to zero.
 *
 * <p>When a side has fewer rows than dimensions the same trace is cheaper from the samples: with
 * C = A Aᵀ, A = X_cᵀ/√(n−1) (d × n), the non-zero eigenvalues of C_s C_t are those of
 * (A_sᵀA_t)(A_sᵀA_t)ᵀ, so Tr((C_s C_t)^{1/2}) = Σ σ_i(A_sᵀ A_t), one n × n symmetric eigenvalue problem
 * instead of two d × d ones. {@link #distance} picks the cheaper route; both give the same number.
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
        if (Math.min(source.length, target.length) < source[0].length) {
            return fromSampleGram(source, target);
        }
        return between(Moments.of(source), Moments.of(target));
    }

    /** The sample (Gram) route, for n &lt; d; see the class comment. */
    static double fromSampleGram(double[][] source, double[][] target) {
        double[] ms = Moments.mean(source);
        double[] mt = Moments.mean(target);
        double[][] as = Moments.centred(source, ms);
        double[][] at = Moments.centred(target, mt);
        double meanTerm = 0;
        for (int j = 0; j < ms.length; j++) {
            meanTerm += (ms[j] - mt[j]) * (ms[j] - mt[j]);
        }
        double scaleS = 1.0 / (source.length - 1);
        double scaleT = 1.0 / (target.length - 1);
        double traceS = AllocatingProducts.frobeniusSquared(as) * scaleS;
        double traceT = AllocatingProducts.frobeniusSquared(at) * scaleT;
        // M = A_sᵀ A_t = X_s,c X_t,cᵀ / √((n_s−1)(n_t−1)); σ_i(M)² = λ_i(M Mᵀ), taken on the smaller side.
        double[][] small = as.length <= at.length ? as : at;
        double[][] large = as.length <= at.length ? at : as;
        double[][] m = AllocatingProducts.timesTranspose(small, large);
        double[][] mmt = AllocatingProducts.selfTimesTranspose(m);
        double traceOfRoot = 0;
        for (double lambda : SymmetricEigen.eigenvalues(mmt)) {
            traceOfRoot += Math.sqrt(Math.max(lambda, 0));
        }
        traceOfRoot *= Math.sqrt(scaleS * scaleT);
        return Math.max(meanTerm + traceS + traceT - 2 * traceOfRoot, 0);
    }

    public static double between(Moments s, Moments t) {
        double meanTerm = 0;
        for (int j = 0; j < s.dim(); j++) {
            double diff = s.mean()[j] - t.mean()[j];
            meanTerm += diff * diff;
        }
        double[][] rootS = SymmetricEigen.psdSquareRoot(s.covariance());
        double[][] middle = AllocatingProducts.multiply(AllocatingProducts.multiply(rootS, t.covariance()), rootS);
        double traceOfRoot = 0;
        for (double lambda : SymmetricEigen.eigenvalues(middle)) {
            traceOfRoot += Math.sqrt(Math.max(lambda, 0));
        }
        double value = meanTerm + AllocatingProducts.trace(s.covariance()) + AllocatingProducts.trace(t.covariance())
                - 2 * traceOfRoot;
        // The exact value is ≥ 0; round-off can push a near-zero result slightly below.
        return Math.max(value, 0);
    }
}
