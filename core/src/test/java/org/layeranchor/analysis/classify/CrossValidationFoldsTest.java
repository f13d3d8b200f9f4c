package org.layeranchor.analysis.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrossValidationFoldsTest {

    @Test
    void stratifiedFoldsAreBalancedPerClassAndDeterministic() {
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = i < 60 ? 0 : 1;
        }
        int[] fold = CrossValidationFolds.stratified(labels, 5, 42);
        assertArrayEquals(fold, CrossValidationFolds.stratified(labels, 5, 42));
        for (int f = 0; f < 5; f++) {
            int c0 = 0;
            int c1 = 0;
            for (int i = 0; i < 100; i++) {
                if (fold[i] == f) {
                    if (labels[i] == 0) {
                        c0++;
                    } else {
                        c1++;
                    }
                }
            }
            assertEquals(12, c0);
            assertEquals(8, c1);
        }
    }

    @Test
    void groupedFoldsKeepEverySpeakerInOneFold() {
        List<String> speakers = new ArrayList<>();
        for (int s = 0; s < 12; s++) {
            for (int i = 0; i < 5 + s; i++) {
                speakers.add("spk" + s);
            }
        }
        int[] fold = CrossValidationFolds.grouped(speakers, 5, 7);
        assertEquals(5, CrossValidationFolds.foldCount(fold));
        Map<String, Integer> seen = new HashMap<>();
        int[] load = new int[5];
        for (int i = 0; i < fold.length; i++) {
            Integer previous = seen.putIfAbsent(speakers.get(i), fold[i]);
            assertTrue(previous == null || previous == fold[i], "speaker split across folds");
            load[fold[i]]++;
        }
        for (int l : load) { // greedy largest-first keeps folds within one speaker's size of each other
            assertTrue(Math.abs(l - fold.length / 5.0) <= 16, "unbalanced fold load " + l);
        }
        assertArrayEquals(fold, CrossValidationFolds.grouped(speakers, 5, 7));
    }

    @Test
    void fewerGroupsThanFoldsGivesOneFoldPerGroup() {
        int[] fold = CrossValidationFolds.grouped(List.of("a", "a", "b", "c", "c"), 10, 1);
        assertEquals(3, CrossValidationFolds.foldCount(fold));
    }
}
