package org.layeranchor.cli;

import java.io.PrintStream;
import org.layeranchor.features.FeatureExtractor;

/**
 * Progress of a long run: a bar redrawn in place on a terminal, plain periodic lines otherwise
 * (logs and CI), both with rate and estimated time left.
 */
final class ProgressPrinter implements FeatureExtractor.Listener {
    private static final long LINE_INTERVAL_NANOS = 10_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private long start;
    private long lastPrint;

    ProgressPrinter(PrintStream out, boolean terminal, String label) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
    }

    static ProgressPrinter forStderr(String label) {
        return new ProgressPrinter(System.err, System.console() != null, label);
    }

    @Override
    public synchronized void started(int total) {
        start = System.nanoTime();
        lastPrint = start;
        if (!terminal) {
            out.printf("%s: %d utterances%n", label, total);
        }
    }

    @Override
    public synchronized void progress(int extracted, int cached, int failed, int total) {
        int done = extracted + cached + failed;
        long now = System.nanoTime();
        boolean last = done == total;
        if (!terminal && !last && now - lastPrint < LINE_INTERVAL_NANOS) {
            return;
        }
        if (terminal && !last && now - lastPrint < 200_000_000L) {
            return; // redraw at most five times a second
        }
        lastPrint = now;
        double secs = (now - start) / 1e9;
        double rate = done / Math.max(secs, 1e-9);
        String eta = rate > 0 ? clock((total - done) / rate) : "--:--";
        String counts = String.format("%d/%d  %.1f utt/s  ETA %s  (new %d, cached %d, failed %d)",
                done, total, rate, eta, extracted, cached, failed);
        if (terminal) {
            int width = 30;
            int filled = total == 0 ? width : (int) ((long) width * done / total);
            out.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + counts);
            if (last) {
                out.println();
            }
        } else {
            out.println(label + ": " + counts);
        }
        out.flush();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%02d:%02d", s / 60, s % 60);
    }
}
