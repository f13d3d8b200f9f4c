package org.layeranchor.training;

import java.util.Arrays;

/**
 * Standardisation of each used layer's input [mean ‖ std] (2·dim values) to zero mean and unit
 * variance, with statistics from the source training rows only (never validation, never target).
 * Statistics are rounded to float32, the precision they are stored in, so a reloaded model computes
 * exactly the same inputs.
 *
 * @param layers encoder layer of each branch
 * @param centre [branch][2·dim] training mean
 * @param scale  [branch][2·dim] training standard deviation (1 where a feature is constant)
 */
public record FeatureNormalizer(int[] layers, float[][] centre, float[][] scale) {
    /** Standard deviations below this count as constant features and are left unscaled. */
    static final double MIN_STD = 1e-6;

    /** Fits on rows {@code rows} of {@code mean}/{@code std} ([layer][row][dim]) for the given layers. */
    public static FeatureNormalizer fit(float[][][] mean, float[][][] std, int[] rows, int[] layers) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no training rows to compute feature statistics on");
        }
        int dim = mean[layers[0]][rows[0]].length;
        float[][] centre = new float[layers.length][2 * dim];
        float[][] scale = new float[layers.length][2 * dim];
        double[] sum = new double[2 * dim];
        double[] sq = new double[2 * dim];
        for (int b = 0; b < layers.length; b++) {
            Arrays.fill(sum, 0);
            Arrays.fill(sq, 0);
            for (int r : rows) {
                add(mean[layers[b]][r], sum, 0);
                add(std[layers[b]][r], sum, dim);
            }
            double n = rows.length;
            for (int k = 0; k < 2 * dim; k++) {
                centre[b][k] = (float) (sum[k] / n);
            }
            // Second pass around the (rounded) mean: no cancellation, and it is the centre we apply.
            for (int r : rows) {
                addSquaredDeviation(mean[layers[b]][r], centre[b], sq, 0);
                addSquaredDeviation(std[layers[b]][r], centre[b], sq, dim);
            }
            for (int k = 0; k < 2 * dim; k++) {
                double sd = Math.sqrt(sq[k] / n);
                scale[b][k] = sd < MIN_STD ? 1f : (float) sd;
            }
        }
        return new FeatureNormalizer(layers.clone(), centre, scale);
    }

    private static void add(float[] v, double[] sum, int offset) {
        for (int k = 0; k < v.length; k++) {
            sum[offset + k] += v[k];
        }
    }

    private static void addSquaredDeviation(float[] v, float[] centre, double[] sq, int offset) {
        for (int k = 0; k < v.length; k++) {
            double d = v[k] - (double) centre[offset + k];
            sq[offset + k] += d * d;
        }
    }

    /**
     * The statistics of an equal-weight mixture of domains, each described by its own normalizer (same
     * layers): centre = the mean of the centres, variance = the mean of (variance + squared distance of
     * the domain's centre from that mean). Each domain counts the same whatever its size, as each source
     * does in multi-source training, so one large corpus does not decide what "typical" audio is.
     */
    public static FeatureNormalizer equalWeightMixture(java.util.List<FeatureNormalizer> domains) {
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("no domains to mix");
        }
        FeatureNormalizer first = domains.get(0);
        for (FeatureNormalizer d : domains) {
            if (!Arrays.equals(d.layers, first.layers) || d.inputDim() != first.inputDim()) {
                throw new IllegalArgumentException("domains with different layers or widths cannot be mixed");
            }
        }
        int n = domains.size();
        float[][] centre = new float[first.layers.length][first.inputDim()];
        float[][] scale = new float[first.layers.length][first.inputDim()];
        for (int b = 0; b < first.layers.length; b++) {
            for (int k = 0; k < first.inputDim(); k++) {
                double c = 0;
                for (FeatureNormalizer d : domains) {
                    c += d.centre[b][k];
                }
                c /= n;
                double v = 0;
                for (FeatureNormalizer d : domains) {
                    double off = d.centre[b][k] - c;
                    v += (double) d.scale[b][k] * d.scale[b][k] + off * off;
                }
                double sd = Math.sqrt(v / n);
                centre[b][k] = (float) c;
                scale[b][k] = sd < MIN_STD ? 1f : (float) sd;
            }
        }
        return new FeatureNormalizer(first.layers.clone(), centre, scale);
    }

    /** The statistics of the given layers only (each must be one of {@link #layers}), in that order. */
    public FeatureNormalizer restrictTo(int[] wanted) {
        float[][] c = new float[wanted.length][];
        float[][] sc = new float[wanted.length][];
        for (int b = 0; b < wanted.length; b++) {
            int at = -1;
            for (int i = 0; i < layers.length; i++) {
                if (layers[i] == wanted[b]) {
                    at = i;
                }
            }
            if (at < 0) {
                throw new IllegalArgumentException("layer " + wanted[b] + " has no statistics (have "
                        + Arrays.toString(layers) + ")");
            }
            c[b] = centre[at];
            sc[b] = scale[at];
        }
        return new FeatureNormalizer(wanted.clone(), c, sc);
    }

    public int inputDim() {
        return centre.length == 0 ? 0 : centre[0].length;
    }

    /** The standardised inputs of {@code rows} (all rows when null), [branch][row][2·dim]. */
    public LayerInputs apply(float[][][] mean, float[][][] std, int[] rows) {
        int n = rows == null ? mean[layers[0]].length : rows.length;
        int in = inputDim();
        int dim = in / 2;
        double[][][] out = new double[layers.length][n][in];
        for (int b = 0; b < layers.length; b++) {
            float[][] m = mean[layers[b]];
            float[][] s = std[layers[b]];
            float[] c = centre[b];
            float[] sc = scale[b];
            for (int i = 0; i < n; i++) {
                int r = rows == null ? i : rows[i];
                float[] mr = m[r];
                float[] sr = s[r];
                if (mr.length != dim || sr.length != dim) {
                    throw new IllegalArgumentException("layer " + layers[b] + " row " + r + " has dim " + mr.length
                            + ", the normalizer expects " + dim);
                }
                double[] o = out[b][i];
                for (int k = 0; k < dim; k++) {
                    o[k] = (mr[k] - (double) c[k]) / sc[k];
                    o[dim + k] = (sr[k] - (double) c[dim + k]) / sc[dim + k];
                }
            }
        }
        return new LayerInputs(n, in, out);
    }
}
