package org.layeranchor.segmentation;

/**
 * Smooths class probabilities along a timeline of speech segments: each segment's probabilities
 * become the duration-weighted mean over itself and up to {@code neighbours} speech segments on each
 * side. Emotion changes more slowly than utterances do, so a lone segment that disagrees with those
 * around it is more often a mistake than a change; the price is that real changes blur over a few
 * segments. Silence is not part of the input: segments on both sides of a pause are neighbours.
 */
public final class NeighbourSmoothing {
    private NeighbourSmoothing() {
    }

    /**
     * @param probabilities per speech segment, in time order, each of the same length
     * @param durations     each segment's duration (its weight)
     * @param neighbours    segments on each side included; 0 returns copies of the input
     */
    public static double[][] smooth(double[][] probabilities, double[] durations, int neighbours) {
        if (neighbours < 0) {
            throw new IllegalArgumentException("the number of neighbours to smooth over must be >= 0, got " + neighbours);
        }
        if (probabilities.length != durations.length) {
            throw new IllegalArgumentException(probabilities.length + " probability rows but " + durations.length + " durations");
        }
        double[][] out = new double[probabilities.length][];
        for (int s = 0; s < probabilities.length; s++) {
            int from = Math.max(0, s - neighbours);
            int to = Math.min(probabilities.length - 1, s + neighbours);
            double[] mean = new double[probabilities[s].length];
            double weight = 0;
            for (int n = from; n <= to; n++) {
                weight += durations[n];
                for (int c = 0; c < mean.length; c++) {
                    mean[c] += durations[n] * probabilities[n][c];
                }
            }
            for (int c = 0; c < mean.length; c++) {
                mean[c] = weight > 0 ? mean[c] / weight : probabilities[s][c];
            }
            out[s] = neighbours == 0 ? probabilities[s].clone() : mean;
        }
        return out;
    }
}
