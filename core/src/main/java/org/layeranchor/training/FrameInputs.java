package org.layeranchor.training;

/**
 * Frame-level network inputs for attentive pooling: each utterance's frames of every encoder
 * layer, {@code utterances[row][layer][frame][dim]} (shared, never copied), and the per-frame
 * normaliser whose {@link FeatureNormalizer#layers()} maps branch b to its encoder layer. Frames are
 * standardised when a branch reads them ({@link #standardise}), so a batch never holds more than
 * one utterance's standardised frames per branch: frame features are large.
 */
public record FrameInputs(FeatureNormalizer normalizer, float[][][][] utterances) implements BranchInputs {
    @Override
    public int rows() {
        return utterances.length;
    }

    @Override
    public int inputDim() {
        return normalizer.inputDim();
    }

    /** Number of frames of utterance {@code row} in branch {@code branch}'s layer. */
    public int frames(int row, int branch) {
        return utterances[row][normalizer.layers()[branch]].length;
    }

    /** Writes the standardised frames [T × dim] of one utterance and branch into {@code into}; returns T. */
    public int standardise(int row, int branch, double[][] into) {
        float[][] f = utterances[row][normalizer.layers()[branch]];
        float[] c = normalizer.centre()[branch];
        float[] s = normalizer.scale()[branch];
        for (int t = 0; t < f.length; t++) {
            float[] ft = f[t];
            if (ft.length != c.length) {
                throw new IllegalArgumentException("utterance row " + row + " layer " + normalizer.layers()[branch]
                        + " frame " + t + " has dim " + ft.length + ", the normaliser expects " + c.length);
            }
            double[] o = into[t];
            for (int k = 0; k < c.length; k++) {
                o[k] = (ft[k] - (double) c[k]) / s[k];
            }
        }
        return f.length;
    }
}
