package org.layeranchor.bench;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A soak test of the HTTP service: for a bounded time and number of requests, several clients send
 * a mix of valid requests (predictions, health, model, HEAD) and hostile ones (undecodable and
 * truncated audio, a foreign Origin or Host, a bad Content-Length, {@code //healthz}, a 100-kB URL,
 * 100 kB of headers, a body over the limit, a form upload, an upload abandoned half-way), each over
 * its own connection and written byte for byte, and count the answers by kind and status. Every
 * kind has one expected status; anything else is an unexpected failure. Loopback targets only.
 */
public final class ServeSoak {
    public static final int MAX_REQUESTS = 1_000_000;
    public static final Duration MAX_DURATION = Duration.ofMinutes(30);
    /** Status recorded for a connection that ended without an answer. */
    public static final int NO_ANSWER = RawExchange.NO_ANSWER;

    /** The request kinds, their share of the mix (weight) and the status each must get. */
    public enum Kind {
        PREDICT(8, 200),
        HEALTH(3, 200),
        MODEL(1, 200),
        HEAD_HEALTH(1, 200),
        UNDECODABLE_AUDIO(1, 400),
        TRUNCATED_WAV(1, 400),
        FOREIGN_ORIGIN(1, 403),
        FOREIGN_HOST(1, 403),
        NEGATIVE_CONTENT_LENGTH(1, 400),
        DOUBLE_SLASH_PATH(1, 404),
        LONG_URL(1, 414),
        LARGE_HEADERS(1, 431),
        BODY_OVER_LIMIT(1, 413),
        FORM_UPLOAD(1, 415),
        ABANDONED_UPLOAD(1, NO_ANSWER);

        final int weight;
        final int expected;

        Kind(int weight, int expected) {
            this.weight = weight;
            this.expected = expected;
        }

        public int expected() {
            return expected;
        }
    }

    /**
     * @param base        the server (loopback only)
     * @param clips       audio files' bytes, predicted in turn by the PREDICT requests (the first is also
     *                    the body of the hostile requests that need one)
     * @param duration    no request starts after this
     * @param maxRequests requests in all
     * @param concurrency clients at once
     * @param seed        the mix's random seed
     */
    public record Options(URI base, List<byte[]> clips, Duration duration, int maxRequests, int concurrency, long seed) {
        public Options {
            clips = List.copyOf(clips);
            if (clips.isEmpty()) {
                throw new IllegalArgumentException("at least one audio clip to predict");
            }
            if (maxRequests < 1 || maxRequests > MAX_REQUESTS) {
                throw new IllegalArgumentException("requests must be in 1.." + MAX_REQUESTS + ", got " + maxRequests);
            }
            if (concurrency < 1 || concurrency > 64) {
                throw new IllegalArgumentException("concurrency must be in 1..64, got " + concurrency);
            }
            if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException("the duration must be between 0 and " + MAX_DURATION.toMinutes()
                        + " minutes, got " + duration);
            }
        }

        /** One clip for every prediction. */
        public Options(URI base, byte[] audio, Duration duration, int maxRequests, int concurrency, long seed) {
            this(base, List.of(audio), duration, maxRequests, concurrency, seed);
        }
    }

    /**
     * @param statuses          per kind, the count of each status received ({@link #NO_ANSWER} for none)
     * @param seconds           wall time
     * @param unexpected        a few examples of unexpected answers, for the report
     * @param predictLatencies  seconds from connecting to the last byte of each PREDICT answered 200
     */
    public record Result(Map<Kind, Map<Integer, Integer>> statuses, double seconds, List<String> unexpected,
                         Latencies predictLatencies) {
        public Result(Map<Kind, Map<Integer, Integer>> statuses, double seconds, List<String> unexpected) {
            this(statuses, seconds, unexpected, Latencies.of(List.of()));
        }

        /** PREDICT requests sent (the valid predictions). */
        public int predictions() {
            return statuses.getOrDefault(Kind.PREDICT, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
        }

        /** The share of PREDICT requests answered 200, in [0, 1] (NaN when none was sent). */
        public double predictionsOkShare() {
            int n = predictions();
            return n == 0 ? Double.NaN : statuses.get(Kind.PREDICT).getOrDefault(200, 0) / (double) n;
        }

        /** Requests of every kind but PREDICT that got another status than their kind's. */
        public int unexpectedOtherThanPredictions() {
            int n = 0;
            for (Map.Entry<Kind, Map<Integer, Integer>> e : statuses.entrySet()) {
                if (e.getKey() != Kind.PREDICT) {
                    for (Map.Entry<Integer, Integer> s : e.getValue().entrySet()) {
                        n += s.getKey() == e.getKey().expected ? 0 : s.getValue();
                    }
                }
            }
            return n;
        }

        public int sent() {
            return statuses.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
        }

        /** Requests that got the status their kind must get. */
        public int asExpected() {
            int n = 0;
            for (Map.Entry<Kind, Map<Integer, Integer>> e : statuses.entrySet()) {
                n += e.getValue().getOrDefault(e.getKey().expected, 0);
            }
            return n;
        }

        public int unexpectedCount() {
            return sent() - asExpected();
        }

        /** Answers received (every request but the abandoned uploads, when all is well). */
        public int answered() {
            return statuses.values().stream().flatMap(m -> m.entrySet().stream()).filter(e -> e.getKey() != NO_ANSWER)
                    .mapToInt(Map.Entry::getValue).sum();
        }

        public String toText() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%-24s %8s %8s  %s%n", "kind", "expected", "sent", "statuses"));
            statuses.forEach((kind, byStatus) -> sb.append(String.format(Locale.ROOT, "%-24s %8s %8d  %s%n",
                    kind.name().toLowerCase(Locale.ROOT), kind.expected == NO_ANSWER ? "none" : kind.expected,
                    byStatus.values().stream().mapToInt(Integer::intValue).sum(), byStatus)));
            sb.append(String.format(Locale.ROOT, "requests:   %d in %.1f s (%.1f/s), %d answered, %d unexpected%n", sent(),
                    seconds, sent() / seconds, answered(), unexpectedCount()));
            sb.append(String.format(Locale.ROOT, "predictions: %d of %d answered 200 (%.1f %%); latency of those %s%n",
                    statuses.getOrDefault(Kind.PREDICT, Map.of()).getOrDefault(200, 0), predictions(),
                    100 * predictionsOkShare(), predictLatencies.toText()));
            unexpected.forEach(u -> sb.append("unexpected: ").append(u).append('\n'));
            return sb.toString();
        }
    }

    private ServeSoak() {
    }

    public static Result run(Options o) throws IOException, InterruptedException {
        ServeBenchmark.requireLoopback(o.base());
        Requests requests = new Requests(o.base(), o.clips());
        List<Double> predictSeconds = Collections.synchronizedList(new ArrayList<>());
        Map<Kind, Map<Integer, Integer>> statuses = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            statuses.put(k, new TreeMap<>());
        }
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger tickets = new AtomicInteger();
        long t0 = System.nanoTime();
        long deadline = t0 + o.duration().toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < o.concurrency(); c++) {
            Random random = new Random(o.seed() * 31 + c);
            Thread t = new Thread(() -> {
                while (System.nanoTime() < deadline && tickets.getAndIncrement() < o.maxRequests()) {
                    Kind kind = pick(random);
                    int status;
                    String detail;
                    long sent = System.nanoTime();
                    try {
                        RawExchange.Answer a = requests.send(kind);
                        status = a.status();
                        detail = a.head();
                        if (kind == Kind.PREDICT && status == 200) {
                            predictSeconds.add((System.nanoTime() - sent) / 1e9);
                        }
                    } catch (IOException e) {
                        status = NO_ANSWER;
                        detail = e.toString();
                    }
                    synchronized (statuses) {
                        statuses.get(kind).merge(status, 1, Integer::sum);
                    }
                    if (status != kind.expected && unexpected.size() < 10) {
                        unexpected.add(kind + " got " + status + ": " + detail);
                    }
                }
            }, "soak-client-" + c);
            t.setDaemon(true);
            clients.add(t);
            t.start();
        }
        for (Thread t : clients) {
            t.join();
        }
        return new Result(statuses, (System.nanoTime() - t0) / 1e9, List.copyOf(unexpected), Latencies.of(predictSeconds));
    }

    private static Kind pick(Random random) {
        int total = Arrays.stream(Kind.values()).mapToInt(k -> k.weight).sum();
        int r = random.nextInt(total);
        for (Kind k : Kind.values()) {
            r -= k.weight;
            if (r < 0) {
                return k;
            }
        }
        throw new AssertionError();
    }

    /** The bytes of each kind of request, written to a fresh connection as they are. */
    private static final class Requests {
        private final RawExchange server;
        private final List<byte[]> clips;
        private final AtomicInteger nextClip = new AtomicInteger();

        Requests(URI base, List<byte[]> clips) {
            this.server = new RawExchange(base);
            this.clips = clips;
        }

        RawExchange.Answer send(Kind kind) throws IOException {
            String local = server.authority();
            byte[] audio = clips.get(0);
            return switch (kind) {
                case PREDICT -> exchange(RawExchange.post(local, "",
                        clips.get(Math.floorMod(nextClip.getAndIncrement(), clips.size()))));
                case HEALTH -> exchange(RawExchange.get("/healthz", local, ""));
                case MODEL -> exchange(RawExchange.get("/v1/model", local, ""));
                case HEAD_HEALTH -> exchange(("HEAD /healthz HTTP/1.1\r\nHost: " + local + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                case UNDECODABLE_AUDIO -> exchange(RawExchange.post(local, "", "this is not audio".getBytes(StandardCharsets.US_ASCII)));
                case TRUNCATED_WAV -> exchange(RawExchange.post(local, "", Arrays.copyOf(audio, Math.min(audio.length, 30))));
                case FOREIGN_ORIGIN -> exchange(RawExchange.post(local, "Origin: http://evil.example\r\nContent-Type: text/plain\r\n",
                        audio));
                case FOREIGN_HOST -> exchange(RawExchange.get("/v1/model", "evil.example", ""));
                case NEGATIVE_CONTENT_LENGTH -> exchange(("POST /v1/predict HTTP/1.1\r\nHost: " + local
                        + "\r\nContent-Length: -5\r\nConnection: close\r\n\r\nhello").getBytes(StandardCharsets.ISO_8859_1));
                case DOUBLE_SLASH_PATH -> exchange(RawExchange.get("//healthz", local, ""));
                case LONG_URL -> exchange(RawExchange.get("/" + "a".repeat(100_000), local, ""));
                case LARGE_HEADERS -> exchange(RawExchange.get("/healthz", local, "X-Padding: " + "p".repeat(100_000) + "\r\n"));
                case BODY_OVER_LIMIT -> exchange(("POST /v1/predict HTTP/1.1\r\nHost: " + local
                        + "\r\nContent-Length: 99999999999\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                case FORM_UPLOAD -> exchange(RawExchange.post(local, "Content-Type: multipart/form-data; boundary=x\r\n", audio));
                case ABANDONED_UPLOAD -> abandon(local, audio);
            };
        }

        private RawExchange.Answer exchange(byte[] request) throws IOException {
            return server.send(request, 120_000);
        }

        /** Half of the declared body, then the client goes away: the server must free what it reserved. */
        private RawExchange.Answer abandon(String local, byte[] audio) throws IOException {
            try (Socket s = server.connect(null)) {
                byte[] head = ("POST /v1/predict HTTP/1.1\r\nHost: " + local + "\r\nContent-Length: " + audio.length
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
                s.getOutputStream().write(head);
                s.getOutputStream().write(audio, 0, audio.length / 2);
                s.getOutputStream().flush();
            }
            return new RawExchange.Answer(NO_ANSWER, "abandoned");
        }
    }
}
