package org.layeranchor.training.nn;

/** Row-wise softmax, shifted by the row maximum so that exp never overflows. */
public final class Softmax {
    private Softmax() {
    }

    /** p[i] = softmax(logits[i]) for the first n rows (p may be logits). */
    public static void rows(double[][] logits, int n, double[][] p) {
        for (int i = 0; i < n; i++) {
            double[] z = logits[i];
            double[] out = p[i];
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int c = 0; c < z.length; c++) {
                double e = Math.exp(z[c] - max);
                out[c] = e;
                sum += e;
            }
            for (int c = 0; c < z.length; c++) {
                out[c] /= sum;
            }
        }
    }
}
