package org.layeranchor.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VowelPoolingTest {
    private static final float[][] FRAMES = {{1, 10}, {3, 20}, {100, -5}, {5, 30}};

    @Test
    void poolsOnlyTheMarkedFrames() {
        VowelPooling.Pooled p = VowelPooling.pool(FRAMES, new boolean[] {true, true, false, true});
        assertArrayEquals(new float[] {3, 20}, p.mean(), 1e-6f);
        // Population std of {1,3,5} = √(8/3), of {10,20,30} = √(200/3).
        assertArrayEquals(new float[] {(float) Math.sqrt(8 / 3.0), (float) Math.sqrt(200 / 3.0)}, p.std(), 1e-5f);
        assertEquals(3, p.framesUsed());
        assertFalse(p.fellBack());
    }

    @Test
    void anEmptyMaskFallsBackToAllFramesAndSaysSo() {
        VowelPooling.Pooled p = VowelPooling.pool(FRAMES, new boolean[4]);
        assertArrayEquals(new float[] {27.25f, 13.75f}, p.mean(), 1e-5f);
        assertEquals(4, p.framesUsed());
        assertTrue(p.fellBack());
    }

    @Test
    void aSingleFrameHasZeroSpread() {
        VowelPooling.Pooled p = VowelPooling.pool(FRAMES, new boolean[] {false, false, true, false});
        assertArrayEquals(new float[] {100, -5}, p.mean(), 0);
        assertArrayEquals(new float[] {0, 0}, p.std(), 0);
    }

    @Test
    void refusesAMaskOfTheWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> VowelPooling.pool(FRAMES, new boolean[3]));
    }
}
