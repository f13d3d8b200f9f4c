package org.layeranchor.features;

import java.util.ArrayList;
import java.util.List;
import org.layeranchor.corpus.Utterance;

/**
 * Utterance-level features of every layer, in memory: the input of analysis and training.
 *
 * @param utterances one entry per row
 * @param mean       [layer][row][dim]: mean over the utterance's frames
 * @param std        [layer][row][dim]: standard deviation over the utterance's frames
 */
public record FeatureSet(List<Utterance> utterances, float[][][] mean, float[][][] std) {
    public FeatureSet {
        utterances = List.copyOf(utterances);
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " layers, std " + std.length);
        }
        for (int l = 0; l < mean.length; l++) {
            if (mean[l].length != utterances.size() || std[l].length != utterances.size()) {
                throw new IllegalArgumentException("layer " + l + " has " + mean[l].length + " rows, expected "
                        + utterances.size());
            }
        }
    }

    public int layers() {
        return mean.length;
    }

    public int rows() {
        return utterances.size();
    }

    public int dim() {
        return mean.length == 0 || mean[0].length == 0 ? 0 : mean[0][0].length;
    }

    /** The rows at the given indices, in that order (arrays are shared, not copied). */
    public FeatureSet subset(int[] rows) {
        List<Utterance> u = new ArrayList<>(rows.length);
        float[][][] m = new float[layers()][rows.length][];
        float[][][] s = new float[layers()][rows.length][];
        for (int i = 0; i < rows.length; i++) {
            u.add(utterances.get(rows[i]));
            for (int l = 0; l < layers(); l++) {
                m[l][i] = mean[l][rows[i]];
                s[l][i] = std[l][rows[i]];
            }
        }
        return new FeatureSet(u, m, s);
    }
}
