package org.layeranchor.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Latencies in seconds, sorted, with nearest-rank percentiles. */
public record Latencies(List<Double> sortedSeconds) {
    public Latencies {
        sortedSeconds = List.copyOf(sortedSeconds);
        for (int i = 1; i < sortedSeconds.size(); i++) {
            if (sortedSeconds.get(i) < sortedSeconds.get(i - 1)) {
                throw new IllegalArgumentException("latencies must be sorted");
            }
        }
    }

    /** The latencies of {@code seconds}, in any order. */
    public static Latencies of(List<Double> seconds) {
        List<Double> sorted;
        synchronized (seconds) { // the soak's clients add to a synchronized list
            sorted = new ArrayList<>(seconds);
        }
        Collections.sort(sorted);
        return new Latencies(sorted);
    }

    public int count() {
        return sortedSeconds.size();
    }

    /** Nearest-rank percentile, {@code q} in (0, 1]; NaN when there are none. */
    public double percentile(double q) {
        if (sortedSeconds.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sortedSeconds.size());
        return sortedSeconds.get(Math.max(0, Math.min(sortedSeconds.size() - 1, rank - 1)));
    }

    public double max() {
        return sortedSeconds.isEmpty() ? Double.NaN : sortedSeconds.get(sortedSeconds.size() - 1);
    }

    public String toText() {
        return String.format(Locale.ROOT, "p50 %.2f s, p90 %.2f s, p99 %.2f s, max %.2f s (%d)", percentile(0.5),
                percentile(0.9), percentile(0.99), max(), count());
    }
}
