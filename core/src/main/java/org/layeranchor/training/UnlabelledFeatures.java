package org.layeranchor.training;

import java.util.List;
import org.layeranchor.features.FeatureSet;

/**
 * Target-language features without labels: the only form in which training sees the target, so
 * that no code path can read a target emotion (unsupervised domain adaptation).
 *
 * @param ids  utterance ids (for the data fingerprint in the model's provenance)
 * @param mean [layer][row][dim]
 * @param std  [layer][row][dim]
 */
public record UnlabelledFeatures(List<String> ids, float[][][] mean, float[][][] std) {
    public UnlabelledFeatures {
        ids = List.copyOf(ids);
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " layers, std " + std.length);
        }
        for (int l = 0; l < mean.length; l++) {
            if (mean[l].length != ids.size() || std[l].length != ids.size()) {
                throw new IllegalArgumentException("layer " + l + " has " + mean[l].length + " rows, expected " + ids.size());
            }
        }
    }

    /** Drops everything but the ids and the features (arrays are shared, not copied). */
    public static UnlabelledFeatures withoutLabels(FeatureSet features) {
        return new UnlabelledFeatures(features.utterances().stream().map(u -> u.id()).toList(),
                features.mean(), features.std());
    }

    /** No target at all (for the source-only strategies). */
    /** The rows of several sets (e.g. the requests a service holds), in order, as one set; none may be empty of layers. */
    public static UnlabelledFeatures concatenate(java.util.Collection<UnlabelledFeatures> parts) {
        int layers = parts.iterator().next().layers();
        int rows = parts.stream().mapToInt(UnlabelledFeatures::rows).sum();
        float[][][] mean = new float[layers][rows][];
        float[][][] std = new float[layers][rows][];
        List<String> ids = new java.util.ArrayList<>(rows);
        int at = 0;
        for (UnlabelledFeatures r : parts) {
            for (int l = 0; l < layers; l++) {
                System.arraycopy(r.mean()[l], 0, mean[l], at, r.rows());
                System.arraycopy(r.std()[l], 0, std[l], at, r.rows());
            }
            ids.addAll(r.ids());
            at += r.rows();
        }
        return new UnlabelledFeatures(ids, mean, std);
    }

    public static UnlabelledFeatures none() {
        return new UnlabelledFeatures(List.of(), new float[0][][], new float[0][][]);
    }

    public int rows() {
        return ids.size();
    }

    public int layers() {
        return mean.length;
    }

    public int dim() {
        return mean.length == 0 || mean[0].length == 0 ? 0 : mean[0][0].length;
    }
}
