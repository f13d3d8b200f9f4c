package org.layeranchor.training;

/**
 * Standardised rows of the layers one head member reads, computed when asked for.
 *
 * <p>The linear strategies used to standardise every layer of every row up front, in double
 * precision: twice the store's float size for all seven layers, although a member reads one layer
 * (last-layer, best-layer's final fit) or the few anchor layers (lam). With 100,000 utterances that
 * copy alone was 1.8 GB for one direction. Computing a member's rows from the float features when it is fitted
 * keeps only those rows alive, and gives bit for bit the values of {@link FeatureNormalizer#apply}
 * (same arithmetic, same order).
 */
final class StandardisedRows {
    private final FeatureNormalizer normalizer; // fitted on every layer, in layer order
    private final float[][][] mean;
    private final float[][][] std;

    /** @param normalizer statistics of every layer 0..L-1, in that order (as {@code FeatureNormalizer.fit} on all layers) */
    StandardisedRows(FeatureNormalizer normalizer, float[][][] mean, float[][][] std) {
        for (int b = 0; b < normalizer.layers().length; b++) {
            if (normalizer.layers()[b] != b) {
                throw new IllegalArgumentException("the normalizer must hold every layer in order, has "
                        + java.util.Arrays.toString(normalizer.layers()));
            }
        }
        this.normalizer = normalizer;
        this.mean = mean;
        this.std = std;
    }

    int rows() {
        return mean.length == 0 ? 0 : mean[0].length;
    }

    /**
     * Every row's first {@code width} standardised values of each of {@code layers}, concatenated in that
     * order: [row][width · layers]. {@code width} is the layer's full [mean ‖ std] width, or its mean half.
     */
    double[][] of(int[] layers, int width) {
        int n = rows();
        int dim = normalizer.inputDim() / 2;
        if (width != dim && width != 2 * dim) {
            throw new IllegalArgumentException("width " + width + " is neither the mean (" + dim + ") nor mean and std ("
                    + 2 * dim + ")");
        }
        double[][] out = new double[n][width * layers.length];
        for (int i = 0; i < layers.length; i++) {
            int l = layers[i];
            float[] c = normalizer.centre()[l];
            float[] sc = normalizer.scale()[l];
            int at = i * width;
            for (int r = 0; r < n; r++) {
                float[] mr = mean[l][r];
                float[] sr = std[l][r];
                if (mr.length != dim || sr.length != dim) {
                    throw new IllegalArgumentException("layer " + l + " row " + r + " has dim " + mr.length
                            + ", the normalizer expects " + dim);
                }
                double[] o = out[r];
                for (int k = 0; k < dim; k++) {
                    o[at + k] = (mr[k] - (double) c[k]) / sc[k];
                }
                if (width == 2 * dim) {
                    for (int k = 0; k < dim; k++) {
                        o[at + dim + k] = (sr[k] - (double) c[dim + k]) / sc[dim + k];
                    }
                }
            }
        }
        return out;
    }
}
