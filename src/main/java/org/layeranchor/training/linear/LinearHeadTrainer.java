package org.layeranchor.training.linear;

import org.layeranchor.analysis.classify.Lbfgs;
import org.layeranchor.analysis.classify.LogisticRegression;

/**
 * Fits one {@link LinearMember}: the member's standardised source rows, aligned with the unlabelled
 * target rows by {@link ClosedFormCoral} when asked, then a class-balanced multinomial logistic
 * regression (L-BFGS from zero, so the result does not depend on any seed).
 */
public final class LinearHeadTrainer {
    /**
     * L-BFGS settings of the head: memory 10, at most 500 iterations, gradient tolerance 1e-5.
     * Measured on the benchmark's directions: tighter tolerances change no prediction.
     */
    static final Lbfgs.Settings OPTIMISER = new Lbfgs.Settings(10, 500, 1e-5);

    /** What the fit produced, with the numbers the model's training summary reports. */
    public record Fit(LinearMember member, boolean converged, int iterations) {
    }

    private LinearHeadTrainer() {
    }

    /**
     * @param layers      the member's encoder layers (for the record; inputs are already concatenated)
     * @param source      [rows][width] standardised source rows
     * @param labels      class of each source row
     * @param classes     number of classes
     * @param target      [rows][width] standardised unlabelled target rows, or null for no alignment
     * @param l2          λ of the logistic regression
     * @param epsilon     CORAL's ε
     */
    public static Fit fit(int[] layers, double[][] source, int[] labels, int classes, double[][] target, double l2,
                          double epsilon) {
        double[][] x = source;
        if (target != null) {
            x = ClosedFormCoral.apply(source, ClosedFormCoral.map(source, target, epsilon));
        }
        LogisticRegression.Model m = LogisticRegression.fit(x, labels, classes,
                new LogisticRegression.Settings(l2, true, OPTIMISER));
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
