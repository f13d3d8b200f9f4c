package org.layeranchor.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns label-free rankings into anchors: single layers for LAM, groups for LAM-GL. Every method
 * refuses a ranking that reads any labels, so target labels cannot leak into the choice of anchors.
 *
 * <p>Combination rule: the consensus score of a layer is its mean rank (1 = most similar) over the
 * label-free measures; lower is better. Ranks, not raw values, so measures of different scale and
 * units weigh the same.
 */
public final class AnchorSelection {
    public static final String CONSENSUS_NAME = "consensus_mean_rank_label_free";

    /**
     * A group of layers scored by the mean rank of its layers in the ranking used (lower = more similar
     * across languages), with its within-group mean CKA.
     */
    public record RankedGroup(List<Integer> layers, double meanRank, double withinMeanSimilarity) {
        public RankedGroup {
            layers = List.copyOf(layers);
        }
    }

    private AnchorSelection() {
    }

    /** Mean rank over the given label-free rankings, as a ranking (lower score = better). */
    public static LayerRanking consensus(List<LayerRanking> labelFreeRankings) {
        if (labelFreeRankings.isEmpty()) {
            throw new IllegalArgumentException("a consensus needs at least one ranking");
        }
        int layers = labelFreeRankings.get(0).layers();
        double[] meanRank = new double[layers];
        for (LayerRanking r : labelFreeRankings) {
            requireLabelFree(r);
            if (r.layers() != layers) {
                throw new IllegalArgumentException("rankings cover different layer counts");
            }
            double[] rank = r.ranks();
            for (int l = 0; l < layers; l++) {
                meanRank[l] += rank[l] / labelFreeRankings.size();
            }
        }
        return LayerRanking.of(CONSENSUS_NAME, LabelUse.NONE, LayerMeasure.Better.LOWER, meanRank);
    }

    /** The k best layers of a label-free ranking, best first. */
    public static List<Integer> topLayers(LayerRanking ranking, int k) {
        requireLabelFree(ranking);
        if (k < 1 || k > ranking.layers()) {
            throw new IllegalArgumentException("cannot pick " + k + " of " + ranking.layers() + " layers");
        }
        List<Integer> top = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            top.add(ranking.layersBestFirst()[i]);
        }
        return top;
    }

    /** Groups ordered best first by the mean rank of their layers in a label-free ranking. */
    public static List<RankedGroup> rankGroups(LayerGroups groups, LayerRanking ranking) {
        requireLabelFree(ranking);
        double[] rank = ranking.ranks();
        List<RankedGroup> ranked = new ArrayList<>();
        for (int g = 0; g < groups.count(); g++) {
            List<Integer> layers = groups.groups().get(g);
            double mean = layers.stream().mapToDouble(l -> rank[l]).average().orElse(Double.NaN);
            ranked.add(new RankedGroup(layers, mean, groups.withinMeanSimilarity()[g]));
        }
        ranked.sort(Comparator.comparingDouble(RankedGroup::meanRank)
                .thenComparingInt(r -> r.layers().get(0)));
        return ranked;
    }

    private static void requireLabelFree(LayerRanking ranking) {
        if (!ranking.labelFree()) {
            throw new IllegalArgumentException("anchor selection may use label-free measures only; '"
                    + ranking.measure() + "' " + ranking.labelUse().caption());
        }
    }
}
