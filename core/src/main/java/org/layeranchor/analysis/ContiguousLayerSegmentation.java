package org.layeranchor.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits the layer sequence 0..L-1 into exactly k contiguous blocks minimising the grouping cost
 * {@link LayerGroups#groupCost} summed over blocks (equivalently, keeping the mean within-block CKA
 * high), by dynamic programming over block end points: O(L² k) after O(L³) block costs — exact,
 * and instant for the tens of layers of a speech model.
 *
 * <p>Contiguous blocks follow the natural reading of a layer stack (acoustic → phonetic → lexical).
 */
public final class ContiguousLayerSegmentation {
    public static final String METHOD = "contiguous-dp";

    private ContiguousLayerSegmentation() {
    }

    public static LayerGroups segment(double[][] similarity, int k) {
        int layers = similarity.length;
        if (k < 1 || k > layers) {
            throw new IllegalArgumentException("cannot split " + layers + " layers into " + k + " groups");
        }
        // blockCost[a][b]: cost of the block a..b-1.
        double[][] blockCost = new double[layers + 1][layers + 1];
        for (int a = 0; a < layers; a++) {
            for (int b = a + 1; b <= layers; b++) {
                blockCost[a][b] = LayerGroups.groupCost(similarity, range(a, b));
            }
        }
        // best[g][b]: least cost of splitting layers 0..b-1 into g blocks; start[g][b]: where the last begins.
        double[][] best = new double[k + 1][layers + 1];
        int[][] start = new int[k + 1][layers + 1];
        for (double[] row : best) {
            Arrays.fill(row, Double.POSITIVE_INFINITY);
        }
        best[0][0] = 0;
        for (int g = 1; g <= k; g++) {
            for (int b = g; b <= layers; b++) {
                for (int a = g - 1; a < b; a++) {
                    double c = best[g - 1][a] + blockCost[a][b];
                    if (c < best[g][b] - 1e-15) { // strict: ties keep the earliest split, deterministically
                        best[g][b] = c;
                        start[g][b] = a;
                    }
                }
            }
        }
        List<List<Integer>> groups = new ArrayList<>();
        int end = layers;
        for (int g = k; g >= 1; g--) {
            int a = start[g][end];
            groups.add(0, range(a, end));
            end = a;
        }
        return LayerGroups.of(METHOD, similarity, groups);
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> r = new ArrayList<>();
        for (int i = from; i < to; i++) {
            r.add(i);
        }
        return r;
    }
}
