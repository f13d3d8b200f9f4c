package org.layeranchor.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Asks {@code GET /healthz} every {@code interval} on a fresh connection, as a load balancer would,
 * and records each answer's status and latency and the longest time between two answers of 200: the
 * measure of "the service answered throughout".
 */
final class HealthProbe {
    /** A probe without an answer by then counts as failed. */
    static final int TIMEOUT_MS = 10_000;

    /**
     * @param probes      probes sent
     * @param ok          answered 200
     * @param latencies   seconds to each answer of 200
     * @param longestGap  the longest time without an answer of 200, from the start to the end (s)
     */
    record Result(int probes, int ok, Latencies latencies, double longestGap) {
        /** Every probe answered 200, and never more than {@code maxGapSeconds} without one. */
        boolean answeredThroughout(double maxGapSeconds) {
            return probes > 0 && ok == probes && longestGap <= maxGapSeconds;
        }

        String toText() {
            return String.format(Locale.ROOT, "%d of %d probes answered 200; latency %s; longest time without an "
                    + "answer %.1f s", ok, probes, latencies.toText(), longestGap);
        }
    }

    private final RawExchange server;
    private final Duration interval;
    private final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    private Thread thread;
    private int probes;
    private int ok;
    private double longestGap;
    private long lastOkNanos;

    HealthProbe(URI base, Duration interval) {
        this.server = new RawExchange(base);
        this.interval = interval;
    }

    /** Probes until {@code deadlineNanos} ({@link System#nanoTime}). */
    void start(long deadlineNanos) {
        thread = new Thread(() -> {
            lastOkNanos = System.nanoTime();
            byte[] request = RawExchange.get("/healthz", server.authority(), "");
            while (System.nanoTime() < deadlineNanos) {
                long t0 = System.nanoTime();
                int status;
                try {
                    status = server.send(request, TIMEOUT_MS).status();
                } catch (IOException e) {
                    status = RawExchange.NO_ANSWER;
                }
                long t1 = System.nanoTime();
                synchronized (this) {
                    probes++;
                    if (status == 200) {
                        ok++;
                        latencies.add((t1 - t0) / 1e9);
                        longestGap = Math.max(longestGap, (t1 - lastOkNanos) / 1e9);
                        lastOkNanos = t1;
                    }
                }
                try {
                    Thread.sleep(Math.max(0, interval.toMillis() - (t1 - t0) / 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            synchronized (this) {
                longestGap = Math.max(longestGap, (System.nanoTime() - lastOkNanos) / 1e9);
            }
        }, "soak-health");
        thread.setDaemon(true);
        thread.start();
    }

    Result awaitResult() throws InterruptedException {
        thread.join();
        synchronized (this) {
            return new Result(probes, ok, Latencies.of(latencies), longestGap);
        }
    }
}
