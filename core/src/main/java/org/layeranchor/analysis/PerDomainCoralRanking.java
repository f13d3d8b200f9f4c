package org.layeranchor.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.numeric.ContentFingerprint;
import org.layeranchor.numeric.Moments;
import org.layeranchor.numeric.Standardiser;

/**
 * Layers ranked by the CORAL distance between source and unlabelled target after each language is
 * standardised with its <em>own</em> statistics, the same per-domain standardisation the linear head
 * trains with. What remains is the difference in correlation structure, which is what closed-form
 * CORAL then aligns: the layer where it is smallest needs the least alignment.
 *
 * <p>Label-free by construction (it reads features only). Every row is used, no subsample; ties keep
 * the earlier layer first. Which vectors it reads is the caller's choice: [mean ‖ std] (the two-argument
 * methods), or the means alone when the head that will be trained at the anchors reads the means alone
 * ({@code TrainingConfig.rankingVector()}).
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

    /** Ranked on [mean ‖ std]. */
    public static Result rank(FeatureSet source, FeatureSet unlabelledTarget) {
        return rank(source, unlabelledTarget, UtteranceVector.MEAN_AND_STD);
    }

    /** @param vector the per-utterance vectors whose covariances are compared */
    public static Result rank(FeatureSet source, FeatureSet unlabelledTarget, UtteranceVector vector) {
        double[] distance = distances(List.of(source), unlabelledTarget, vector)[0];
        return new Result(order(distance), distance);
    }

    /**
     * With several source corpora among the rows (by {@code Utterance.corpus}): each corpus's own
     * distance to the target, averaged per layer, so every language weighs the same whatever its size
     * and a layer must agree with the target for each of them; with one corpus, {@link #rank}.
     */
    public static Result rankPerSource(FeatureSet sources, FeatureSet unlabelledTarget) {
        return rankPerSource(sources, unlabelledTarget, UtteranceVector.MEAN_AND_STD);
    }

    /** As {@link #rankPerSource(FeatureSet, FeatureSet)}, on {@code vector}. */
    public static Result rankPerSource(FeatureSet sources, FeatureSet unlabelledTarget, UtteranceVector vector) {
        Map<String, int[]> byCorpus = Utterance.rowsByCorpus(sources.utterances());
        if (byCorpus.size() < 2) {
            return rank(sources, unlabelledTarget, vector);
        }
        List<FeatureSet> parts = byCorpus.values().stream().map(sources::subset).toList();
        double[][] each = distances(parts, unlabelledTarget, vector);
        double[] mean = new double[sources.layers()];
        for (double[] d : each) {
            for (int l = 0; l < mean.length; l++) {
                mean[l] += d[l] / byCorpus.size();
            }
        }
        return new Result(order(mean), mean);
    }

    /**
     * Every layer's distance of each source to the target: {@code [source][layer]}. The target's
     * covariance of a layer is computed once for all the sources (one alive at a time), and a pair
     * already ranked is not ranked again: the benchmark asks for the same pairs when it chooses anchors
     * and again when each source's head is trained, and the covariances are most of the work of
     * choosing anchors. The answers are the same arithmetic either way, bit for bit.
     */
    private static double[][] distances(List<FeatureSet> sources, FeatureSet target, UtteranceVector vector) {
        for (FeatureSet source : sources) {
            if (source.layers() != target.layers()) {
                throw new IllegalArgumentException("source has " + source.layers() + " layers, target " + target.layers());
            }
            if (source.dim() != target.dim()) {
                throw new IllegalArgumentException("source has dimension " + source.dim() + ", target " + target.dim());
            }
        }
        long targetPrint = fingerprint(target);
        double[][] out = new double[sources.size()][];
        List<Integer> missing = new ArrayList<>();
        List<PairKey> keys = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            PairKey key = new PairKey(fingerprint(sources.get(i)), sources.get(i).rows(), targetPrint, target.rows(), vector);
            keys.add(key);
            double[] known = ALREADY_RANKED.get(key);
            if (known != null) {
                out[i] = known.clone();
            } else {
                missing.add(i);
                out[i] = new double[target.layers()];
            }
        }
        if (missing.isEmpty()) {
            return out;
        }
        for (int l = 0; l < target.layers(); l++) {
            double[][] t = perDomainCovariance(LayerVectors.of(target, l, vector, all(target.rows())));
            for (int i : missing) {
                FeatureSet source = sources.get(i);
                double[][] s = LayerVectors.of(source, l, vector, all(source.rows()));
                out[i][l] = CoralDistance.between(perDomainCovariance(s), t);
            }
        }
        for (int i : missing) {
            ALREADY_RANKED.put(keys.get(i), out[i].clone());
        }
        return out;
    }

    /** A source and a target, by their features' content (not their labels, which ranking never reads), and the vectors read. */
    private record PairKey(long source, int sourceRows, long target, int targetRows, UtteranceVector vector) {
    }

    /**
     * Pairs ranked so far, by content; a few thousand doubles at most. When full it starts again:
     * the benchmark asks for a pair again within the same direction, long before 512 others.
     */
    private static final Map<PairKey, double[]> ALREADY_RANKED = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<PairKey, double[]> eldest) {
                    return size() > 512;
                }
            });

    /** Pairs answered from {@link #ALREADY_RANKED} since the start, for tests. */
    static int rankedPairsRemembered() {
        return ALREADY_RANKED.size();
    }

    /**
     * A 64-bit fingerprint of every value of every layer (mean and std, in row order): two feature
     * sets with the same fingerprint, row count and shape hold the same numbers but for a collision
     * of chance 2^-64. Linear in the values, a thousandth of a covariance's cost.
     */
    static long fingerprint(FeatureSet set) {
        long h = ContentFingerprint.start((long) set.layers() << 32 | set.dim());
        for (float[][][] part : new float[][][][] {set.mean(), set.std()}) {
            for (float[][] layer : part) {
                for (float[] row : layer) {
                    for (float v : row) {
                        h = ContentFingerprint.add(h, Float.floatToRawIntBits(v));
                    }
                }
            }
        }
        return h;
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
