package org.layeranchor.analysis;

import java.util.ArrayList;
import java.util.List;
import org.layeranchor.numeric.AllocatingProducts;
import org.layeranchor.numeric.Moments;

/**
 * Linear centred kernel alignment (Kornblith et al. 2019) between two representations of the
 * <em>same</em> rows, so it compares layers within one corpus, never languages (no pairing exists
 * across corpora). With column-centred X (n×p) and Y (n×q):
 *
 * <pre>
 * CKA(X, Y) = ‖Yᵀ X‖²_F / (‖Xᵀ X‖_F ‖Yᵀ Y‖_F)          (feature form)
 *           = ⟨X Xᵀ, Y Yᵀ⟩_F / (‖X Xᵀ‖_F ‖Y Yᵀ‖_F)      (Gram form, the same number)
 * </pre>
 *
 * Invariant to orthogonal transforms and isotropic scaling of either side, not to general linear
 * maps. The Gram form costs O(n²p) and is used when n ≤ p; the feature form O(np²) otherwise.
 */
public final class LinearCka {
    private LinearCka() {
    }

    public static double cka(double[][] x, double[][] y) {
        return layerMatrix(List.of(x, y))[0][1];
    }

    /** CKA in the feature form, whatever the shapes (kept separate so tests can compare the forms). */
    public static double ckaFeatureForm(double[][] x, double[][] y) {
        double[][] xc = Moments.centred(x, Moments.mean(x));
        double[][] yc = Moments.centred(y, Moments.mean(y));
        double cross = AllocatingProducts.frobeniusSquared(AllocatingProducts.transposeTimes(yc, xc));
        double xx = Math.sqrt(AllocatingProducts.frobeniusSquared(AllocatingProducts.transposeTimesSelf(xc)));
        double yy = Math.sqrt(AllocatingProducts.frobeniusSquared(AllocatingProducts.transposeTimesSelf(yc)));
        return cross / (xx * yy);
    }

    /** X_c X_cᵀ for the column-centred X: the n × n input of the Gram form. */
    public static double[][] centredGram(double[][] x) {
        return AllocatingProducts.selfTimesTranspose(Moments.centred(x, Moments.mean(x)));
    }

    /**
     * The layer × layer CKA matrix from precomputed centred Grams (all n × n over the same rows), so
     * callers can build the Grams of different layers in parallel.
     */
    public static double[][] fromCentredGrams(List<double[][]> grams) {
        int count = grams.size();
        double[] norm = new double[count];
        for (int l = 0; l < count; l++) {
            norm[l] = Math.sqrt(AllocatingProducts.frobeniusSquared(grams.get(l)));
        }
        double[][] result = new double[count][count];
        for (int a = 0; a < count; a++) {
            for (int b = a; b < count; b++) {
                double inner = 0;
                for (int i = 0; i < grams.get(a).length; i++) {
                    inner += AllocatingProducts.dot(grams.get(a)[i], grams.get(b)[i]);
                }
                result[a][b] = result[b][a] = inner / (norm[a] * norm[b]);
            }
        }
        for (int a = 0; a < count; a++) {
            result[a][a] = 1.0; // exact by definition; avoids 1 ± 1e-16 on the diagonal
        }
        return result;
    }

    /**
     * The symmetric layer × layer CKA matrix of one corpus: {@code layers.get(l)} is layer l's
     * n × d matrix, the same n rows (utterances) in the same order for every layer.
     */
    public static double[][] layerMatrix(List<double[][]> layers) {
        int count = layers.size();
        int n = layers.get(0).length;
        int maxDim = 0;
        for (double[][] layer : layers) {
            if (layer.length != n) {
                throw new IllegalArgumentException("every layer needs the same rows: " + layer.length + " vs " + n);
            }
            maxDim = Math.max(maxDim, layer[0].length);
        }
        double[][] result;
        if (n <= maxDim) {
            List<double[][]> grams = new ArrayList<>();
            for (double[][] layer : layers) {
                grams.add(centredGram(layer));
            }
            result = fromCentredGrams(grams);
        } else {
            result = new double[count][count];
            for (int a = 0; a < count; a++) {
                for (int b = a; b < count; b++) {
                    result[a][b] = result[b][a] = ckaFeatureForm(layers.get(a), layers.get(b));
                }
            }
        }
        for (int a = 0; a < count; a++) {
            result[a][a] = 1.0; // exact by definition; avoids 1 ± 1e-16 on the diagonal
        }
        return result;
    }
}
