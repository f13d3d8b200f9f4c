package org.layeranchor.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What the memos keyed by {@link ContentFingerprint} rely on: same numbers, same key; any change, another key. */
class ContentFingerprintTest {
    @Test
    void theSameNumbersInOtherArraysGiveTheSameFingerprint() {
        double[][] a = {{1.5, -2, 0}, {3, 4, 5}};
        double[][] b = {{1.5, -2, 0}, {3, 4, 5}};
        assertEquals(ContentFingerprint.of(a), ContentFingerprint.of(b));
    }

    @Test
    void anyChangedValueOrShapeGivesAnotherFingerprint() {
        double[][] base = {{1.5, -2, 0}, {3, 4, 5}};
        long print = ContentFingerprint.of(base);
        assertNotEquals(print, ContentFingerprint.of(new double[][] {{1.5, -2, 0}, {3, 4, 5.000000000000001}}));
        assertNotEquals(print, ContentFingerprint.of(new double[][] {{1.5, -2, -0.0}, {3, 4, 5}}), "the sign of zero");
        assertNotEquals(print, ContentFingerprint.of(new double[][] {{3, 4, 5}, {1.5, -2, 0}}), "the row order");
        assertNotEquals(print, ContentFingerprint.of(new double[][] {{1.5, -2}, {0, 3, 4, 5}}), "the same values, other rows");
        assertNotEquals(print, ContentFingerprint.of(new double[][] {{1.5, -2, 0}, {3, 4, 5}, {}}), "an empty row more");
        assertNotEquals(ContentFingerprint.of(new double[0][]), ContentFingerprint.of(new double[][] {{}}));
    }

    /** Single-value changes over a realistic matrix never collide (the memo's key is 64 bits). */
    @Test
    void singleValueChangesOfAMatrixAllDiffer() {
        SplittableRandom r = new SplittableRandom(7);
        double[][] x = new double[40][64];
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian();
            }
        }
        Set<Long> seen = new HashSet<>();
        seen.add(ContentFingerprint.of(x));
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                double keep = x[i][j];
                x[i][j] = Math.nextUp(keep);
                seen.add(ContentFingerprint.of(x));
                x[i][j] = keep;
            }
        }
        assertEquals(1 + 40 * 64, seen.size());
    }
}
