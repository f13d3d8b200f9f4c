package org.layeranchor.audio;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Vowel coverage accumulated per group (a corpus, a language, an emotion), for a quick table on real
 * data. Feed it decoded 16 kHz recordings with {@link #add(String, float[])}.
 */
public final class VowelCoverageReport {
    private final VowelDetector detector;
    private final Map<String, VowelCoverage> byGroup = new TreeMap<>();

    public VowelCoverageReport(VowelDetector detector) {
        this.detector = detector;
    }

    public synchronized void add(String group, VowelCoverage coverage) {
        byGroup.merge(group, coverage, VowelCoverage::plus);
    }

    /** Runs the detector on one recording and adds its coverage to {@code group}. */
    public void add(String group, float[] samples) {
        add(group, detector.coverage(samples));
    }

    public synchronized Map<String, VowelCoverage> byGroup() {
        return Map.copyOf(byGroup);
    }

    public synchronized String toText() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-20s %10s %12s %8s%n", "group",
                "recordings", "frames", "vowel %"));
        VowelCoverage all = VowelCoverage.NONE;
        for (Map.Entry<String, VowelCoverage> e : byGroup.entrySet()) {
            VowelCoverage c = e.getValue();
            sb.append(String.format(Locale.ROOT, "%-20s %10d %12d %8.1f%n", e.getKey(), c.recordings(), c.frames(),
                    100 * c.fraction()));
            all = all.plus(c);
        }
        sb.append(String.format(Locale.ROOT, "%-20s %10d %12d %8.1f%n", "all", all.recordings(), all.frames(),
                100 * all.fraction()));
        return sb.toString();
    }
}
