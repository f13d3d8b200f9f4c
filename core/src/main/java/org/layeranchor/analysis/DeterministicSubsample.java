package org.layeranchor.analysis;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded subsampling without replacement, to bound the run time of measures that are quadratic or
 * cubic in the number of rows. Same input, same seed: same rows, on every machine.
 */
public final class DeterministicSubsample {
    private DeterministicSubsample() {
    }

    /** min(n, max) distinct indices in 0..n-1, ascending; all of them when n ≤ max. */
    public static int[] indices(int n, int max, long seed) {
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        // Partial Fisher–Yates: the first max slots of a seeded shuffle.
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Random random = new Random(seed);
        for (int i = 0; i < max; i++) {
            int j = i + random.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] chosen = Arrays.copyOf(perm, max);
        Arrays.sort(chosen);
        return chosen;
    }

    public static double[][] rows(double[][] x, int max, long seed) {
        int[] idx = indices(x.length, max, seed);
        double[][] out = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            out[i] = x[idx[i]];
        }
        return out;
    }
}
