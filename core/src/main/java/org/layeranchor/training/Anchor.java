package org.layeranchor.training;

import java.util.Arrays;
import java.util.List;

/**
 * Where CORAL aligns source and target: a group of encoder layers (a single layer is a group of one)
 * or the classifier's final embedding.
 *
 * <p>A group's representation is the mean of its layers' projections (p-dimensional, so every anchor
 * has the same CORAL normalizer 4p²) or their concatenation (g·p-dimensional, which also aligns the
 * cross-layer covariances), as {@link TrainingConfig#groupRepresentation()} says.
 *
 * @param layers          the layers of the group; empty for the final embedding
 * @param finalEmbedding  true for the final embedding (Deep CORAL's placement)
 */
public record Anchor(List<Integer> layers, boolean finalEmbedding) {
    public Anchor {
        layers = List.copyOf(layers);
        if (finalEmbedding != layers.isEmpty()) {
            throw new IllegalArgumentException("an anchor is either layers or the final embedding");
        }
    }

    public static Anchor ofLayers(int... layers) {
        if (layers.length == 0) {
            throw new IllegalArgumentException("an anchor group needs at least one layer");
        }
        return new Anchor(Arrays.stream(layers).boxed().toList(), false);
    }

    public static Anchor ofFinalEmbedding() {
        return new Anchor(List.of(), true);
    }

    @Override
    public String toString() {
        return finalEmbedding ? "embedding" : "layers" + layers;
    }
}
