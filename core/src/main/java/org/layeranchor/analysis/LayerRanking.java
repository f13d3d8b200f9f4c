package org.layeranchor.analysis;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Layers ordered best-first by one measure. The rule: a distance ranks the layer with the
 * <em>lowest</em> value first (most similar across languages); a similarity, UAR or score ranks the
 * <em>highest</em> first. NaN values rank last; ties keep layer order.
 *
 * @param measure         name of the measure (or of the consensus)
 * @param labelUse        labels the underlying measure(s) read; {@link #labelFree()} derives from it
 * @param better          direction of the scores
 * @param layersBestFirst layer indices, best first
 * @param scores          the measure's value per layer index (not per rank)
 */
public record LayerRanking(String measure, LabelUse labelUse, LayerMeasure.Better better, int[] layersBestFirst,
                           double[] scores) {

    public LayerRanking {
        layersBestFirst = layersBestFirst.clone();
        scores = scores.clone();
    }

    public static LayerRanking of(LayerMeasure m) {
        return of(m.name(), m.labelUse(), m.better(), m.values());
    }

    public static LayerRanking of(String measure, LabelUse labelUse, LayerMeasure.Better better, double[] scores) {
        Comparator<Integer> byValue = Comparator.comparingDouble(l -> better == LayerMeasure.Better.LOWER
                ? scores[l] : -scores[l]);
        Comparator<Integer> order = Comparator.<Integer, Boolean>comparing(l -> Double.isNaN(scores[l]))
                .thenComparing(byValue)
                .thenComparing(Comparator.naturalOrder());
        int[] ordered = IntStream.range(0, scores.length).boxed().sorted(order).mapToInt(Integer::intValue).toArray();
        return new LayerRanking(measure, labelUse, better, ordered, scores);
    }

    public boolean labelFree() {
        return labelUse.labelFree();
    }

    public int layers() {
        return scores.length;
    }

    /**
     * Rank of every layer (1 = best), ties sharing the mean of the ranks they span (fractional
     * ranking), NaN layers sharing the last ranks.
     */
    public double[] ranks() {
        int n = layersBestFirst.length;
        double[] rank = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && sameScore(scores[layersBestFirst[j + 1]], scores[layersBestFirst[i]])) {
                j++;
            }
            double shared = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rank[layersBestFirst[k]] = shared;
            }
            i = j + 1;
        }
        return rank;
    }

    private static boolean sameScore(double a, double b) {
        return a == b || (Double.isNaN(a) && Double.isNaN(b));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerRanking r && measure.equals(r.measure) && labelUse == r.labelUse && better == r.better
                && Arrays.equals(layersBestFirst, r.layersBestFirst) && Arrays.equals(scores, r.scores);
    }

    @Override
    public int hashCode() {
        return measure.hashCode() * 31 + Arrays.hashCode(scores);
    }

    @Override
    public String toString() {
        return measure + " best-first " + Arrays.toString(layersBestFirst);
    }
}
