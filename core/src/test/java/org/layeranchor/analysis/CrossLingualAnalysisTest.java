package org.layeranchor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.layeranchor.features.FeatureSet;

class CrossLingualAnalysisTest {
    static final int[] BLOCKS = {0, 0, 0, 1, 1, 2, 2};
    /** Layer 3 is the most similar across languages, then 4, then 2. */
    static final double[] SHIFT = {3, 2, 1.5, 0.1, 1, 2, 3};

    static FeatureSet source;
    static FeatureSet target;
    static AnalysisResult result;
    static double seconds;

    @BeforeAll
    static void analyseAPairShapedLikeWhisperBase() {
        source = SyntheticFeatures.make("src", "en", 520, 24, 512, BLOCKS, SHIFT, false, 1);
        target = SyntheticFeatures.make("tgt", "de", 500, 10, 512, BLOCKS, SHIFT, true, 2);
        long t0 = System.nanoTime();
        result = CrossLingualAnalysis.run(source, target, AnalysisOptions.defaults());
        seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("Analysis of 7 layers x 512 dims, 520 + 500 utterances: %.2f s wall on %d cores%n",
                seconds, Runtime.getRuntime().availableProcessors());
        result.secondsByStage().forEach((k, v) -> System.out.printf("  %-45s %6.2f s%n", k, v));
    }

    @Test
    void runsInSeconds() {
        assertTrue(seconds < 60, "took " + seconds + " s");
    }

    @Test
    void everyLabelFreeDistanceFindsTheLeastShiftedLayer() {
        for (LayerMeasure m : result.labelFreeMeasures()) {
            assertEquals(3, LayerRanking.of(m).layersBestFirst()[0], m.name() + " " + m);
        }
        assertEquals(3, result.consensus().layersBestFirst()[0]);
        assertEquals(List.of(3, 4), result.proposedAnchorLayers());
        assertTrue(result.consensus().labelFree());
    }

    @Test
    void groupsFollowTheSharedLatentBlocks() {
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4), List.of(5, 6)), result.contiguousGroups().groups());
        assertEquals(List.of(3, 4), result.proposedAnchorGroup());
        for (int l = 0; l < 7; l++) {
            assertEquals(1.0, result.ckaSource()[l][l], 0);
        }
        assertTrue(result.ckaSource()[0][1] > result.ckaSource()[0][5]);
    }

    @Test
    void labelUsingMeasuresAreMarkedAndPresent() {
        assertEquals(SyntheticFeatures.EMOTIONS, result.classes());
        long analysisOnly = result.measures().stream().filter(m -> m.labelUse().analysisOnly()).count();
        assertEquals(3, analysisOnly);
        for (LayerMeasure m : result.measures()) {
            assertEquals(m.labelUse().analysisOnly(), m.name().startsWith(LayerMeasure.ANALYSIS_ONLY_PREFIX), m.name());
        }
        // Emotion is strong in the synthetic data: probes far above chance (0.25).
        double[] sourceProbe = result.measure(CrossLingualAnalysis.SOURCE_PROBE).orElseThrow().values();
        for (double v : sourceProbe) {
            assertTrue(v > 0.6, "source probe UAR " + v);
        }
        assertTrue(result.analysisOnlyCentroidCosines().perLayer()[3][0][0] > 0.5);
    }

    @Test
    void isDeterministicAndIndependentOfThreadCount() {
        AnalysisOptions fast = AnalysisOptions.defaults().withMaxRowsPerLanguage(120).withLabelUsingMeasures(false);
        FeatureSet s = source.subset(range(200));
        FeatureSet t = target.subset(range(200));
        AnalysisResult one = CrossLingualAnalysis.run(s, t, fast.withThreads(1));
        AnalysisResult two = CrossLingualAnalysis.run(s, t, fast.withThreads(2));
        assertEquals(one.measures(), two.measures());
        assertEquals(one.consensus(), two.consensus());
        assertNull(one.analysisOnlyCentroidCosines());
        assertFalse(one.measures().stream().anyMatch(m -> !m.labelUse().labelFree()));
    }

    @Test
    void refusesFeaturesOfDifferentModels() {
        FeatureSet narrow = SyntheticFeatures.make("x", "it", 20, 2, 16, BLOCKS, SHIFT, false, 3);
        assertThrows(IllegalArgumentException.class,
                () -> CrossLingualAnalysis.run(source.subset(range(20)), narrow, AnalysisOptions.defaults()));
    }

    static int[] range(int n) {
        return IntStream.range(0, n).toArray();
    }
}
