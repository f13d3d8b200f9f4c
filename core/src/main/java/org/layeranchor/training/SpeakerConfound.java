package org.layeranchor.training;

import java.util.List;
import java.util.Map;
import org.layeranchor.corpus.Utterance;

/**
 * How much of a corpus's emotion variety lives <em>within</em> its speakers: the conditional entropy
 * H(class | speaker) over H(class), from 0 (every speaker carries one class: speaker and emotion are
 * confounded) to 1 (every speaker shows the corpus's whole mix). Per-speaker standardisation removes
 * each speaker's mean, so it only makes sense where this spread is large: with a confounded corpus
 * it removes the emotion itself.
 *
 * <p>For a labelled source it is read from the source's own labels. For an unlabelled target it is
 * read from <em>predicted</em> classes (of a model standardised per domain), never from labels: a
 * target whose speakers each get one predicted class looks confounded. Labels are compared with
 * {@link #MIN_SPREAD}, predictions with {@link #MIN_PREDICTED_SPREAD}.
 */
public final class SpeakerConfound {
    /**
     * Below this within-speaker share of the class entropy a corpus counts as confounded. Half way
     * between the two kinds of corpora this project has: acted corpora where every speaker records
     * every emotion (≈ 1) and talk-show corpora where a speaker carries one (URDU: 26 of 29 speakers).
     */
    public static final double MIN_SPREAD = 0.5;

    /**
     * The same threshold for <em>predicted</em> classes. A classifier's errors spread a confounded
     * speaker's predictions over several classes, which pulls the ratio towards 1: with accuracy a on
     * four balanced classes, a speaker who carries one class shows −a·ln a − (1−a)·ln((1−a)/3) nats,
     * 0.80 of ln 4 at a = 0.6 and 0.90 at a = 0.5, while an unconfounded corpus stays near 1. Measured
     * with whisper-base on the four shared corpora as targets of the others (docs/BENCHMARK.md): the
     * acted corpora 0.86–0.99, URDU 0.58–0.79.
     */
    public static final double MIN_PREDICTED_SPREAD = 0.85;

    private SpeakerConfound() {
    }

    /** H(class | speaker) / H(class) of the rows' labels (rows without a speaker or label are skipped). */
    public static double fromLabels(List<Utterance> rows, List<String> classes) {
        int[] cls = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            cls[i] = classes.indexOf(rows.get(i).emotion());
        }
        return spread(rows, cls, classes.size());
    }

    /**
     * H(predicted | speaker) / H(predicted) for unlabelled rows and the classes a model predicts for
     * them (indices into the class list, -1 to skip a row). No label is read.
     */
    public static double spread(List<Utterance> rows, int[] classOfRow, int classes) {
        if (rows.size() != classOfRow.length) {
            throw new IllegalArgumentException(rows.size() + " rows but " + classOfRow.length + " classes");
        }
        double[] total = new double[classes];
        double within = 0;
        int n = 0;
        for (Map.Entry<String, int[]> e : SpeakerStandardisation.rowsBySpeaker(rows).entrySet()) {
            double[] counts = new double[classes];
            int m = 0;
            for (int r : e.getValue()) {
                if (classOfRow[r] >= 0) {
                    counts[classOfRow[r]]++;
                    total[classOfRow[r]]++;
                    m++;
                }
            }
            within += m * entropy(counts, m);
            n += m;
        }
        double h = entropy(total, n);
        if (n == 0 || h == 0) {
            return Double.NaN; // no speakers, or one class in all: nothing to say
        }
        return within / n / h;
    }

    /** Whether a label spread says the speakers are confounded with the classes (NaN: unknown, treated as confounded). */
    public static boolean confounded(double spread) {
        return !(spread >= MIN_SPREAD);
    }

    /** Whether a predicted-class spread says so (NaN: unknown, treated as confounded). */
    public static boolean confoundedByPredictions(double spread) {
        return !(spread >= MIN_PREDICTED_SPREAD);
    }

    private static double entropy(double[] counts, double n) {
        if (n == 0) {
            return 0;
        }
        double h = 0;
        for (double c : counts) {
            if (c > 0) {
                double p = c / n;
                h -= p * Math.log(p);
            }
        }
        return h;
    }
}
