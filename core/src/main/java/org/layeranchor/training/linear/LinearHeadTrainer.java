package org.layeranchor.training.linear;

import org.layeranchor.analysis.classify.Lbfgs;
import org.layeranchor.analysis.classify.LogisticRegression;

/**
 * Fits one {@link LinearMember}: a class-balanced multinomial logistic regression (L-BFGS from zero,
 * so the result does not depend on any seed) on the member's rows, which the caller has already
 * standardised and, for an anchor, aligned with the target by {@link ClosedFormCoral}.
 */
public final class LinearHeadTrainer {
    /**
     * L-BFGS settings of the head: memory 10, at most 500 iterations, gradient tolerance 1e-5.
     * Measured on the benchmark's directions: tighter tolerances change no prediction.
     */
    static final Lbfgs.Settings OPTIMIZER = new Lbfgs.Settings(10, 500, 1e-5);

    /** What the fit produced, with the numbers the model's training summary reports. */
    public record Fit(LinearMember member, boolean converged, int iterations) {
    }

    private LinearHeadTrainer() {
    }

    /**
     * @param layers      the member's encoder layers (for the record; inputs are already concatenated)
     * @param source      [rows][width] standardised (and, at an anchor, aligned) source rows
     * @param labels      class of each source row
     * @param classes     number of classes
     * @param l2          λ of the logistic regression
     */
    public static Fit fit(int[] layers, double[][] source, int[] labels, int classes, double l2) {
        LogisticRegression.Model m = LogisticRegression.fit(source, labels, classes,
                new LogisticRegression.Settings(l2, true, OPTIMIZER));
        int width = source[0].length;
        float[][] w = new float[width][classes];
        float[] b = new float[classes];
        for (int k = 0; k < classes; k++) {
            b[k] = (float) m.bias()[k];
            for (int j = 0; j < width; j++) {
                w[j][k] = (float) m.weights()[k][j];
            }
        }
        return new Fit(new LinearMember(layers, w, b), m.converged(), m.iterations());
    }
}
