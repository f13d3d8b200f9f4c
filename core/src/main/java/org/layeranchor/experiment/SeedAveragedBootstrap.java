package org.layeranchor.experiment;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.layeranchor.evaluation.ConfidenceInterval;
import org.layeranchor.evaluation.ConfusionMatrix;

/**
 * Percentile bootstrap of the seed-averaged UAR: test utterances are resampled with replacement, and
 * every seed's predictions are scored on the same resample, so the interval reflects the finite test
 * set (the larger source of uncertainty here) while the estimate is the mean over seeds.
 */
final class SeedAveragedBootstrap {
    private SeedAveragedBootstrap() {
    }

    static ConfidenceInterval uarInterval(int classes, int[] truth, List<int[]> predictionsPerSeed, int resamples,
                                          double level, long seed) {
        double estimate = meanUar(classes, truth, predictionsPerSeed, identity(truth.length));
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] stats = new double[resamples];
        int[] idx = new int[truth.length];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < idx.length; i++) {
                idx[i] = rnd.nextInt(truth.length);
            }
            stats[b] = meanUar(classes, truth, predictionsPerSeed, idx);
        }
        Arrays.sort(stats);
        double alpha = (1 - level) / 2;
        double low = stats[(int) Math.floor(alpha * (resamples - 1))];
        double high = stats[(int) Math.ceil((1 - alpha) * (resamples - 1))];
        return new ConfidenceInterval(estimate, low, high, level, resamples, seed);
    }

    private static double meanUar(int classes, int[] truth, List<int[]> predictions, int[] idx) {
        double sum = 0;
        List<String> names = java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        for (int[] pred : predictions) {
            ConfusionMatrix m = new ConfusionMatrix(names);
            for (int i : idx) {
                m.add(truth[i], pred[i]);
            }
            sum += m.uar();
        }
        return sum / predictions.size();
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
