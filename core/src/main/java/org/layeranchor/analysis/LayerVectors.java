package org.layeranchor.analysis;

import org.layeranchor.features.FeatureSet;

/** One layer of a {@link FeatureSet} as double rows: the per-utterance vector the measures work on. */
public final class LayerVectors {
    private LayerVectors() {
    }

    /** Rows {@code rows} of layer {@code layer}: mean, or mean then std (2d values). */
    public static double[][] of(FeatureSet set, int layer, UtteranceVector vector, int[] rows) {
        int d = set.dim();
        int width = vector == UtteranceVector.MEAN_AND_STD ? 2 * d : d;
        double[][] x = new double[rows.length][width];
        for (int i = 0; i < rows.length; i++) {
            float[] mean = set.mean()[layer][rows[i]];
            for (int j = 0; j < d; j++) {
                x[i][j] = mean[j];
            }
            if (vector == UtteranceVector.MEAN_AND_STD) {
                float[] std = set.std()[layer][rows[i]];
                for (int j = 0; j < d; j++) {
                    x[i][d + j] = std[j];
                }
            }
        }
        return x;
    }
}
