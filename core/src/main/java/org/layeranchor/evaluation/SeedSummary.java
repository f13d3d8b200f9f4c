package org.layeranchor.evaluation;

import java.util.Arrays;

/**
 * One score over several seeds: mean ± sample standard deviation (n − 1; 0 for a single seed).
 *
 * @param values the per-seed values, in seed order
 */
public record SeedSummary(double mean, double std, int seeds, double[] values) {
    public static SeedSummary of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double sq = 0;
        for (double v : values) {
            sq += (v - mean) * (v - mean);
        }
        double std = values.length > 1 ? Math.sqrt(sq / (values.length - 1)) : 0;
        return new SeedSummary(mean, std, values.length, values.clone());
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public String toString() {
        return String.format("%.4f ± %.4f (%d seeds)", mean, std, seeds);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeedSummary s && s.mean == mean && s.std == std && s.seeds == seeds
                && Arrays.equals(s.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }
}
