package org.layeranchor.evaluation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap confidence interval of UAR: utterances are resampled with replacement
 * (seeded, so the interval is reproducible) and UAR recomputed on each resample; the interval is
 * the (1−level)/2 and (1+level)/2 quantiles of those values (linear interpolation between order
 * statistics). A class that a resample happens to miss drops out of that resample's mean, as in
 * {@link ConfusionMatrix#uar()}.
 */
public final class UarBootstrap {
    public static final int DEFAULT_RESAMPLES = 1000;
    public static final double DEFAULT_LEVEL = 0.95;

    private UarBootstrap() {
    }

    public static ConfidenceInterval interval(int classes, int[] truth, int[] predicted, int resamples, double level,
                                              long seed) {
        if (truth.length != predicted.length || truth.length == 0) {
            throw new IllegalArgumentException("need equally many (≥ 1) true labels and predictions, got "
                    + truth.length + " and " + predicted.length);
        }
        if (resamples < 1 || level <= 0 || level >= 1) {
            throw new IllegalArgumentException("resamples " + resamples + " and level " + level + " are not usable");
        }
        int n = truth.length;
        SplittableRandom random = new SplittableRandom(seed);
        long[] support = new long[classes];
        long[] hits = new long[classes];
        double[] values = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            Arrays.fill(support, 0);
            Arrays.fill(hits, 0);
            for (int k = 0; k < n; k++) {
                int i = random.nextInt(n);
                support[truth[i]]++;
                if (truth[i] == predicted[i]) {
                    hits[truth[i]]++;
                }
            }
            values[b] = uar(support, hits);
        }
        Arrays.sort(values);
        Arrays.fill(support, 0);
        Arrays.fill(hits, 0);
        for (int i = 0; i < n; i++) {
            support[truth[i]]++;
            if (truth[i] == predicted[i]) {
                hits[truth[i]]++;
            }
        }
        return new ConfidenceInterval(uar(support, hits), quantile(values, (1 - level) / 2),
                quantile(values, (1 + level) / 2), level, resamples, seed);
    }

    public static ConfidenceInterval interval(int classes, int[] truth, int[] predicted, long seed) {
        return interval(classes, truth, predicted, DEFAULT_RESAMPLES, DEFAULT_LEVEL, seed);
    }

    /**
     * The same from a result's confusion counts: they hold every (truth, prediction) pair, which is
     * all the resampling needs. Pairs are laid out row by row, so the interval is reproducible.
     */
    public static ConfidenceInterval interval(EvaluationResult result, int resamples, double level, long seed) {
        long[][] counts = result.confusion();
        int n = result.utterances();
        int[] truth = new int[n];
        int[] predicted = new int[n];
        int i = 0;
        for (int t = 0; t < counts.length; t++) {
            for (int p = 0; p < counts.length; p++) {
                for (long k = 0; k < counts[t][p]; k++) {
                    truth[i] = t;
                    predicted[i++] = p;
                }
            }
        }
        return interval(counts.length, truth, predicted, resamples, level, seed);
    }

    public static ConfidenceInterval interval(EvaluationResult result, long seed) {
        return interval(result, DEFAULT_RESAMPLES, DEFAULT_LEVEL, seed);
    }

    private static double uar(long[] support, long[] hits) {
        double sum = 0;
        int present = 0;
        for (int c = 0; c < support.length; c++) {
            if (support[c] > 0) {
                sum += hits[c] / (double) support[c];
                present++;
            }
        }
        return sum / present;
    }

    /** Quantile of sorted values, linear between order statistics (NumPy's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
