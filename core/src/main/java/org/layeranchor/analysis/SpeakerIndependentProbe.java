package org.layeranchor.analysis;

import java.util.ArrayList;
import java.util.List;
import org.layeranchor.analysis.classify.CrossValidationFolds;
import org.layeranchor.analysis.classify.LogisticRegression;
import org.layeranchor.evaluation.ConfusionMatrix;
import org.layeranchor.numeric.Standardiser;

/**
 * How much emotion one layer carries within one language: the UAR of a class-balanced linear probe
 * under speaker-independent cross-validation (every speaker's rows in exactly one fold, folds seeded).
 * Uses that language's labels; on the target language it is analysis only (an upper bound, not
 * something an unsupervised method may look at).
 *
 * <p>In each fold the features are standardised on the training rows only. The held-out predictions
 * of all folds are pooled into one confusion matrix, whose UAR is returned.
 */
public final class SpeakerIndependentProbe {
    private final int folds;
    private final long seed;
    private final LogisticRegression.Settings classifier;

    public SpeakerIndependentProbe(int folds, long seed, LogisticRegression.Settings classifier) {
        this.folds = folds;
        this.seed = seed;
        this.classifier = classifier;
    }

    /**
     * @return pooled held-out UAR, or NaN when fewer than two distinct speakers make speaker-independent
     *         folds impossible
     */
    public double uar(double[][] x, int[] y, List<String> classes, List<String> speakers) {
        if (speakers.stream().distinct().count() < 2) {
            return Double.NaN;
        }
        int[] fold = CrossValidationFolds.grouped(speakers, folds, seed);
        int k = CrossValidationFolds.foldCount(fold);
        List<Integer> truth = new ArrayList<>();
        List<Integer> predicted = new ArrayList<>();
        LogisticRegression.Model previous = null; // warm start: folds share most of their rows
        for (int f = 0; f < k; f++) {
            int[] train = CrossValidationFolds.rows(fold, f, false);
            int[] test = CrossValidationFolds.rows(fold, f, true);
            double[][] trainX = select(x, train);
            Standardiser z = Standardiser.fitPooled(trainX);
            int[] trainY = new int[train.length];
            for (int i = 0; i < train.length; i++) {
                trainY[i] = y[train[i]];
            }
            LogisticRegression.Model m = LogisticRegression.fit(z.apply(trainX), trainY, classes.size(), classifier,
                    previous);
            previous = m;
            int[] p = m.predict(z.apply(select(x, test)));
            for (int i = 0; i < test.length; i++) {
                truth.add(y[test[i]]);
                predicted.add(p[i]);
            }
        }
        return ConfusionMatrix.of(classes, toArray(truth), toArray(predicted)).uar();
    }

    static double[][] select(double[][] x, int[] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = x[rows[i]];
        }
        return out;
    }

    private static int[] toArray(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
