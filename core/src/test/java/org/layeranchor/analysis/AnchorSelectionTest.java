package org.layeranchor.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.layeranchor.analysis.LayerMeasure.Better;
import org.junit.jupiter.api.Test;

class AnchorSelectionTest {

    @Test
    void distancesRankLowestFirstAndSimilaritiesHighestFirst() {
        double[] v = {0.3, 0.1, Double.NaN, 0.2};
        assertArrayEquals(new int[] {1, 3, 0, 2}, LayerRanking.of("d", LabelUse.NONE, Better.LOWER, v).layersBestFirst());
        assertArrayEquals(new int[] {0, 3, 1, 2}, LayerRanking.of("s", LabelUse.NONE, Better.HIGHER, v).layersBestFirst());
    }

    @Test
    void tiedLayersShareTheirMeanRank() {
        LayerRanking r = LayerRanking.of("d", LabelUse.NONE, Better.LOWER, new double[] {5, 1, 5, 2});
        assertArrayEquals(new double[] {3.5, 1, 3.5, 2}, r.ranks(), 0);
    }

    @Test
    void consensusIsTheMeanRankOverLabelFreeMeasures() {
        LayerRanking a = LayerRanking.of("a", LabelUse.NONE, Better.LOWER, new double[] {1, 2, 3}); // ranks 1 2 3
        LayerRanking b = LayerRanking.of("b", LabelUse.NONE, Better.LOWER, new double[] {30, 10, 20}); // ranks 3 1 2
        LayerRanking c = AnchorSelection.consensus(List.of(a, b));
        assertArrayEquals(new double[] {2, 1.5, 2.5}, c.scores(), 1e-12);
        assertArrayEquals(new int[] {1, 0, 2}, c.layersBestFirst());
        assertTrue(c.labelFree());
        assertEquals(List.of(1, 0), AnchorSelection.topLayers(c, 2));
    }

    @Test
    void selectionRefusesRankingsThatReadLabels() {
        LayerRanking target = LayerRanking.of("analysis_only_probe", LabelUse.TARGET_LABELS, Better.HIGHER, new double[] {0.5, 0.6});
        LayerRanking source = LayerRanking.of("source_probe", LabelUse.SOURCE_LABELS, Better.HIGHER, new double[] {0.5, 0.6});
        assertThrows(IllegalArgumentException.class, () -> AnchorSelection.topLayers(target, 1));
        assertThrows(IllegalArgumentException.class, () -> AnchorSelection.topLayers(source, 1));
        LayerRanking free = LayerRanking.of("d", LabelUse.NONE, Better.LOWER, new double[] {1, 2});
        assertThrows(IllegalArgumentException.class, () -> AnchorSelection.consensus(List.of(free, target)));
        LayerGroups groups = LayerGroups.of("x", new double[][] {{1, 0}, {0, 1}}, List.of(List.of(0), List.of(1)));
        assertThrows(IllegalArgumentException.class, () -> AnchorSelection.rankGroups(groups, target));
    }

    @Test
    void targetLabelMeasuresMustCarryTheAnalysisOnlyPrefix() {
        assertThrows(IllegalArgumentException.class,
                () -> new LayerMeasure("centroid_cosine", "t", "u", LabelUse.TARGET_LABELS, Better.HIGHER, new double[1]));
        assertThrows(IllegalArgumentException.class,
                () -> new LayerMeasure("analysis_only_x", "t", "u", LabelUse.NONE, Better.LOWER, new double[1]));
        LayerMeasure ok = new LayerMeasure("analysis_only_x", "Centroid cosine", "u", LabelUse.TARGET_LABELS,
                Better.HIGHER, new double[1]);
        assertTrue(ok.markedTitle().contains("analysis only"));
    }

    @Test
    void groupsAreRankedByTheMeanRankOfTheirLayers() {
        double[][] s = {{1, .9, .1, .1}, {.9, 1, .1, .1}, {.1, .1, 1, .8}, {.1, .1, .8, 1}};
        LayerGroups groups = ContiguousLayerSegmentation.segment(s, 2);
        LayerRanking r = LayerRanking.of("d", LabelUse.NONE, Better.LOWER, new double[] {4, 3, 1, 2});
        List<AnchorSelection.RankedGroup> ranked = AnchorSelection.rankGroups(groups, r);
        assertEquals(List.of(2, 3), ranked.get(0).layers());
        assertEquals(1.5, ranked.get(0).meanRank(), 1e-12);
        assertEquals(0.8, ranked.get(0).withinMeanSimilarity(), 1e-12);
    }
}
