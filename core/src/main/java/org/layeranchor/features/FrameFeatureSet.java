package org.layeranchor.features;

import java.util.ArrayList;
import java.util.List;
import org.layeranchor.corpus.Utterance;

/**
 * Frame-level features of every layer, in memory. Load with {@link FeatureStore#loadFrames}; the
 * frames must have been stored ({@code extract --frames}). Its one consumer, attentive-pooling
 * training, was removed (issue 17); whether to keep this loader is the feature store's call.
 *
 * @param utterances one entry per row
 * @param frames     [row][layer][frame][dim]; the number of frames varies by row (at least 1)
 */
public record FrameFeatureSet(List<Utterance> utterances, float[][][][] frames) {
    public FrameFeatureSet {
        utterances = List.copyOf(utterances);
        if (frames.length != utterances.size()) {
            throw new IllegalArgumentException(frames.length + " rows of frames for " + utterances.size() + " utterances");
        }
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].length != frames[0].length) {
                throw new IllegalArgumentException("row " + i + " (" + utterances.get(i).id() + ") has " + frames[i].length
                        + " layers, row 0 has " + frames[0].length);
            }
        }
    }

    public int layers() {
        return frames.length == 0 ? 0 : frames[0].length;
    }

    public int rows() {
        return utterances.size();
    }

    /** Width of one frame (0 without rows or frames). */
    public int dim() {
        for (float[][][] row : frames) {
            if (row.length > 0 && row[0].length > 0) {
                return row[0][0].length;
            }
        }
        return 0;
    }

    /** The rows at the given indices, in that order (arrays are shared, not copied). */
    public FrameFeatureSet subset(int[] rows) {
        List<Utterance> u = new ArrayList<>(rows.length);
        float[][][][] f = new float[rows.length][][][];
        for (int i = 0; i < rows.length; i++) {
            u.add(utterances.get(rows[i]));
            f[i] = frames[rows[i]];
        }
        return new FrameFeatureSet(u, f);
    }
}
