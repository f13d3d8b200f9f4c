package org.layeranchor.evaluation;

/**
 * A bootstrap confidence interval.
 *
 * @param estimate   the statistic on the full data
 * @param low        lower percentile bound
 * @param high       upper percentile bound
 * @param level      coverage, e.g. 0.95
 * @param resamples  number of bootstrap resamples
 * @param seed       the seed of the resampling
 */
public record ConfidenceInterval(double estimate, double low, double high, double level, int resamples, long seed) {
    @Override
    public String toString() {
        return String.format("%.4f [%.4f, %.4f] (%.0f%% bootstrap CI, %d resamples)", estimate, low, high, 100 * level, resamples);
    }
}
