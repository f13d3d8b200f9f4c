package org.layeranchor.features;

/**
 * Utterance-level statistics of frame features: per dimension, the mean and the population standard
 * deviation (ddof = 0) over frames, accumulated in double precision.
 */
public final class PooledStatistics {
    private PooledStatistics() {
    }

    /**
     * @param frames [frame][dim], at least one frame
     * @return [2][dim]: row 0 the mean, row 1 the standard deviation
     */
    public static float[][] of(float[][] frames) {
        return of(frames, 0, frames.length);
    }

    /**
     * The statistics over frames [from, to) only.
     *
     * @param frames [frame][dim]
     * @return [2][dim]: row 0 the mean, row 1 the standard deviation
     */
    public static float[][] of(float[][] frames, int from, int to) {
        if (from < 0 || to > frames.length || from > to) {
            throw new IllegalArgumentException("frames [" + from + ", " + to + ") outside [0, " + frames.length + ")");
        }
        int n = to - from;
        if (n == 0) {
            throw new IllegalArgumentException("cannot pool zero frames");
        }
        int dim = frames[from].length;
        double[] sum = new double[dim];
        for (int f = from; f < to; f++) {
            for (int d = 0; d < dim; d++) {
                sum[d] += frames[f][d];
            }
        }
        float[][] out = new float[2][dim];
        double[] sq = new double[dim];
        for (int d = 0; d < dim; d++) {
            sum[d] /= n;
            out[0][d] = (float) sum[d];
        }
        // Two passes (mean first) keep the variance accurate when |mean| >> std, as in Whisper's late layers.
        for (int f = from; f < to; f++) {
            for (int d = 0; d < dim; d++) {
                double c = frames[f][d] - sum[d];
                sq[d] += c * c;
            }
        }
        for (int d = 0; d < dim; d++) {
            out[1][d] = (float) Math.sqrt(sq[d] / n);
        }
        return out;
    }
}
