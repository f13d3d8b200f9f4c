package org.layeranchor.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * A partition of the layers into groups (the anchors of LAM-GL), with the quality of each group.
 *
 * @param method      how the groups were formed, e.g. {@code contiguous-dp} or {@code agglomerative-average}
 * @param groups      layer indices of each group, ascending; groups ordered by their first layer
 * @param withinMeanSimilarity mean pairwise similarity (CKA) inside each group; 1 for a single layer
 * @param cost        the objective the grouping minimised (lower is tighter); see the forming class
 */
public record LayerGroups(String method, List<List<Integer>> groups, double[] withinMeanSimilarity, double cost) {

    public LayerGroups {
        List<List<Integer>> copy = new ArrayList<>();
        for (List<Integer> g : groups) {
            copy.add(List.copyOf(g));
        }
        groups = List.copyOf(copy);
    }

    public int count() {
        return groups.size();
    }

    /** Mean of S[i][j] over pairs i &lt; j of the group; 1 for a single layer. */
    public static double withinMean(double[][] similarity, List<Integer> group) {
        if (group.size() < 2) {
            return 1.0;
        }
        double sum = 0;
        int pairs = 0;
        for (int a = 0; a < group.size(); a++) {
            for (int b = a + 1; b < group.size(); b++) {
                sum += similarity[group.get(a)][group.get(b)];
                pairs++;
            }
        }
        return sum / pairs;
    }

    /**
     * The grouping cost shared by both forming methods: Σ_g (1/|g|) Σ_{i&lt;j ∈ g} (1 − S_ij), the
     * analogue of the k-means within-group sum of squares with 1 − CKA as the squared distance.
     * Dividing by the group size keeps one large loose group from being as cheap as several tight ones.
     */
    public static double groupCost(double[][] similarity, List<Integer> group) {
        double sum = 0;
        for (int a = 0; a < group.size(); a++) {
            for (int b = a + 1; b < group.size(); b++) {
                sum += 1 - similarity[group.get(a)][group.get(b)];
            }
        }
        return sum / group.size();
    }

    static LayerGroups of(String method, double[][] similarity, List<List<Integer>> groups) {
        double[] within = new double[groups.size()];
        double cost = 0;
        for (int g = 0; g < groups.size(); g++) {
            within[g] = withinMean(similarity, groups.get(g));
            cost += groupCost(similarity, groups.get(g));
        }
        return new LayerGroups(method, groups, within, cost);
    }
}
