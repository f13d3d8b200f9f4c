package org.layeranchor.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one training run does with the layers: the layers the classifier reads (fused when more than
 * one) and the CORAL anchors. Anchors always lie within the classifier's layers: aligning a layer
 * the classifier never reads would change nothing.
 *
 * @param usedLayers encoder layers the classifier reads, ascending
 * @param anchors    where CORAL acts; empty for source-only strategies
 */
public record AnchorPlan(List<Integer> usedLayers, List<Anchor> anchors) {
    public AnchorPlan {
        usedLayers = List.copyOf(usedLayers);
        anchors = List.copyOf(anchors);
        for (Anchor a : anchors) {
            for (int l : a.layers()) {
                if (!usedLayers.contains(l)) {
                    throw new IllegalArgumentException("anchor " + a + " is outside the classifier's layers " + usedLayers);
                }
            }
        }
    }

    /** One layer, no anchors (last-layer, and each candidate of best-layer). */
    public static AnchorPlan singleLayer(int layer) {
        return new AnchorPlan(List.of(layer), List.of());
    }

    /**
     * The plan of a strategy for features with {@code layerCount} layers. {@link Strategy#BEST_LAYER}
     * has no plan of its own: the trainer tries {@link #singleLayer} for each layer.
     */
    public static AnchorPlan resolve(Strategy strategy, TrainingConfig cfg, AnchorInputs inputs, int layerCount) {
        List<Integer> all = new ArrayList<>();
        for (int l = 0; l < layerCount; l++) {
            all.add(l);
        }
        return switch (strategy) {
            case LAST_LAYER -> singleLayer(layerCount - 1);
            case WEIGHTED_SUM -> new AnchorPlan(all, List.of());
            case BEST_LAYER -> throw new IllegalArgumentException("best-layer chooses its layer by training; use singleLayer");
            case CORAL_LAST -> new AnchorPlan(all, List.of(Anchor.ofFinalEmbedding()));
            case LAM -> topK(required(inputs.similarityRanking(), "similarityRanking", strategy), cfg, layerCount, all, "similarityRanking");
            case LAM_VOWEL -> topK(required(inputs.vowelRanking(), "vowelRanking", strategy), cfg, layerCount, all, "vowelRanking");
            case LAM_GL -> groups(required(inputs.groups(), "groups", strategy), cfg, layerCount, all);
        };
    }

    private static <T> T required(T value, String what, Strategy strategy) {
        if (value == null) {
            throw new IllegalArgumentException("strategy " + strategy + " needs " + what + " in the anchor inputs");
        }
        return value;
    }

    private static AnchorPlan topK(int[] ranking, TrainingConfig cfg, int layerCount, List<Integer> all, String what) {
        checkLayers(ranking, layerCount, what);
        if (new LinkedHashSet<>(Arrays.stream(ranking).boxed().toList()).size() != ranking.length) {
            throw new IllegalArgumentException(what + " " + Arrays.toString(ranking) + " repeats a layer");
        }
        int k = Math.min(cfg.anchorCount(), ranking.length);
        List<Anchor> anchors = new ArrayList<>();
        Set<Integer> anchorLayers = new TreeSet<>();
        for (int i = 0; i < k; i++) {
            anchors.add(Anchor.ofLayers(ranking[i]));
            anchorLayers.add(ranking[i]);
        }
        return new AnchorPlan(classifierLayers(cfg, all, anchorLayers), anchors);
    }

    private static AnchorPlan groups(List<int[]> groups, TrainingConfig cfg, int layerCount, List<Integer> all) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("lam-gl needs at least one layer group");
        }
        List<Anchor> anchors = new ArrayList<>();
        Set<Integer> anchorLayers = new TreeSet<>();
        for (int[] g : groups) {
            checkLayers(g, layerCount, "group");
            int[] sorted = Arrays.stream(g).distinct().sorted().toArray();
            if (sorted.length != g.length) {
                throw new IllegalArgumentException("group " + Arrays.toString(g) + " repeats a layer");
            }
            anchors.add(Anchor.ofLayers(sorted));
            for (int l : sorted) {
                anchorLayers.add(l);
            }
        }
        return new AnchorPlan(classifierLayers(cfg, all, anchorLayers), anchors);
    }

    private static List<Integer> classifierLayers(TrainingConfig cfg, List<Integer> all, Set<Integer> anchorLayers) {
        return cfg.classifierLayers() == TrainingConfig.ClassifierLayers.ALL ? all : List.copyOf(anchorLayers);
    }

    private static void checkLayers(int[] layers, int layerCount, String what) {
        if (layers.length == 0) {
            throw new IllegalArgumentException(what + " is empty");
        }
        for (int l : layers) {
            if (l < 0 || l >= layerCount) {
                throw new IllegalArgumentException(what + " " + Arrays.toString(layers) + " names layer " + l
                        + ", but the features have layers 0.." + (layerCount - 1));
            }
        }
    }
}
