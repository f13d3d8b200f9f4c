package org.layeranchor.analysis;

import java.util.List;

/**
 * ANALYSIS ONLY — reads target labels. Per-emotion centroid cosine matrices of every layer
 * (see {@link CentroidCosineSimilarity}).
 *
 * @param classes      emotion classes, the row (source) and column (target) order
 * @param perLayer     [layer][source emotion][target emotion]
 * @param chosenLayer  the layer shown in the heatmap (the option, or the highest same-emotion mean)
 */
public record CentroidCosines(List<String> classes, double[][][] perLayer, int chosenLayer) {
    public CentroidCosines {
        classes = List.copyOf(classes);
    }
}
