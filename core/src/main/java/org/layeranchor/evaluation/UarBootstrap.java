package org.layeranchor.evaluation;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap confidence interval of UAR, the one the benchmark reports. Test utterances
 * are resampled with replacement (seeded, so the interval is reproducible); with several seeds'
 * predictions every seed is scored on the same resample and the statistic is their mean UAR, so the
 * interval reflects the finite test set (the larger source of uncertainty here) while the estimate
 * is the mean over seeds. A class that a resample happens to miss drops out of that resample's mean,
 * as in {@link ConfusionMatrix#uar()}.
 *
 * <p>Quantile rule: the bounds are order statistics of the sorted resample values, rounded outwards
 * (low at ⌊α(B−1)⌋, high at ⌈(1−α)(B−1)⌉ with α = (1 − level)/2 and B resamples), never
 * interpolated, so each bound is a UAR some resample actually had.
 */
public final class UarBootstrap {
    public static final int DEFAULT_RESAMPLES = 1000;
    public static final double DEFAULT_LEVEL = 0.95;

    private UarBootstrap() {
    }

    /** The interval of one model's UAR. */
    public static ConfidenceInterval interval(int classes, int[] truth, int[] predicted, int resamples, double level,
                                              long seed) {
        return seedAveraged(classes, truth, List.of(predicted), resamples, level, seed);
    }

    public static ConfidenceInterval interval(int classes, int[] truth, int[] predicted, long seed) {
        return interval(classes, truth, predicted, DEFAULT_RESAMPLES, DEFAULT_LEVEL, seed);
    }

    /** The interval of the mean UAR over seeds, each seed's predictions scored on the same resamples. */
    public static ConfidenceInterval seedAveraged(int classes, int[] truth, List<int[]> predictionsPerSeed,
                                                  int resamples, double level, long seed) {
        check(classes, truth, predictionsPerSeed, resamples, level);
        int n = truth.length;
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        double estimate = meanUar(classes, truth, predictionsPerSeed, rows);
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                rows[i] = random.nextInt(n);
            }
            values[b] = meanUar(classes, truth, predictionsPerSeed, rows);
        }
        Arrays.sort(values);
        double alpha = (1 - level) / 2;
        double low = values[(int) Math.floor(alpha * (resamples - 1))];
        double high = values[(int) Math.ceil((1 - alpha) * (resamples - 1))];
        return new ConfidenceInterval(estimate, low, high, level, resamples, seed);
    }

    private static void check(int classes, int[] truth, List<int[]> predictionsPerSeed, int resamples, double level) {
        if (truth.length == 0 || predictionsPerSeed.isEmpty()) {
            throw new IllegalArgumentException("need at least one true label and one seed's predictions, got "
                    + truth.length + " labels and " + predictionsPerSeed.size() + " seeds");
        }
        for (int[] predicted : predictionsPerSeed) {
            if (predicted.length != truth.length) {
                throw new IllegalArgumentException("need as many predictions as true labels, got " + predicted.length
                        + " and " + truth.length);
            }
        }
        if (resamples < 1 || level <= 0 || level >= 1) {
            throw new IllegalArgumentException("resamples " + resamples + " and level " + level + " are not usable");
        }
        for (int t : truth) {
            if (t < 0 || t >= classes) {
                throw new IllegalArgumentException("true label " + t + " is not one of " + classes + " classes");
            }
        }
    }

    private static double meanUar(int classes, int[] truth, List<int[]> predictionsPerSeed, int[] rows) {
        long[] support = new long[classes];
        long[] hits = new long[classes];
        double sum = 0;
        for (int[] predicted : predictionsPerSeed) {
            Arrays.fill(support, 0);
            Arrays.fill(hits, 0);
            for (int i : rows) {
                support[truth[i]]++;
                if (truth[i] == predicted[i]) {
                    hits[truth[i]]++;
                }
            }
            sum += uar(support, hits);
        }
        return sum / predictionsPerSeed.size();
    }

    /** Same arithmetic, in the same order, as {@link ConfusionMatrix#uar()}. */
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
}
