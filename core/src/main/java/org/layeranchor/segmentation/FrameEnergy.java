package org.layeranchor.segmentation;

/**
 * Short-time energy of audio in consecutive, non-overlapping frames, in dB relative to full scale
 * (a full-scale sine is about -3 dB; digital silence is clamped at {@link #FLOOR_DB}).
 */
final class FrameEnergy {
    /** Energy reported for digital silence, so that log(0) never appears. */
    static final double FLOOR_DB = -120.0;

    private FrameEnergy() {
    }

    /** One value per whole frame of {@code frameLength} samples; a last partial frame counts as a frame. */
    static double[] decibels(float[] samples, int frameLength) {
        int frames = (samples.length + frameLength - 1) / frameLength;
        double[] db = new double[frames];
        for (int f = 0; f < frames; f++) {
            int from = f * frameLength;
            int to = Math.min(samples.length, from + frameLength);
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += (double) samples[i] * samples[i];
            }
            double meanSquare = sum / (to - from);
            db[f] = meanSquare > 0 ? Math.max(FLOOR_DB, 10 * Math.log10(meanSquare)) : FLOOR_DB;
        }
        return db;
    }

    /** The value below which {@code fraction} of the values lie (nearest rank). */
    static double percentile(double[] values, double fraction) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int rank = (int) Math.min(sorted.length - 1, Math.max(0, Math.floor(fraction * sorted.length)));
        return sorted[rank];
    }
}
