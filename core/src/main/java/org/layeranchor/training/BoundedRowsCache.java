package org.layeranchor.training;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rows of doubles kept for reuse, least recently used first out, bounded by their size in bytes.
 *
 * <p>The benchmark shares CORAL-aligned source rows between the strategies and seeds of a direction.
 * A bound on the number of entries (it was 32) is a bound on memory only while corpora are small:
 * an entry is one source's rows at one anchor, 2-10 MB with the four real corpora but about 90 MB
 * with 100,000 utterances (200 MB for a leave-one-language-out source), so 32 of them no longer
 * fit a heap. A byte budget keeps the reuse where it is cheap and gives it up where it is not.
 */
final class BoundedRowsCache<K> {
    private final long budgetBytes;
    private final LinkedHashMap<K, double[][]> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    /** @param budgetBytes the most bytes of rows kept; an entry larger than that is not kept at all */
    BoundedRowsCache(long budgetBytes) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("budget must be >= 0 bytes, got " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
    }

    synchronized double[][] get(K key) {
        return entries.get(key);
    }

    /** Keeps {@code rows} under {@code key}, dropping the least recently used entries to stay within the budget. */
    synchronized void put(K key, double[][] rows) {
        long size = sizeOf(rows);
        if (size > budgetBytes) {
            return;
        }
        double[][] previous = entries.put(key, rows);
        bytes += size - (previous == null ? 0 : sizeOf(previous));
        Iterator<Map.Entry<K, double[][]>> eldest = entries.entrySet().iterator();
        while (bytes > budgetBytes && eldest.hasNext()) {
            Map.Entry<K, double[][]> e = eldest.next();
            if (e.getKey().equals(key)) {
                continue;
            }
            bytes -= sizeOf(e.getValue());
            eldest.remove();
        }
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    /** The bytes of the values (array headers left out: they are a few per cent of a row of hundreds of values). */
    static long sizeOf(double[][] rows) {
        long n = 0;
        for (double[] r : rows) {
            n += r.length;
        }
        return n * Double.BYTES;
    }
}
