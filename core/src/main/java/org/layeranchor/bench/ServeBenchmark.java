package org.layeranchor.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load test of the HTTP service: {@link Options#requests()} POSTs of one audio body to
 * {@code /v1/predict} from {@link Options#concurrency()} clients, each sending its next request as
 * soon as the previous one is answered. Bounded on purpose: loopback targets only, at most
 * {@link #MAX_REQUESTS} requests, and no new request after {@link Options#maxDuration()}.
 */
public final class ServeBenchmark {
    public static final int MAX_REQUESTS = 100_000;
    public static final int MAX_CONCURRENCY = 256;

    /**
     * @param base           the server, e.g. {@code http://127.0.0.1:8080/} (loopback only)
     * @param body           the request body (an audio file)
     * @param requests       timed requests in all
     * @param concurrency    clients sending at once
     * @param warmup         untimed requests sent first, one at a time
     * @param maxDuration    no request is started after this
     * @param requestTimeout a request without an answer by then counts as failed
     */
    public record Options(URI base, byte[] body, int requests, int concurrency, int warmup, Duration maxDuration,
                          Duration requestTimeout) {
        public Options {
            if (requests < 1 || requests > MAX_REQUESTS) {
                throw new IllegalArgumentException("requests must be in 1.." + MAX_REQUESTS + ", got " + requests);
            }
            if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
                throw new IllegalArgumentException("concurrency must be in 1.." + MAX_CONCURRENCY + ", got " + concurrency);
            }
            if (warmup < 0 || warmup > 100) {
                throw new IllegalArgumentException("warmup must be in 0..100, got " + warmup);
            }
            if (maxDuration.isNegative() || maxDuration.isZero() || maxDuration.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("the time limit must be between 0 and 1 hour, got " + maxDuration);
            }
        }
    }

    /**
     * @param sent              requests started (fewer than asked when the time limit stopped them)
     * @param ok                answered 200
     * @param failuresByStatus  other answers, by HTTP status
     * @param ioFailures        requests with no HTTP answer (connection refused or reset, client timeout)
     * @param seconds           wall time of the timed part
     * @param latenciesMs       every timed request's latency, sorted (failures included)
     */
    public record Result(int sent, int ok, Map<Integer, Integer> failuresByStatus, int ioFailures, double seconds,
                         List<Double> latenciesMs, int concurrency) {
        public int failed() {
            return sent - ok;
        }

        public double requestsPerSecond() {
            return ok / seconds;
        }

        /** Nearest-rank percentile of the latencies, q in (0, 1]. */
        public double percentileMs(double q) {
            if (latenciesMs.isEmpty()) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(q * latenciesMs.size());
            return latenciesMs.get(Math.max(0, Math.min(latenciesMs.size() - 1, rank - 1)));
        }

        public String toText() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "requests:   %d sent by %d clients, %d ok, %d failed, in %.1f s%n",
                    sent, concurrency, ok, failed(), seconds));
            sb.append(String.format(Locale.ROOT, "throughput: %.2f requests/s%n", requestsPerSecond()));
            sb.append(String.format(Locale.ROOT, "latency:    p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    percentileMs(0.50), percentileMs(0.99), latenciesMs.isEmpty() ? Double.NaN
                            : latenciesMs.get(latenciesMs.size() - 1)));
            List<String> f = new ArrayList<>();
            failuresByStatus.forEach((status, n) -> f.add("HTTP " + status + ": " + n));
            if (ioFailures > 0) {
                f.add("no answer: " + ioFailures);
            }
            sb.append("failures:   ").append(f.isEmpty() ? "none" : String.join(", ", f)).append('\n');
            return sb.toString();
        }
    }

    private ServeBenchmark() {
    }

    /** Fails unless {@code base} names this machine: the load test never leaves it. */
    public static void requireLoopback(URI base) throws IOException {
        if (!"http".equals(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("expected an http:// address, got " + base);
        }
        for (InetAddress a : InetAddress.getAllByName(base.getHost())) {
            if (!a.isLoopbackAddress()) {
                throw new IllegalArgumentException(base.getHost() + " is not a loopback address: the load test only "
                        + "targets this machine (use 127.0.0.1)");
            }
        }
    }

    public static Result run(Options o) throws IOException, InterruptedException {
        requireLoopback(o.base());
        URI predict = o.base().resolve("/v1/predict");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(predict).timeout(o.requestTimeout())
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(o.body())).build();
        for (int i = 0; i < o.warmup(); i++) {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("warm-up request failed with HTTP " + r.statusCode() + ": " + r.body());
            }
        }

        AtomicInteger tickets = new AtomicInteger();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Integer> byStatus = Collections.synchronizedMap(new TreeMap<>());
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger io = new AtomicInteger();
        long t0 = System.nanoTime();
        long deadline = t0 + o.maxDuration().toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < o.concurrency(); c++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < deadline && tickets.getAndIncrement() < o.requests()) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else {
                            byStatus.merge(r.statusCode(), 1, Integer::sum);
                        }
                    } catch (IOException e) {
                        io.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    latencies.add((System.nanoTime() - start) / 1e6);
                }
            }, "bench-client-" + c);
            t.setDaemon(true);
            clients.add(t);
            t.start();
        }
        for (Thread t : clients) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(sorted.size(), ok.get(), new TreeMap<>(byStatus), io.get(), seconds, List.copyOf(sorted),
                o.concurrency());
    }
}
