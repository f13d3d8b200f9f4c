package org.layeranchor.cli;

import java.io.PrintWriter;
import org.layeranchor.hub.DownloadListener;

/**
 * Progress of a model download on stderr: one line redrawn in place on a terminal, otherwise a line
 * when a file starts, every ten seconds, and when it is done (logs and CI stay short).
 */
final class DownloadProgressPrinter implements DownloadListener {
    private static final long LINE_INTERVAL_NANOS = 10_000_000_000L;
    private static final long REDRAW_INTERVAL_NANOS = 200_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private String current;
    private long startNanos;
    private long startBytes;
    private long lastPrint;

    DownloadProgressPrinter(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void progress(String file, long done, long total) {
        long now = System.nanoTime();
        boolean first = !file.equals(current);
        boolean last = total >= 0 && done >= total;
        if (first) {
            current = file;
            startNanos = now;
            startBytes = done;
        } else if (!last && now - lastPrint < (terminal ? REDRAW_INTERVAL_NANOS : LINE_INTERVAL_NANOS)) {
            return;
        }
        lastPrint = now;
        double seconds = (now - startNanos) / 1e9;
        String rate = seconds > 0.5 ? String.format("  %.1f MB/s", (done - startBytes) / 1e6 / seconds) : "";
        String line = String.format("download %s: %s / %s%s%s", file, megabytes(done),
                total >= 0 ? megabytes(total) : "?", rate, first && done > 0 && !last ? " (resumed)" : "");
        if (terminal) {
            out.print("\r" + line);
            if (last) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
        if (last) {
            current = null;
        }
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }
}
