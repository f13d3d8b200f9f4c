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
 */
final class HeapSampler {
    /** The last third's smallest sample may exceed the first third's by at most this share. */
    static final double FLAT_TOLERANCE = 0.10;

    /** One sample: seconds since the soak began, heap in bytes. */
    record Sample(double seconds, long bytes) {
    }

    /**
     * @param samples samples taken during the soak, in time order
     * @param failure why sampling stopped early, or null
     */
    record Result(List<Sample> samples, String failure) {
        Result {
            samples = List.copyOf(samples);
        }

        /** Mean heap of the first third of the samples (at least one), in bytes; NaN without samples. */
        double firstThirdMean() {
            return mean(samples.subList(0, third()));
        }

        /** Mean heap of the last third of the samples (at least one), in bytes; NaN without samples. */
        double lastThirdMean() {
            return mean(samples.subList(samples.size() - third(), samples.size()));
        }

        /** The smallest sample of the first third of the samples (at least one), in bytes; NaN without samples. */
        double firstThirdFloor() {
            return floor(samples.subList(0, third()));
        }

        /** The smallest sample of the last third of the samples (at least one), in bytes; NaN without samples. */
        double lastThirdFloor() {
            return floor(samples.subList(samples.size() - third(), samples.size()));
        }

        /** At least three samples, and the last third's floor within the tolerance above the first's. */
        boolean flat() {
            return samples.size() >= 3 && lastThirdFloor() <= (1 + FLAT_TOLERANCE) * firstThirdFloor();
        }

        private int third() {
            return Math.max(1, samples.size() / 3);
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
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "%d samples; smallest in the first third %.1f MB, in the last third %.1f MB (%+.1f %%): %s; "
                            + "means %.1f MB and %.1f MB (%+.1f %%)%n",
                    samples.size(), firstThirdFloor() / 1e6, lastThirdFloor() / 1e6,
                    100 * (lastThirdFloor() / firstThirdFloor() - 1), flat() ? "flat" : "NOT flat",
                    firstThirdMean() / 1e6, lastThirdMean() / 1e6, 100 * (lastThirdMean() / firstThirdMean() - 1)));
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
    private final Duration interval;
    private final List<Sample> samples = new ArrayList<>();
    private Thread thread;
    private String failure;

    HeapSampler(ServerMemory memory, Duration interval) {
        this.memory = memory;
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
                    long bytes = memory.heapAfterGc();
                    synchronized (this) {
                        samples.add(new Sample((System.nanoTime() - t0Nanos) / 1e9, bytes));
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
