package org.layeranchor.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Average-linkage agglomerative clustering of layers with distance 1 − S (S = CKA), merged until k
 * clusters remain. Unlike {@link ContiguousLayerSegmentation} a cluster may join layers that are not
 * neighbours (e.g. the first and the last layer when both stay close to the input).
 */
public final class AgglomerativeLayerClustering {
    public static final String METHOD = "agglomerative-average";

    private AgglomerativeLayerClustering() {
    }

    public static LayerGroups cluster(double[][] similarity, int k) {
        int layers = similarity.length;
        if (k < 1 || k > layers) {
            throw new IllegalArgumentException("cannot cluster " + layers + " layers into " + k + " groups");
        }
        List<List<Integer>> clusters = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            clusters.add(new ArrayList<>(List.of(i)));
        }
        while (clusters.size() > k) {
            int bestA = -1;
            int bestB = -1;
            double bestDistance = Double.POSITIVE_INFINITY;
            // Scan pairs in index order with a strict test, so ties merge the earliest pair.
            for (int a = 0; a < clusters.size(); a++) {
                for (int b = a + 1; b < clusters.size(); b++) {
                    double d = averageDistance(similarity, clusters.get(a), clusters.get(b));
                    if (d < bestDistance - 1e-15) {
                        bestDistance = d;
                        bestA = a;
                        bestB = b;
                    }
                }
            }
            clusters.get(bestA).addAll(clusters.remove(bestB));
            clusters.get(bestA).sort(Comparator.naturalOrder());
        }
        clusters.sort(Comparator.comparingInt(c -> c.get(0)));
        return LayerGroups.of(METHOD, similarity, clusters);
    }

    private static double averageDistance(double[][] s, List<Integer> a, List<Integer> b) {
        double sum = 0;
        for (int i : a) {
            for (int j : b) {
                sum += 1 - s[i][j];
            }
        }
        return sum / (a.size() * b.size());
    }
}
