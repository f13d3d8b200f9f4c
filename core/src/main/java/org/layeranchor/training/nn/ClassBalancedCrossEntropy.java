package org.layeranchor.training.nn;

/**
 * Cross-entropy with per-class weights, reduced as a weighted mean:
 * L = Σ_i w_{y_i} · (−log softmax(z_i)_{y_i}) / Σ_i w_{y_i} (PyTorch's {@code CrossEntropyLoss(weight=…)}).
 *
 * <p>With w_c = N / (K · n_c) (inverse class frequency of the training data) every class weighs the
 * same in expectation, which is what UAR rewards.
 */
public final class ClassBalancedCrossEntropy {
    private final int classes;
    private final double[] classWeights;
    private final double[][] probabilities;

    /** @param maxRows the largest batch this instance will see (scratch is sized once) */
    public ClassBalancedCrossEntropy(double[] classWeights, int maxRows) {
        this.classes = classWeights.length;
        this.classWeights = classWeights.clone();
        this.probabilities = new double[maxRows][classes];
    }

    /**
     * Inverse-frequency weights N / (K · n_c) over the K classes that occur; a class with no examples
     * gets weight 0 (it never appears as a target, so its weight never matters).
     */
    public static double[] inverseFrequencyWeights(int[] labels, int classes) {
        long[] counts = new long[classes];
        for (int y : labels) {
            counts[y]++;
        }
        int present = 0;
        for (long c : counts) {
            if (c > 0) {
                present++;
            }
        }
        double[] w = new double[classes];
        for (int c = 0; c < classes; c++) {
            w[c] = counts[c] == 0 ? 0 : labels.length / (double) (present * counts[c]);
        }
        return w;
    }

    public double[] classWeights() {
        return classWeights.clone();
    }

    /**
     * Loss over n rows of logits[n×K] with labels {@code labels[from..from+n)}; writes
     * dLogits[n×K] = ∂L/∂logits (unless null).
     */
    public double lossAndGradient(double[][] logits, int[] labels, int from, int n, double[][] dLogits) {
        Softmax.rows(logits, n, probabilities);
        double weightSum = 0;
        double loss = 0;
        for (int i = 0; i < n; i++) {
            int y = labels[from + i];
            double w = classWeights[y];
            weightSum += w;
            loss -= w * Math.log(Math.max(probabilities[i][y], Double.MIN_NORMAL));
        }
        if (weightSum == 0) {
            throw new IllegalStateException("every row of the batch has class weight 0");
        }
        if (dLogits != null) {
            for (int i = 0; i < n; i++) {
                int y = labels[from + i];
                double s = classWeights[y] / weightSum;
                double[] p = probabilities[i];
                double[] d = dLogits[i];
                for (int c = 0; c < classes; c++) {
                    d[c] = s * (p[c] - (c == y ? 1 : 0));
                }
            }
        }
        return loss / weightSum;
    }
}
