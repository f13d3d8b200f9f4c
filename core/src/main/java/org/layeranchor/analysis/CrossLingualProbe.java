package org.layeranchor.analysis;

import java.util.List;
import org.layeranchor.analysis.classify.LogisticRegression;
import org.layeranchor.evaluation.ConfusionMatrix;
import org.layeranchor.numeric.Standardiser;

/**
 * ANALYSIS ONLY — scored with target labels. A class-balanced linear probe trained on the labelled
 * source language (features standardised with source statistics, as a source-only model would see
 * them) and scored by UAR on the target language: how well one layer's emotion boundaries transfer.
 */
public final class CrossLingualProbe {
    private final LogisticRegression.Settings classifier;

    public CrossLingualProbe(LogisticRegression.Settings classifier) {
        this.classifier = classifier;
    }

    public double targetUar(double[][] source, int[] sourceClass, double[][] target, int[] targetClass,
                            List<String> classes) {
        Standardiser z = Standardiser.fitPooled(source);
        LogisticRegression.Model m = LogisticRegression.fit(z.apply(source), sourceClass, classes.size(), classifier);
        return ConfusionMatrix.of(classes, targetClass, m.predict(z.apply(target))).uar();
    }
}
