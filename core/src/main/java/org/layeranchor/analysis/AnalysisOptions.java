package org.layeranchor.analysis;

import java.util.List;
import java.util.function.Consumer;

/**
 * Settings of one cross-lingual layer analysis; written next to every result. Defaults:
 * {@link #defaults()} (listed in docs/analysis.md); withers change one field by name.
 *
 * @param vector             per-utterance statistics used
 * @param framePooling       what the caller's FeatureSets were pooled over; descriptive only
 * @param pooledStandardisation z-score every layer per dimension before the cross-language measures (centre on
 *                           the mean of source ∪ target, divide by the pooled within-language std), so layers
 *                           of different scale compare fairly; CKA then uses per-corpus z-scoring
 * @param maxRowsPerLanguage seeded subsample cap per language for the distribution measures and CKA
 *                           (MMD and CKA cost O(n²d)). Probes use every labelled row.
 * @param folds              cross-validation folds for the proxy A-distance and the speaker-independent probes
 * @param seed               seed of every subsample and fold assignment
 * @param probeL2            λ of the L2 logistic regressions (language classifier and probes)
 * @param groupCount         k, the number of layer groups to form
 * @param groupingCka        which corpus' CKA matrix forms the groups
 * @param anchorCount        how many single-layer anchors to propose
 * @param classes            emotion classes of the label-using measures; empty = those present in both languages
 * @param labelUsingMeasures compute the label-using measures (probes, centroid cosines)
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

    /** The defaults, each set once in {@link Editable}'s field initialisers. */
    public static AnalysisOptions defaults() {
        return new Editable().build();
    }

    public AnalysisOptions withVector(UtteranceVector v) {
        return edit(o -> o.vector = v);
    }

    public AnalysisOptions withFramePooling(FramePooling p) {
        return edit(o -> o.framePooling = p);
    }

    public AnalysisOptions withClasses(List<String> c) {
        return edit(o -> o.classes = c);
    }

    public AnalysisOptions withGroupCount(int k) {
        return edit(o -> o.groupCount = k);
    }

    public AnalysisOptions withAnchorCount(int k) {
        return edit(o -> o.anchorCount = k);
    }

    public AnalysisOptions withSeed(long s) {
        return edit(o -> o.seed = s);
    }

    public AnalysisOptions withMaxRowsPerLanguage(int n) {
        return edit(o -> o.maxRowsPerLanguage = n);
    }

    public AnalysisOptions withLabelUsingMeasures(boolean on) {
        return edit(o -> o.labelUsingMeasures = on);
    }

    public AnalysisOptions withCentroidLayer(int layer) {
        return edit(o -> o.centroidLayer = layer);
    }

    public AnalysisOptions withThreads(int n) {
        return edit(o -> o.threads = n);
    }

    public AnalysisOptions withFolds(int k) {
        return edit(o -> o.folds = k);
    }

    public AnalysisOptions withProbeL2(double l2) {
        return edit(o -> o.probeL2 = l2);
    }

    public AnalysisOptions withPooledStandardisation(boolean on) {
        return edit(o -> o.pooledStandardisation = on);
    }

    public AnalysisOptions withGroupingCka(GroupingCka g) {
        return edit(o -> o.groupingCka = g);
    }

    /** A copy with one change made by field name, so that no wither re-lists the fields in order. */
    private AnalysisOptions edit(Consumer<Editable> change) {
        Editable e = new Editable(this);
        change.accept(e);
        return e.build();
    }

    /**
     * The options as named, mutable fields: the one place that copies them and the one positional call
     * of the constructor. Its initialisers are the defaults.
     */
    private static final class Editable {
        UtteranceVector vector = UtteranceVector.MEAN;
        FramePooling framePooling = FramePooling.ALL_FRAMES;
        boolean pooledStandardisation = true;
        int maxRowsPerLanguage = 1000;
        int folds = 5;
        long seed = 1;
        double probeL2 = 1e-2;
        int groupCount = 3;
        GroupingCka groupingCka = GroupingCka.MEAN_OF_BOTH;
        int anchorCount = 2;
        List<String> classes = List.of();
        boolean labelUsingMeasures = true;
        int centroidLayer = -1;
        int threads = 0;

        Editable() {
        }

        Editable(AnalysisOptions o) {
            vector = o.vector;
            framePooling = o.framePooling;
            pooledStandardisation = o.pooledStandardisation;
            maxRowsPerLanguage = o.maxRowsPerLanguage;
            folds = o.folds;
            seed = o.seed;
            probeL2 = o.probeL2;
            groupCount = o.groupCount;
            groupingCka = o.groupingCka;
            anchorCount = o.anchorCount;
            classes = o.classes;
            labelUsingMeasures = o.labelUsingMeasures;
            centroidLayer = o.centroidLayer;
            threads = o.threads;
        }

        AnalysisOptions build() {
            return new AnalysisOptions(vector, framePooling, pooledStandardisation, maxRowsPerLanguage, folds, seed,
                    probeL2, groupCount, groupingCka, anchorCount, classes, labelUsingMeasures, centroidLayer, threads);
        }
    }
}
