package org.layeranchor.analysis;

/**
 * A label-free distance between the source-language and target-language distributions of one
 * layer's utterance vectors. The signature takes no labels, so every implementation is usable for
 * anchor selection in the unsupervised setting. Smaller means more similar.
 *
 * <p>Rows of {@code source} and {@code target} are utterances (no pairing between the two sets);
 * columns are feature dimensions, the same d on both sides.
 */
public interface CrossLanguageDistance {
    /** Stable identifier used in file columns, e.g. {@code coral_distance}. */
    String name();

    /** One line for tables and plots: the definition and its units. */
    String description();

    double distance(double[][] source, double[][] target);

    static void checkSameDimension(double[][] source, double[][] target) {
        if (source.length == 0 || target.length == 0) {
            throw new IllegalArgumentException("empty set: source " + source.length + " rows, target " + target.length);
        }
        if (source[0].length != target[0].length) {
            throw new IllegalArgumentException("dimensions differ: source " + source[0].length + ", target " + target[0].length);
        }
    }
}
