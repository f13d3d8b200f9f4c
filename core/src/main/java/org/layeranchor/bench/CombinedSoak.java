package org.layeranchor.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The soak of issue 25's "done when": {@link ServeSoak}'s mix of valid and hostile requests (its
 * PREDICT requests are the valid ones, real clips in turn), while at the same time trickling uploads
 * ({@link TricklingUploads}) and 299 s of compressed silence ({@link SilenceUploads}) are sent,
 * {@code /healthz} is probed every second ({@link HealthProbe}) and the server's heap after a full
 * collection is sampled ({@link HeapSampler}). Its goals: at least {@link #MIN_OK_SHARE} of the valid
 * predictions answered 200, every other kind of the mix answered as it must be, every silence file
 * answered 200 or (when the service's timeout passed first) 503, {@code /healthz} answered throughout,
 * and the heap after GC flat.
 */
public final class CombinedSoak {
    /** The share of valid predictions that must be answered 200. */
    public static final double MIN_OK_SHARE = 0.80;
    /** The longest time {@code /healthz} may go without an answer of 200. */
    public static final double MAX_HEALTH_GAP_SECONDS = 5;

    /**
     * @param mix             the valid and hostile requests (their duration is the soak's)
     * @param trickling       connections trickling a 64-MiB upload at once (0 = none)
     * @param trickleInterval time between two bytes of a trickling upload
     * @param trickleFrom     the trickling client's address (e.g. 127.0.0.2: another client); null = any
     * @param silenceClients  clients sending compressed silence (0 = none)
     * @param silenceSeconds  the length of each silence file (299 s; less in tests)
     * @param memory          the server's memory, sampled every {@code memoryInterval}; null = not sampled
     * @param memoryInterval  time between two heap samples
     */
    public record Options(ServeSoak.Options mix, int trickling, Duration trickleInterval, InetAddress trickleFrom,
                          int silenceClients, double silenceSeconds, ServerMemory memory, Duration memoryInterval) {
        public Options {
            if (trickling < 0 || trickling > 64) {
                throw new IllegalArgumentException("trickling connections must be in 0..64, got " + trickling);
            }
            if (silenceClients < 0 || silenceClients > 64) {
                throw new IllegalArgumentException("silence clients must be in 0..64, got " + silenceClients);
            }
            if (trickleInterval.toMillis() < 1 || trickleInterval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("the trickle interval must be 1 ms to 60 s, got " + trickleInterval);
            }
            if (memoryInterval.toMillis() < 100 || memoryInterval.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("the heap sampling interval must be 0.1 s to 10 min, got " + memoryInterval);
            }
            if (!(silenceSeconds >= 1 && silenceSeconds <= 3600)) {
                throw new IllegalArgumentException("the silence must be 1 to 3600 s long, got " + silenceSeconds);
            }
        }

        /** The same soak, sampling {@code serverMemory}. */
        public Options withMemory(ServerMemory serverMemory) {
            return new Options(mix, trickling, trickleInterval, trickleFrom, silenceClients, silenceSeconds, serverMemory,
                    memoryInterval);
        }
    }

    /**
     * @param mix        the answers to the valid and hostile requests
     * @param trickling  how the trickling uploads ended
     * @param silence    the answers to the silence files
     * @param health     the {@code /healthz} probes
     * @param heap       the heap after GC over time (null when not sampled)
     * @param heapAtEnd  the heap after GC once the server was idle (bytes; -1 when not sampled)
     * @param peakRss    the server's peak resident memory (bytes; -1 when unknown)
     */
    public record Result(ServeSoak.Result mix, TricklingUploads.Result trickling, SilenceUploads.Result silence,
                         HealthProbe.Result health, HeapSampler.Result heap, long heapAtEnd, long peakRss) {
        public boolean validShareMet() {
            return mix.predictionsOkShare() >= MIN_OK_SHARE;
        }

        public boolean healthAnsweredThroughout() {
            return health.answeredThroughout(MAX_HEALTH_GAP_SECONDS);
        }

        /** True when flat, or when the heap was not sampled. */
        public boolean heapFlat() {
            return heap == null || heap.flat();
        }

        /** No silence file got 500 or no answer (200 is the answer; 503 where the service's timeout came first). */
        public boolean silenceNeverFailed() {
            return silence.failed() == 0;
        }

        /** The goals that failed, in words; empty when all were met. */
        public List<String> failedGoals() {
            List<String> failed = new ArrayList<>();
            if (!validShareMet()) {
                failed.add(String.format(Locale.ROOT, "valid predictions answered 200: %.1f %% < %.0f %%",
                        100 * mix.predictionsOkShare(), 100 * MIN_OK_SHARE));
            }
            if (mix.unexpectedOtherThanPredictions() > 0) {
                failed.add(mix.unexpectedOtherThanPredictions() + " hostile or health requests got an unexpected answer");
            }
            if (!silenceNeverFailed()) {
                failed.add(silence.failed() + " silence files answered neither 200 nor 503 (timeout)");
            }
            if (!healthAnsweredThroughout()) {
                failed.add("/healthz did not answer throughout");
            }
            if (!heapFlat()) {
                failed.add(heap.judgeable() ? "the heap after GC grew"
                        : "the heap after GC was not judged: too few samples after the adaptation window filled");
            }
            return failed;
        }

        public String toText() {
            StringBuilder sb = new StringBuilder(mix.toText());
            sb.append("trickling:  ").append(trickling.toText()).append('\n');
            sb.append("silence:    ").append(silence.toText()).append('\n');
            sb.append("healthz:    ").append(health.toText()).append('\n');
            if (heap != null) {
                sb.append("heap after GC: ").append(heap.toText()).append('\n');
                sb.append(String.format(Locale.ROOT, "heap after GC once the server was idle again: %.1f MB; peak RSS %s%n",
                        heapAtEnd / 1e6, peakRss < 0 ? "unknown" : String.format(Locale.ROOT, "%.0f MB", peakRss / 1e6)));
            }
            List<String> failed = failedGoals();
            sb.append(String.format(Locale.ROOT, "goals:      %s%n", failed.isEmpty()
                    ? "all met (valid predictions >= 80 % answered 200, hostile kinds as expected, silence "
                    + "never 500 or unanswered, /healthz throughout, heap flat)" : "FAILED: " + String.join("; ", failed)));
            return sb.toString();
        }
    }

    private CombinedSoak() {
    }

    public static Result run(Options o) throws IOException, InterruptedException {
        ServeBenchmark.requireLoopback(o.mix().base());
        long t0 = System.nanoTime();
        long deadline = t0 + o.mix().duration().toNanos();
        TricklingUploads trickling = new TricklingUploads(o.mix().base(), o.trickleFrom(), o.trickleInterval());
        SilenceUploads silence = new SilenceUploads(o.mix().base(), o.silenceSeconds());
        HealthProbe health = new HealthProbe(o.mix().base(), Duration.ofSeconds(1));
        HeapSampler heap = o.memory() == null ? null
                : new HeapSampler(o.memory(), new AdaptationWindow(o.mix().base()), o.memoryInterval());
        if (heap != null) {
            heap.start(t0, deadline);
        }
        health.start(deadline);
        trickling.start(o.trickling(), deadline);
        silence.start(o.silenceClients(), deadline);
        ServeSoak.Result mix = ServeSoak.run(o.mix());
        TricklingUploads.Result trickled = trickling.awaitResult();
        SilenceUploads.Result silenced = silence.awaitResult();
        HealthProbe.Result probed = health.awaitResult();
        HeapSampler.Result sampled = heap == null ? null : heap.awaitResult();
        IdleServer.await(o.mix().base(), Duration.ofMinutes(5));
        long heapAtEnd = o.memory() == null ? -1 : o.memory().heapAfterGc();
        long peakRss = o.memory() == null ? -1 : o.memory().peakRss();
        return new Result(mix, trickled, silenced, probed, sampled, heapAtEnd, peakRss);
    }
}
