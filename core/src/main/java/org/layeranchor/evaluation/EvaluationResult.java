package org.layeranchor.evaluation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scores of one set of predictions against the truth.
 *
 * @param classes          class names, in the model's order
 * @param utterances       number of scored utterances
 * @param uar              unweighted average recall over classes present in the truth
 * @param weightedAccuracy plain accuracy (correct / total), "WA" in the SER literature
 * @param macroF1          macro-averaged F1
 * @param recall           per-class recall (NaN for a class absent from the truth), in class order
 * @param confusion        counts [true][predicted]
 */
public record EvaluationResult(List<String> classes, int utterances, double uar, double weightedAccuracy,
                               double macroF1, Map<String, Double> recall, long[][] confusion) {

    public static EvaluationResult of(ConfusionMatrix m) {
        Map<String, Double> recall = new LinkedHashMap<>();
        double[] r = m.recall();
        for (int c = 0; c < r.length; c++) {
            recall.put(m.classes().get(c), r[c]);
        }
        long[][] counts = new long[m.classes().size()][m.classes().size()];
        for (int t = 0; t < counts.length; t++) {
            for (int p = 0; p < counts.length; p++) {
                counts[t][p] = m.count(t, p);
            }
        }
        return new EvaluationResult(m.classes(), (int) m.total(), m.uar(), m.accuracy(), m.macroF1(),
                Collections.unmodifiableMap(recall), counts);
    }

    /** The confusion matrix, rebuilt from the counts. */
    public ConfusionMatrix confusionMatrix() {
        ConfusionMatrix m = new ConfusionMatrix(classes);
        for (int t = 0; t < confusion.length; t++) {
            for (int p = 0; p < confusion.length; p++) {
                for (long k = 0; k < confusion[t][p]; k++) {
                    m.add(t, p);
                }
            }
        }
        return m;
    }

    /** Scores, per-class recall and the confusion table as plain text. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("utterances %d%nUAR %.4f   WA %.4f   macro-F1 %.4f%n", utterances, uar, weightedAccuracy, macroF1));
        sb.append("recall:");
        recall.forEach((c, r) -> sb.append(String.format("  %s %.4f", c, r)));
        sb.append('\n').append(confusionMatrix().toText());
        return sb.toString();
    }
}
