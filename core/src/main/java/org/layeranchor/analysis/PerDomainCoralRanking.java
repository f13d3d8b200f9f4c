package org.layeranchor.analysis;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.IntStream;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.numeric.Moments;
import org.layeranchor.numeric.Standardiser;

/**
 * Layers ranked by the CORAL distance between source and unlabelled target after each language is
 * standardised with its <em>own</em> statistics, the same per-domain standardisation the linear head
 * trains with. What remains is the difference in correlation structure, which is what closed-form
 * CORAL then aligns: the layer where it is smallest needs the least alignment.
 *
 * <p>Label-free by construction (it reads features only). Every row is used, no subsample; ties keep
 * the earlier layer first.
 */
public final class PerDomainCoralRanking {
    public static final String NAME = "coral_distance_per_domain_standardised";

    /**
     * @param ranking   layers, smallest distance first
     * @param distances distance of each layer (index = layer)
     */
    public record Result(int[] ranking, double[] distances) {
    }

    private PerDomainCoralRanking() {
    }

    public static Result rank(FeatureSet source, FeatureSet unlabelledTarget) {
        if (source.layers() != unlabelledTarget.layers()) {
            throw new IllegalArgumentException("source has " + source.layers() + " layers, target "
                    + unlabelledTarget.layers());
        }
        if (source.dim() != unlabelledTarget.dim()) {
            throw new IllegalArgumentException("source has dimension " + source.dim() + ", target " + unlabelledTarget.dim());
        }
        double[] distance = new double[source.layers()];
        for (int l = 0; l < distance.length; l++) {
            double[][] s = LayerVectors.of(source, l, UtteranceVector.MEAN_AND_STD, all(source.rows()));
            double[][] t = LayerVectors.of(unlabelledTarget, l, UtteranceVector.MEAN_AND_STD, all(unlabelledTarget.rows()));
            distance[l] = CoralDistance.between(perDomainCovariance(s), perDomainCovariance(t));
        }
        return new Result(order(distance), Arrays.copyOf(distance, distance.length));
    }

    /**
     * With several source corpora among the rows (by {@code Utterance.corpus}): each corpus's own
     * distance to the target, averaged per layer, so every language weighs the same whatever its size
     * and a layer must agree with the target for each of them; with one corpus, {@link #rank}.
     */
    public static Result rankPerSource(FeatureSet sources, FeatureSet unlabelledTarget) {
        Map<String, int[]> byCorpus = Utterance.rowsByCorpus(sources.utterances());
        if (byCorpus.size() < 2) {
            return rank(sources, unlabelledTarget);
        }
        double[] mean = new double[sources.layers()];
        for (int[] rows : byCorpus.values()) {
            double[] d = rank(sources.subset(rows), unlabelledTarget).distances();
            for (int l = 0; l < mean.length; l++) {
                mean[l] += d[l] / byCorpus.size();
            }
        }
        return new Result(order(mean), mean);
    }

    /**
     * The covariance of rows standardised with their own statistics: what {@code new CoralDistance().distance}
     * computes of {@code Standardiser.fitPooled(x).apply(x)}, with the same arithmetic, but standardising and
     * centring {@code x} (this class's own copy) in place. Every row is used, so with 100,000 utterances the
     * copies were the largest arrays of anchor choice: 186 MB each for RAVDESS's labelled rows, three alive
     * per layer; now one.
     */
    private static double[][] perDomainCovariance(double[][] x) {
        return Moments.ofCentringInPlace(Standardiser.fitPooled(x).applyInPlace(x)).covariance();
    }

    private static int[] order(double[] distance) {
        return IntStream.range(0, distance.length).boxed()
                .sorted(Comparator.comparingDouble((Integer l) -> distance[l]).thenComparingInt(l -> l))
                .mapToInt(Integer::intValue).toArray();
    }

    private static int[] all(int n) {
        return IntStream.range(0, n).toArray();
    }
}
