package org.layeranchor.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Clients that send 299 s of compressed digital silence, as 16-kHz and 192-kHz FLAC in turn, each as
 * soon as the last is answered: row 3 of issue 25 (small files within every limit that once held the
 * only worker for 14 to 22 s and 740 MB of heap). Each must be answered 200 (silence, nothing to encode),
 * or 503 {@code timeout} where the service's {@code --timeout} passed first on a loaded machine (at
 * 192 kHz the resampler alone costs about 7 s of CPU); never 500 (what 192 kHz got at -Xmx512m before)
 * nor no answer.
 */
final class SilenceUploads {
    /** Seconds of silence in each file: just within the service's default 300-s limit. */
    static final double SECONDS = 299;

    /**
     * @param statuses per file name, the count of each status ({@link RawExchange#NO_ANSWER} for none)
     * @param latencies seconds to each answer
     */
    record Result(Map<String, Map<Integer, Integer>> statuses, Latencies latencies) {
        int sent() {
            return statuses.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
        }

        int ok() {
            return statuses.values().stream().mapToInt(m -> m.getOrDefault(200, 0)).sum();
        }

        /** Answers other than 200 and 503 (the service's timeout), no answer included. */
        int failed() {
            return statuses.values().stream().mapToInt(m -> m.entrySet().stream()
                    .filter(e -> e.getKey() != 200 && e.getKey() != 503).mapToInt(e -> e.getValue()).sum()).sum();
        }

        String toText() {
            return String.format(Locale.ROOT, "%d sent, %d answered 200, by file %s; latency %s", sent(), ok(), statuses,
                    latencies.toText());
        }
    }

    private record File(String name, byte[] bytes) {
    }

    private final RawExchange server;
    private final List<File> files;
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
    private final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());

    /** @param seconds the length of each file (299 s in the soak; less in tests) */
    SilenceUploads(URI base, double seconds) {
        this.server = new RawExchange(base);
        this.files = List.of(new File("silence-16k.flac", ConstantFlac.silence(16_000, seconds)),
                new File("silence-192k.flac", ConstantFlac.silence(192_000, seconds)));
    }

    /** Starts {@code count} clients that stop sending at {@code deadlineNanos} ({@link System#nanoTime}). */
    void start(int count, long deadlineNanos) {
        for (int i = 0; i < count; i++) {
            int first = i;
            Thread t = new Thread(() -> {
                for (int n = first; System.nanoTime() < deadlineNanos; n++) {
                    File f = files.get(n % files.size());
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = server.send(RawExchange.post(server.authority(), "", f.bytes()), 300_000).status();
                    } catch (IOException e) {
                        status = RawExchange.NO_ANSWER;
                    }
                    latencies.add((System.nanoTime() - t0) / 1e9);
                    synchronized (statuses) {
                        statuses.computeIfAbsent(f.name(), k -> new TreeMap<>()).merge(status, 1, Integer::sum);
                    }
                }
            }, "soak-silence-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    Result awaitResult() throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
        synchronized (statuses) {
            Map<String, Map<Integer, Integer>> copy = new TreeMap<>();
            statuses.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
            return new Result(copy, Latencies.of(latencies));
        }
    }
}
