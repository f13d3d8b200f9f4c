package org.layeranchor.analysis;

import java.util.List;

/**
 * Settings of one cross-lingual layer analysis; written next to every result.
 *
 * @param vector             per-utterance statistics used (default {@link UtteranceVector#MEAN})
 * @param framePooling       what the caller's FeatureSets were pooled over (default all frames); descriptive only
 * @param pooledStandardisation z-score every layer per dimension before the cross-language measures (centre on
 *                           the mean of source ∪ target, divide by the pooled within-language std), so layers
 *                           of different scale compare fairly (default true); CKA then uses per-corpus z-scoring
 * @param maxRowsPerLanguage seeded subsample cap per language for the distribution measures and CKA
 *                           (MMD and CKA cost O(n²d)); default 1000. Probes use every labelled row.
 * @param folds              cross-validation folds for the proxy A-distance and the speaker-independent probes (5)
 * @param seed               seed of every subsample and fold assignment (1)
 * @param probeL2            λ of the L2 logistic regressions (language classifier and probes), default 1e-2
 * @param groupCount         k, the number of layer groups to form (3)
 * @param groupingCka        which corpus' CKA matrix forms the groups (default the mean of both)
 * @param anchorCount        how many single-layer anchors to propose (2)
 * @param classes            emotion classes of the label-using measures; empty = those present in both languages
 * @param labelUsingMeasures compute the label-using measures (probes, centroid cosines); default true
 * @param centroidLayer      layer of the centroid-cosine heatmap; -1 = the layer with the highest same-emotion cosine
 * @param threads            worker threads over layers; 0 = min(available processors, layers). Results do not depend on it.
 */
public record AnalysisOptions(UtteranceVector vector, FramePooling framePooling, boolean pooledStandardisation,
                              int maxRowsPerLanguage, int folds, long seed, double probeL2, int groupCount,
                              GroupingCka groupingCka, int anchorCount, List<String> classes,
                              boolean labelUsingMeasures, int centroidLayer, int threads) {

    /** Which within-corpus CKA matrix the layer groups are formed from (CKA reads no labels). */
    public enum GroupingCka {
        SOURCE, TARGET, MEAN_OF_BOTH
    }

    public AnalysisOptions {
        classes = List.copyOf(classes);
        if (maxRowsPerLanguage < 4) {
            throw new IllegalArgumentException("maxRowsPerLanguage must be at least 4, got " + maxRowsPerLanguage);
        }
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be at least 2, got " + folds);
        }
        if (groupCount < 1 || anchorCount < 1) {
            throw new IllegalArgumentException("groupCount and anchorCount must be positive");
        }
        if (probeL2 < 0 || threads < 0) {
            throw new IllegalArgumentException("probeL2 and threads must not be negative");
        }
    }

    public static AnalysisOptions defaults() {
        return new AnalysisOptions(UtteranceVector.MEAN, FramePooling.ALL_FRAMES, true, 1000, 5, 1, 1e-2, 3,
                GroupingCka.MEAN_OF_BOTH, 2, List.of(), true, -1, 0);
    }

    public AnalysisOptions withVector(UtteranceVector v) {
        return new AnalysisOptions(v, framePooling, pooledStandardisation, maxRowsPerLanguage, folds, seed, probeL2,
                groupCount, groupingCka, anchorCount, classes, labelUsingMeasures, centroidLayer, threads);
    }

    public AnalysisOptions withFramePooling(FramePooling p) {
        return new AnalysisOptions(vector, p, pooledStandardisation, maxRowsPerLanguage, folds, seed, probeL2,
                groupCount, groupingCka, anchorCount, classes, labelUsingMeasures, centroidLayer, threads);
    }

    public AnalysisOptions withClasses(List<String> c) {
        return new AnalysisOptions(vector, framePooling, pooledStandardisation, maxRowsPerLanguage, folds, seed, probeL2,
                groupCount, groupingCka, anchorCount, c, labelUsingMeasures, centroidLayer, threads);
    }

    public AnalysisOptions withGroupCount(int k) {
        return new AnalysisOptions(vector, framePooling, pooledStandardisation, maxRowsPerLanguage, folds, seed, probeL2,
                k, groupingCka, anchorCount, classes, labelUsingMeasures, centroidLayer, threads);
    }

    public AnalysisOptions withAnchorCount(int k) {
        return new AnalysisOptions(vector, framePooling, pooledStandardisation, maxRowsPerLanguage, folds, seed, probeL2,
                groupCount, groupingCka, k, classes, labelUsingMeasures, centroidLayer, threads);
    }

    public AnalysisOptions withSeed(long s) {
        return new AnalysisOptions(vector, framePooling, pooledStandardisation, maxRowsPerLanguage, folds, s, probeL2,
                groupCount, groupingCka, anchorCount, classes, labelUsingMeasures, centroidLayer, threads);
    }

    public AnalysisOptions withMaxRowsPerLanguage(int n) {
        return new AnalysisOptions(vector, framePooling, pooledStandardisation, n, folds, seed, probeL2,
                groupCount, groupingCka, anchorCount, classes, labelUsingMeasures, centroidLayer, threads);
    }

    public AnalysisOptions withLabelUsingMeasures(boolean on) {
        return new AnalysisOptions(vector, framePooling, pooledStandardisation, maxRowsPerLanguage, folds, seed, probeL2,
                groupCount, groupingCka, anchorCount, classes, on, centroidLayer, threads);
    }

    public AnalysisOptions withCentroidLayer(int layer) {
        return new AnalysisOptions(vector, framePooling, pooledStandardisation, maxRowsPerLanguage, folds, seed, probeL2,
                groupCount, groupingCka, anchorCount, classes, labelUsingMeasures, layer, threads);
    }

    public AnalysisOptions withThreads(int n) {
        return new AnalysisOptions(vector, framePooling, pooledStandardisation, maxRowsPerLanguage, folds, seed, probeL2,
                groupCount, groupingCka, anchorCount, classes, labelUsingMeasures, centroidLayer, n);
    }

    public AnalysisOptions withFolds(int k) {
        return new AnalysisOptions(vector, framePooling, pooledStandardisation, maxRowsPerLanguage, k, seed, probeL2,
                groupCount, groupingCka, anchorCount, classes, labelUsingMeasures, centroidLayer, threads);
    }

    public AnalysisOptions withProbeL2(double l2) {
        return new AnalysisOptions(vector, framePooling, pooledStandardisation, maxRowsPerLanguage, folds, seed, l2,
                groupCount, groupingCka, anchorCount, classes, labelUsingMeasures, centroidLayer, threads);
    }

    public AnalysisOptions withPooledStandardisation(boolean on) {
        return new AnalysisOptions(vector, framePooling, on, maxRowsPerLanguage, folds, seed, probeL2,
                groupCount, groupingCka, anchorCount, classes, labelUsingMeasures, centroidLayer, threads);
    }

    public AnalysisOptions withGroupingCka(GroupingCka g) {
        return new AnalysisOptions(vector, framePooling, pooledStandardisation, maxRowsPerLanguage, folds, seed, probeL2,
                groupCount, g, anchorCount, classes, labelUsingMeasures, centroidLayer, threads);
    }
}
