package org.layeranchor.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
    private static final List<String> C = List.of("a", "b", "c");

    @Test
    void uarIsTheMeanOfPerClassRecalls() {
        // a: 3 of 4 right, b: 1 of 2, c: 0 of 1
        int[] truth = {0, 0, 0, 0, 1, 1, 2};
        int[] pred = {0, 0, 0, 1, 1, 0, 1};
        ConfusionMatrix m = ConfusionMatrix.of(C, truth, pred);
        assertEquals((0.75 + 0.5 + 0.0) / 3, m.uar(), 1e-12);
        assertEquals(4 / 7.0, m.accuracy(), 1e-12);
        // F1: a = 2*3/(4+4)=0.75, b = 2*1/(2+3)=0.4, c = 0
        assertEquals((0.75 + 0.4 + 0) / 3, m.macroF1(), 1e-12);
    }

    @Test
    void classesAbsentFromTheTruthDoNotCountInUar() {
        ConfusionMatrix m = ConfusionMatrix.of(C, new int[] {0, 1}, new int[] {0, 2});
        assertEquals(0.5, m.uar(), 1e-12);
        assertEquals(Double.NaN, m.recall()[2]);
    }
}
