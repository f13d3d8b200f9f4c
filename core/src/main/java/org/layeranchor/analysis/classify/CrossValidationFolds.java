package org.layeranchor.analysis.classify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Deterministic fold assignments (seeded): stratified by class, or grouped so that every group
 * (speaker) falls in exactly one fold. Each method returns fold[row] in 0..folds-1.
 */
public final class CrossValidationFolds {
    private CrossValidationFolds() {
    }

    /** Rows of each class are shuffled (seeded) and dealt round-robin, so class shares match across folds. */
    public static int[] stratified(int[] labels, int folds, long seed) {
        if (folds < 2) {
            throw new IllegalArgumentException("need at least 2 folds, got " + folds);
        }
        Map<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        }
        Random random = new Random(seed);
        int[] fold = new int[labels.length];
        int next = 0; // continue the deal across classes so small classes do not all start at fold 0
        for (List<Integer> rows : byClass.values()) {
            Collections.shuffle(rows, random);
            for (int row : rows) {
                fold[row] = next;
                next = (next + 1) % folds;
            }
        }
        return fold;
    }

    /**
     * Groups (e.g. speakers) are kept whole: shuffled (seeded), then taken largest first and each put
     * in the fold with the fewest rows so far. With fewer groups than folds, one fold per group.
     *
     * @return fold[row]; the number of folds is {@link #foldCount(int[])}
     */
    public static int[] grouped(List<String> groups, int folds, long seed) {
        Map<String, Integer> sizes = new TreeMap<>();
        for (String g : groups) {
            sizes.merge(g, 1, Integer::sum);
        }
        if (sizes.size() < 2) {
            throw new IllegalArgumentException("grouped cross-validation needs at least 2 groups, got " + sizes.size());
        }
        int k = Math.min(folds, sizes.size());
        List<String> order = new ArrayList<>(sizes.keySet());
        Collections.shuffle(order, new Random(seed));
        order.sort(Comparator.comparingInt((String g) -> sizes.get(g)).reversed()); // stable: ties keep the shuffle
        int[] load = new int[k];
        Map<String, Integer> foldOf = new TreeMap<>();
        for (String g : order) {
            int lightest = 0;
            for (int f = 1; f < k; f++) {
                if (load[f] < load[lightest]) {
                    lightest = f;
                }
            }
            foldOf.put(g, lightest);
            load[lightest] += sizes.get(g);
        }
        int[] fold = new int[groups.size()];
        for (int i = 0; i < fold.length; i++) {
            fold[i] = foldOf.get(groups.get(i));
        }
        return fold;
    }

    public static int foldCount(int[] fold) {
        int max = -1;
        for (int f : fold) {
            max = Math.max(max, f);
        }
        return max + 1;
    }

    /** Row indices with fold == f (test) or != f (train). */
    public static int[] rows(int[] fold, int f, boolean inFold) {
        int count = 0;
        for (int v : fold) {
            if ((v == f) == inFold) {
                count++;
            }
        }
        int[] rows = new int[count];
        int j = 0;
        for (int i = 0; i < fold.length; i++) {
            if ((fold[i] == f) == inFold) {
                rows[j++] = i;
            }
        }
        return rows;
    }
}
