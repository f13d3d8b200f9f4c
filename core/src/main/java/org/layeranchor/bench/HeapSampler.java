package org.layeranchor.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The server's heap after a full collection, sampled every {@code interval} while the soak runs: flat
 * means nothing accumulates (uploads cut, refused files and answered requests all give their memory
 * back). A sample taken while a request is in flight includes that request's audio (up to 58 MB for
 * 300 s, against a baseline of about 10 MB), so single samples, and means of a few, measure what
 * happened to be in flight. What accumulates raises the floor: flatness compares the smallest sample
 * of the last third with the smallest of the first third (means are reported too).
 *
 * <p>Some growth is by design: a server adapting to its recent requests keeps one pooled row per
 * request up to its window (100 requests, about 3 MB with whisper-base), and a quiet 300-s run filled
 * it half-way through, raising the floor by 17 % (docs/soak-combined-quiet.txt). So the samples taken
 * before the window was first seen full ({@link WarmUp}) are a warm-up, reported but not judged; the
 * thirds are thirds of the samples after it, and fewer than three of those is no verdict (not flat:
 * run longer), never a pass.
 */
final class HeapSampler {
    /** The last third's smallest sample may exceed the first third's by at most this share. */
    static final double FLAT_TOLERANCE = 0.10;

    /** Samples needed after the warm-up for a verdict (one per third). */
    static final int MIN_JUDGED = 3;

    /** Whether the warm-up is over (the server's adaptation window full, or it has none). */
    interface WarmUp {
        boolean over() throws IOException;

        /** For a server that keeps nothing by design: every sample is judged. */
        WarmUp NONE = () -> true;
    }

    /**
     * One sample: seconds since the soak began, heap in bytes, and whether the warm-up was over when it
     * was taken.
     */
    record Sample(double seconds, long bytes, boolean warm) {
        /** A sample taken after the warm-up. */
        Sample(double seconds, long bytes) {
            this(seconds, bytes, true);
        }
    }

    /**
     * @param samples samples taken during the soak, in time order
     * @param failure why sampling stopped early, or null
     */
    record Result(List<Sample> samples, String failure) {
        Result {
            samples = List.copyOf(samples);
        }

        /** The samples judged: from the first one taken after the warm-up on (the window, once full, stays full). */
        List<Sample> judged() {
            for (int i = 0; i < samples.size(); i++) {
                if (samples.get(i).warm()) {
                    return samples.subList(i, samples.size());
                }
            }
            return List.of();
        }

        /** Samples taken during the warm-up, not judged. */
        int warmUpSamples() {
            return samples.size() - judged().size();
        }

        /** Mean heap of the first third of the judged samples (at least one), in bytes; NaN without any. */
        double firstThirdMean() {
            List<Sample> j = judged();
            return mean(j.subList(0, third(j)));
        }

        /** Mean heap of the last third of the judged samples (at least one), in bytes; NaN without any. */
        double lastThirdMean() {
            List<Sample> j = judged();
            return mean(j.subList(j.size() - third(j), j.size()));
        }

        /** The smallest of the first third of the judged samples (at least one), in bytes; NaN without any. */
        double firstThirdFloor() {
            List<Sample> j = judged();
            return floor(j.subList(0, third(j)));
        }

        /** The smallest of the last third of the judged samples (at least one), in bytes; NaN without any. */
        double lastThirdFloor() {
            List<Sample> j = judged();
            return floor(j.subList(j.size() - third(j), j.size()));
        }

        /** Enough samples after the warm-up for a verdict. */
        boolean judgeable() {
            return judged().size() >= MIN_JUDGED;
        }

        /** Judgeable, and the last third's floor within the tolerance above the first's. */
        boolean flat() {
            return judgeable() && lastThirdFloor() <= (1 + FLAT_TOLERANCE) * firstThirdFloor();
        }

        private static int third(List<Sample> s) {
            return Math.max(1, s.size() / 3);
        }

        private static double floor(List<Sample> s) {
            return s.stream().mapToLong(Sample::bytes).min().stream().asDoubleStream().findFirst().orElse(Double.NaN);
        }

        private static double mean(List<Sample> s) {
            return s.stream().mapToLong(Sample::bytes).average().orElse(Double.NaN);
        }

        String toText() {
            if (samples.isEmpty()) {
                return "no samples" + (failure == null ? "" : " (" + failure + ")");
            }
            int warmUp = warmUpSamples();
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d samples", samples.size()));
            if (warmUp > 0) {
                sb.append(String.format(Locale.ROOT, " (the first %d, to %.0f s, while the adaptation window filled: "
                        + "warm-up, not judged)", warmUp, samples.get(warmUp - 1).seconds()));
            }
            if (!judgeable()) {
                sb.append(String.format(Locale.ROOT, "; NOT judged: %d sample(s) after the warm-up, %d needed "
                        + "(run longer)%n", judged().size(), MIN_JUDGED));
            } else {
                sb.append(String.format(Locale.ROOT,
                        "; smallest in the first third %.1f MB, in the last third %.1f MB (%+.1f %%): %s; "
                                + "means %.1f MB and %.1f MB (%+.1f %%)%n",
                        firstThirdFloor() / 1e6, lastThirdFloor() / 1e6,
                        100 * (lastThirdFloor() / firstThirdFloor() - 1), flat() ? "flat" : "NOT flat",
                        firstThirdMean() / 1e6, lastThirdMean() / 1e6, 100 * (lastThirdMean() / firstThirdMean() - 1)));
            }
            sb.append("heap over time (s: MB):");
            for (Sample s : samples) {
                sb.append(String.format(Locale.ROOT, " %.0f: %.1f", s.seconds(), s.bytes() / 1e6));
            }
            if (failure != null) {
                sb.append("\nsampling stopped: ").append(failure);
            }
            return sb.toString();
        }
    }

    private final ServerMemory memory;
    private final WarmUp warmUp;
    private final Duration interval;
    private final List<Sample> samples = new ArrayList<>();
    private Thread thread;
    private String failure;
    private boolean warmedUp; // the sampling thread's own

    HeapSampler(ServerMemory memory, WarmUp warmUp, Duration interval) {
        this.memory = memory;
        this.warmUp = warmUp;
        this.interval = interval;
    }

    /**
     * Samples every interval from one interval after now until {@code deadlineNanos} ({@link System#nanoTime});
     * times are since {@code t0Nanos}. The first sample waits so that every sample is taken under the
     * soak's load: one of the idle server before would be a floor no sample under load can reach.
     */
    void start(long t0Nanos, long deadlineNanos) {
        thread = new Thread(() -> {
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            while (System.nanoTime() < deadlineNanos) {
                try {
                    boolean warm = warmedUp || (warmedUp = warmUp.over()); // asked before the GC, so no request
                    long bytes = memory.heapAfterGc();                      // it counts is missing from the heap
                    synchronized (this) {
                        samples.add(new Sample((System.nanoTime() - t0Nanos) / 1e9, bytes, warm));
                    }
                } catch (IOException | RuntimeException e) {
                    synchronized (this) {
                        failure = e.toString();
                    }
                    return;
                }
                long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
                try {
                    Thread.sleep(Math.max(0, Math.min(interval.toMillis(), left)));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "soak-heap");
        thread.setDaemon(true);
        thread.start();
    }

    Result awaitResult() throws InterruptedException {
        thread.join();
        synchronized (this) {
            return new Result(samples, failure);
        }
    }
}
