package org.layeranchor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LayerGroupingTest {

    /** CKA-like matrix: `within` inside each block of the given sizes, `between` elsewhere, 1 on the diagonal. */
    private static double[][] blocks(double within, double between, int... sizes) {
        int n = 0;
        for (int s : sizes) {
            n += s;
        }
        int[] block = new int[n];
        int i = 0;
        for (int b = 0; b < sizes.length; b++) {
            for (int k = 0; k < sizes[b]; k++) {
                block[i++] = b;
            }
        }
        double[][] m = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int c = 0; c < n; c++) {
                m[a][c] = a == c ? 1 : block[a] == block[c] ? within : between;
            }
        }
        return m;
    }

    @Test
    void segmentationRecoversContiguousBlocks() {
        LayerGroups g = ContiguousLayerSegmentation.segment(blocks(0.9, 0.3, 3, 2, 2), 3);
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4), List.of(5, 6)), g.groups());
        assertEquals(0.9, g.withinMeanSimilarity()[0], 1e-12);
        LayerGroups uneven = ContiguousLayerSegmentation.segment(blocks(0.95, 0.2, 1, 4, 2, 6), 4);
        assertEquals(List.of(List.of(0), List.of(1, 2, 3, 4), List.of(5, 6), List.of(7, 8, 9, 10, 11, 12)),
                uneven.groups());
        assertEquals(1.0, uneven.withinMeanSimilarity()[0], 0);
    }

    @Test
    void segmentationIsOptimalAgainstBruteForce() {
        // A graded (Toeplitz-like) matrix with noise: the DP must match the best of all C(6,2) splits.
        int n = 7;
        double[][] s = new double[n][n];
        Random r = new Random(3);
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                s[a][b] = s[b][a] = a == b ? 1 : Math.exp(-Math.abs(a - b) / 2.0) + 0.05 * r.nextDouble();
            }
        }
        double best = Double.POSITIVE_INFINITY;
        for (int c1 = 1; c1 < n; c1++) {
            for (int c2 = c1 + 1; c2 < n; c2++) {
                double cost = LayerGroups.groupCost(s, range(0, c1)) + LayerGroups.groupCost(s, range(c1, c2))
                        + LayerGroups.groupCost(s, range(c2, n));
                best = Math.min(best, cost);
            }
        }
        assertEquals(best, ContiguousLayerSegmentation.segment(s, 3).cost(), 1e-12);
    }

    @Test
    void agglomerativeClusteringRecoversBlocksAndMayJoinDistantLayers() {
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4), List.of(5, 6)),
                AgglomerativeLayerClustering.cluster(blocks(0.9, 0.3, 3, 2, 2), 3).groups());
        // Layers 0 and 4 alike, 1-3 alike: two clusters, one of them not contiguous.
        double[][] s = blocks(0.9, 0.2, 5);
        for (int a = 0; a < 5; a++) {
            for (int b = 0; b < 5; b++) {
                boolean outerA = a == 0 || a == 4;
                boolean outerB = b == 0 || b == 4;
                s[a][b] = a == b ? 1 : outerA == outerB ? 0.9 : 0.2;
            }
        }
        assertEquals(List.of(List.of(0, 4), List.of(1, 2, 3)), AgglomerativeLayerClustering.cluster(s, 2).groups());
    }

    @Test
    void oneGroupPerLayerAndOneGroupForAll() {
        double[][] s = blocks(0.9, 0.3, 2, 2);
        assertEquals(4, ContiguousLayerSegmentation.segment(s, 4).count());
        assertEquals(List.of(List.of(0, 1, 2, 3)), ContiguousLayerSegmentation.segment(s, 1).groups());
    }

    private static List<Integer> range(int a, int b) {
        return IntStream.range(a, b).boxed().toList();
    }
}
