package org.layeranchor.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class BoundedRowsCacheTest {
    /** rows x width doubles: rows * width * 8 bytes. */
    static double[][] rows(int rows, int width) {
        return new double[rows][width];
    }

    @Test
    void staysWithinItsByteBudgetDroppingTheLeastRecentlyUsed() {
        BoundedRowsCache<String> cache = new BoundedRowsCache<>(1000); // 125 doubles
        double[][] a = rows(5, 10); // 400 bytes
        double[][] b = rows(5, 10);
        cache.put("a", a);
        cache.put("b", b);
        assertEquals(800, cache.bytes());
        assertSame(a, cache.get("a")); // a is now the most recently used
        cache.put("c", rows(5, 10)); // 1200 bytes: b, the least recently used, goes
        assertNull(cache.get("b"));
        assertSame(a, cache.get("a"));
        assertEquals(2, cache.size());
        assertEquals(800, cache.bytes());

        cache.put("big", rows(10, 10)); // 800 bytes: both others go
        assertEquals(1, cache.size());
        assertEquals(800, cache.bytes());
        cache.put("big", rows(2, 10)); // replaced: its own old size is given back
        assertEquals(160, cache.bytes());
    }

    @Test
    void anEntryLargerThanTheBudgetIsNotKeptAndEvictsNothing() {
        BoundedRowsCache<String> cache = new BoundedRowsCache<>(1000);
        cache.put("a", rows(1, 10));
        cache.put("huge", rows(20, 10)); // 1600 bytes
        assertNull(cache.get("huge"));
        assertEquals(1, cache.size());
        assertEquals(80, cache.bytes());
    }

    @Test
    void theBenchmarkBudgetHoldsADirectionOfTheRealCorporaButNotThirtyTwoEntriesOf100000Utterances() {
        // An entry: the labelled source rows at one anchor, mean inputs (512 values of whisper-base).
        long real = BoundedRowsCache.sizeOf(rows(2_300, 512));       // leave-one-language-out source, real corpora
        long large = BoundedRowsCache.sizeOf(rows(47_000, 512));     // the same with 100,000 utterances (target emodb)
        assertEquals(true, 8 * real < LinearTraining.SHARED_ALIGNMENT_BYTES);
        assertEquals(true, 32 * large > 8 * LinearTraining.SHARED_ALIGNMENT_BYTES);
    }
}
