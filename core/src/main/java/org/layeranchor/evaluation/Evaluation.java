package org.layeranchor.evaluation;

import java.util.List;

/** Turns predictions into an {@link EvaluationResult}. */
public final class Evaluation {
    private Evaluation() {
    }

    /** Scores hard predictions (class indices into {@code classes}). */
    public static EvaluationResult of(List<String> classes, int[] truth, int[] predicted) {
        return EvaluationResult.of(ConfusionMatrix.of(classes, truth, predicted));
    }

    /** Scores the argmax of class probabilities [row][class]. */
    public static EvaluationResult ofProbabilities(List<String> classes, int[] truth, double[][] probabilities) {
        return of(classes, truth, argmax(probabilities));
    }

    /** Index of the largest value of each row (the first one on ties). */
    public static int[] argmax(double[][] scores) {
        int[] out = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            int arg = 0;
            for (int c = 1; c < scores[i].length; c++) {
                if (scores[i][c] > scores[i][arg]) {
                    arg = c;
                }
            }
            out[i] = arg;
        }
        return out;
    }

    /** Class indices of labels; a label outside {@code classes} fails, naming it. */
    public static int[] indicesOf(List<String> classes, List<String> labels) {
        int[] out = new int[labels.size()];
        for (int i = 0; i < out.length; i++) {
            int c = classes.indexOf(labels.get(i));
            if (c < 0) {
                throw new IllegalArgumentException("label '" + labels.get(i) + "' (row " + i + ") is not in the class set "
                        + classes);
            }
            out[i] = c;
        }
        return out;
    }
}
