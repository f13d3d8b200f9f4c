package org.layeranchor.training;

import java.util.List;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.features.FrameFeatureSet;

/**
 * Target-language frame features without labels, the frame-level counterpart of
 * {@link UnlabelledFeatures} for {@code pooling: attentive}.
 *
 * @param ids    utterance ids (for the data fingerprint in the model's provenance)
 * @param frames [row][layer][frame][dim]
 */
public record UnlabelledFrames(List<String> ids, float[][][][] frames) {
    public UnlabelledFrames {
        ids = List.copyOf(ids);
        if (frames.length != ids.size()) {
            throw new IllegalArgumentException(frames.length + " rows of frames for " + ids.size() + " ids");
        }
    }

    /** Drops everything but the ids and the frames (arrays are shared, not copied). */
    public static UnlabelledFrames withoutLabels(FrameFeatureSet features) {
        return new UnlabelledFrames(features.utterances().stream().map(Utterance::id).toList(), features.frames());
    }

    /** No target at all (for the source-only strategies). */
    public static UnlabelledFrames none() {
        return new UnlabelledFrames(List.of(), new float[0][][][]);
    }

    public int rows() {
        return ids.size();
    }

    public int layers() {
        return frames.length == 0 ? 0 : frames[0].length;
    }

    public int dim() {
        for (float[][][] row : frames) {
            if (row.length > 0 && row[0].length > 0) {
                return row[0][0].length;
            }
        }
        return 0;
    }
}
