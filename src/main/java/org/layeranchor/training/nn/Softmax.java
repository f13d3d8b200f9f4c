package org.layeranchor.training.nn;

/** Row-wise softmax, shifted by the row maximum so that exp never overflows. */
public final class Softmax {
    private Softmax() {
    }

    /** p[i,:] = softmax(logits[i,:]) for n rows of width k (p may be logits). */
    public static void rows(double[] logits, int n, int k, double[] p) {
        for (int i = 0; i < n; i++) {
            int o = i * k;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, logits[o + c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                double e = Math.exp(logits[o + c] - max);
                p[o + c] = e;
                sum += e;
            }
            for (int c = 0; c < k; c++) {
                p[o + c] /= sum;
            }
        }
    }
}
