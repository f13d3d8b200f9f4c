package org.layeranchor.analysis;

import java.util.Random;
import org.layeranchor.analysis.classify.CrossValidationFolds;
import org.layeranchor.analysis.classify.LogisticRegression;
import org.layeranchor.numeric.Standardiser;

/**
 * Proxy A-distance (Ben-David et al. 2007): 2 (1 − 2ε), with ε the cross-validated error of a linear
 * classifier trained to tell source rows from target rows. ≈ 2 when the languages are linearly
 * separable, ≈ 0 when the classifier does no better than chance (it can dip slightly below 0 by
 * sampling noise; the value is reported as is).
 *
 * <p>Procedure: the larger side is subsampled (seeded) to the size of the smaller, so chance error is
 * exactly 0.5; folds are stratified by language; within each fold the features are standardised on
 * the training rows and an L2 logistic regression is fitted ({@link LogisticRegression}).
 */
public final class ProxyADistance implements CrossLanguageDistance {
    public static final String NAME = "proxy_a_distance";

    private final int folds;
    private final long seed;
    private final LogisticRegression.Settings classifier;

    public ProxyADistance(int folds, long seed, LogisticRegression.Settings classifier) {
        if (folds < 2) {
            throw new IllegalArgumentException("need at least 2 folds, got " + folds);
        }
        this.folds = folds;
        this.seed = seed;
        this.classifier = classifier;
    }

    /** 5 folds, seed 1, the default probe settings. */
    public static ProxyADistance defaults() {
        return new ProxyADistance(5, 1, LogisticRegression.Settings.defaults());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "proxy A-distance 2(1 - 2 err), err = " + folds + "-fold CV error of an L2 logistic-regression language classifier";
    }

    @Override
    public double distance(double[][] source, double[][] target) {
        return 2 * (1 - 2 * crossValidatedError(source, target));
    }

    /** ε: the fraction of held-out rows whose language the classifier gets wrong. */
    public double crossValidatedError(double[][] source, double[][] target) {
        CrossLanguageDistance.checkSameDimension(source, target);
        int perSide = Math.min(source.length, target.length);
        if (perSide < folds) {
            throw new IllegalArgumentException("proxy A-distance needs at least " + folds + " rows per side, got " + perSide);
        }
        Random random = new Random(seed);
        double[][] s = DeterministicSubsample.rows(source, perSide, random.nextLong());
        double[][] t = DeterministicSubsample.rows(target, perSide, random.nextLong());
        double[][] x = new double[2 * perSide][];
        int[] language = new int[2 * perSide];
        for (int i = 0; i < perSide; i++) {
            x[i] = s[i];
            x[perSide + i] = t[i];
            language[perSide + i] = 1;
        }
        int[] fold = CrossValidationFolds.stratified(language, folds, random.nextLong());
        int errors = 0;
        LogisticRegression.Model previous = null; // warm start: folds share most of their rows
        for (int f = 0; f < folds; f++) {
            int[] train = CrossValidationFolds.rows(fold, f, false);
            int[] test = CrossValidationFolds.rows(fold, f, true);
            double[][] trainX = select(x, train);
            Standardiser z = Standardiser.fitPooled(trainX);
            LogisticRegression.Model m = LogisticRegression.fit(z.apply(trainX), select(language, train), 2, classifier,
                    previous);
            previous = m;
            int[] predicted = m.predict(z.apply(select(x, test)));
            for (int i = 0; i < test.length; i++) {
                if (predicted[i] != language[test[i]]) {
                    errors++;
                }
            }
        }
        return errors / (double) x.length;
    }

    private static double[][] select(double[][] x, int[] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = x[rows[i]];
        }
        return out;
    }

    private static int[] select(int[] y, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = y[rows[i]];
        }
        return out;
    }
}
