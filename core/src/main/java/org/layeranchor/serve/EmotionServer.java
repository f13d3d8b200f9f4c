package org.layeranchor.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.layeranchor.audio.Audio;
import org.layeranchor.audio.AudioException;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.audio.DeclaredDuration;
import org.layeranchor.encoder.EncoderException;

/**
 * The HTTP service around an {@link EmotionPredictor} (the JDK's {@code HttpServer}, no framework):
 *
 * <pre>
 *   POST /v1/predict   body = a WAV, FLAC or MP3 file   → 200 {@link PredictionJson}
 *   GET  /v1/model     what the model is                 → 200 {@link ModelJson}
 *   GET  /healthz      liveness and load                 → 200 {"status": "ok", ...}
 *   GET  /             a page to upload or record audio and see the probabilities
 * </pre>
 * Every error is JSON {"error": code, "message": text}: 400 undecodable or empty audio (with the
 * decoder's message), 404 unknown path, 405 wrong method, 413 body or audio over the limits, 415 a
 * form instead of a file, 503 busy (the queue is full) or timed out, 500 anything else.
 *
 * <p>How load is bounded: HTTP threads only route requests and read bodies (at most
 * {@link Options#maxBodyBytes()}, refused from Content-Length before reading when it says more) and
 * refuse audio whose header declares more than {@link Options#maxAudioSeconds()} ({@link DeclaredDuration})
 * before it is decoded;
 * decoding and inference run on {@link Options#workers()} workers behind a queue of
 * {@link Options#queueCapacity()} requests, and a request that finds the queue full is answered 503 at
 * once. A request with no answer {@link Options#requestTimeout()} after it arrived is answered 503
 * (if it was still queued it is dropped; a running inference finishes, its result unused). Slow
 * uploads are cut by the JDK server's {@code sun.net.httpserver.maxReqTime}, which {@link #start} sets
 * to the request timeout unless it is already set (a process-wide setting, read when the first server
 * starts). No part of a request is ever used as a file name: the page is read from the class path
 * once, at start.
 */
public final class EmotionServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmotionServer.class.getName());
    private static final ObjectMapper JSON = PredictionJson.JSON;
    static final String PAGE_RESOURCE = "/org/layeranchor/serve/index.html";
    /** What the decoder is told the audio is called: never anything from the request. */
    static final String BODY_SOURCE = "request body";

    /**
     * @param host            address to bind; loopback unless deliberately opened ["127.0.0.1"]
     * @param port            TCP port; 0 = any free port (see {@link #port()}) [8080]
     * @param maxBodyBytes    largest accepted request body [64 MiB]
     * @param maxAudioSeconds longest accepted audio after decoding [300]
     * @param requestTimeout  from arrival to answer, queueing included [60 s]
     * @param workers         requests decoded and predicted at once [1]
     * @param queueCapacity   requests waiting for a worker before 503 [8]
     */
    public record Options(String host, int port, long maxBodyBytes, double maxAudioSeconds, Duration requestTimeout,
                          int workers, int queueCapacity) {
        public Options {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be in 0..65535, got " + port);
            }
            if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("the body limit must be between 1 byte and 2 GiB, got " + maxBodyBytes);
            }
            if (!(maxAudioSeconds > 0)) {
                throw new IllegalArgumentException("the audio length limit must be positive, got " + maxAudioSeconds);
            }
            if (requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("the request timeout must be positive, got " + requestTimeout);
            }
            if (workers < 1 || queueCapacity < 0) {
                throw new IllegalArgumentException("need at least 1 worker and a queue of 0 or more, got " + workers
                        + " and " + queueCapacity);
            }
        }

        public static Options defaults() {
            return new Options("127.0.0.1", 8080, 64L << 20, 300, Duration.ofSeconds(60), 1, 8);
        }

        public Options withHost(String h) {
            return new Options(h, port, maxBodyBytes, maxAudioSeconds, requestTimeout, workers, queueCapacity);
        }

        public Options withPort(int p) {
            return new Options(host, p, maxBodyBytes, maxAudioSeconds, requestTimeout, workers, queueCapacity);
        }

        public Options withLimits(long bodyBytes, double audioSeconds, Duration timeout) {
            return new Options(host, port, bodyBytes, audioSeconds, timeout, workers, queueCapacity);
        }

        public Options withWorkers(int w, int queue) {
            return new Options(host, port, maxBodyBytes, maxAudioSeconds, requestTimeout, w, queue);
        }
    }

    private final EmotionPredictor predictor;
    private final Options options;
    private final HttpServer http;
    private final ExecutorService httpThreads;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timer;
    private final byte[] page;
    private final byte[] modelJson;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();

    private EmotionServer(EmotionPredictor predictor, Options options) throws IOException {
        this.predictor = predictor;
        this.options = options;
        this.page = readPage();
        this.modelJson = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(ModelJson.of(predictor, options));
        this.workers = new ThreadPoolExecutor(options.workers(), options.workers(), 0, TimeUnit.MILLISECONDS,
                options.queueCapacity() == 0 ? new java.util.concurrent.SynchronousQueue<>()
                        : new ArrayBlockingQueue<>(options.queueCapacity()),
                daemonThreads("layeranchor-predict"), new ThreadPoolExecutor.AbortPolicy());
        // HTTP threads never run inference, so a few suffice; their queue is unbounded so that the JDK
        // server never sees a rejection (it would drop the connection without an answer).
        this.httpThreads = Executors.newFixedThreadPool(Math.max(4, 2 * options.workers()), daemonThreads("layeranchor-http"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("layeranchor-timeout"));
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime",
                    Long.toString(Math.max(1, options.requestTimeout().toSeconds())));
        }
        this.http = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 64);
        http.createContext("/", this::route);
        http.setExecutor(httpThreads);
    }

    /** Binds and starts serving; {@link #close()} stops. */
    public static EmotionServer start(EmotionPredictor predictor, Options options) throws IOException {
        EmotionServer s = new EmotionServer(predictor, options);
        s.http.start();
        return s;
    }

    /** The bound port (the chosen one when {@link Options#port()} was 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** Base address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        String host = http.getAddress().getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    public Options options() {
        return options;
    }

    /**
     * Gives accepted requests up to a second to be answered (new ones get 503 meanwhile), then stops
     * listening and stops every thread.
     */
    @Override
    public void close() {
        workers.shutdown();
        try {
            workers.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // stop(0): HttpServer.stop(n) waits the full n seconds whenever a connection is still open.
        http.stop(0);
        workers.shutdownNow();
        httpThreads.shutdownNow();
        timer.shutdownNow();
    }

    private void route(HttpExchange ex) {
        long arrived = System.nanoTime();
        try {
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            switch (path) {
                case "/v1/predict" -> {
                    if (allow(ex, method, "POST")) {
                        predict(ex, arrived);
                    }
                }
                case "/v1/model" -> {
                    if (allow(ex, method, "GET")) {
                        send(ex, 200, "application/json", modelJson);
                    }
                }
                case "/healthz" -> {
                    if (allow(ex, method, "GET")) {
                        send(ex, 200, "application/json", json(health()));
                    }
                }
                case "/", "/index.html" -> {
                    if (allow(ex, method, "GET")) {
                        ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; "
                                + "style-src 'unsafe-inline'; connect-src 'self' data:; media-src 'self' blob:; img-src data:");
                        send(ex, 200, "text/html; charset=utf-8", page);
                    }
                }
                default -> error(ex, 404, "not_found", "no such endpoint (there are GET /, GET /healthz, GET /v1/model "
                        + "and POST /v1/predict)");
            }
        } catch (IOException e) {
            // The client went away while we read or wrote; nothing left to answer.
            LOG.log(Level.FINE, "request dropped", e);
            ex.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "request failed", e);
            error(ex, 500, "internal_error", "the server failed: " + e);
        }
    }

    /** Answers 405 (with the Allow header) unless the method is the one this path takes. */
    private boolean allow(HttpExchange ex, String method, String allowed) {
        if (method.equals(allowed)) {
            return true;
        }
        ex.getResponseHeaders().set("Allow", allowed);
        error(ex, 405, "method_not_allowed", method + " is not allowed here; use " + allowed);
        return false;
    }

    private void predict(HttpExchange ex, long arrived) throws IOException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        // Only multipart forms wrap the file; curl --data-binary labels the raw bytes as
        // x-www-form-urlencoded by default, and the audio is recognised by its content anyway.
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            error(ex, 415, "unsupported_media_type", "send the audio file itself as the request body "
                    + "(e.g. curl --data-binary @clip.wav), not a multipart form");
            return;
        }
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                error(ex, 400, "bad_request", "Content-Length is not a number");
                return;
            }
            if (declared > options.maxBodyBytes()) {
                tooLarge(ex, declared);
                return;
            }
        }
        byte[] body = readAtMost(ex.getRequestBody(), options.maxBodyBytes());
        if (body == null) {
            tooLarge(ex, -1);
            return;
        }
        if (body.length == 0) {
            error(ex, 400, "empty_body", "the request has no body: send a WAV, FLAC or MP3 file as the body");
            return;
        }
        // Refuse long audio by its header before decoding: a few kilobytes of FLAC can declare hours.
        Optional<DeclaredDuration.Estimate> declared = DeclaredDuration.of(body);
        if (declared.isPresent()) {
            // An MP3 bit-rate estimate can be off for variable bit rates: only a clear excess counts.
            double atLeast = declared.get().exact() ? declared.get().seconds() : declared.get().seconds() / 2;
            if (atLeast > options.maxAudioSeconds()) {
                error(ex, 413, "audio_too_long", String.format(Locale.ROOT, "the audio's header declares %.1f s; this "
                        + "server accepts at most %.1f s", declared.get().seconds(), options.maxAudioSeconds()));
                return;
            }
        }
        Answer answer = new Answer(ex);
        Future<?> job;
        try {
            job = workers.submit(() -> runPrediction(answer, body));
        } catch (RejectedExecutionException e) {
            rejected.incrementAndGet();
            ex.getResponseHeaders().set("Retry-After", "1");
            answer.error(503, "busy", "all " + options.workers() + " workers are busy and " + options.queueCapacity()
                    + " requests are waiting; try again shortly");
            return;
        }
        long remaining = options.requestTimeout().toNanos() - (System.nanoTime() - arrived);
        timer.schedule(() -> {
            if (!answer.isAnswered()) {
                workers.remove((Runnable) job); // still queued: free its place; running: it finishes unheard
                if (answer.error(503, "timeout", "no answer within " + options.requestTimeout().toMillis() + " ms")) {
                    timedOut.incrementAndGet();
                }
            }
        }, Math.max(0, remaining), TimeUnit.NANOSECONDS);
    }

    private void runPrediction(Answer answer, byte[] body) {
        if (answer.isAnswered()) {
            return; // timed out while queued
        }
        try {
            Audio audio = AudioReader.read(body, BODY_SOURCE);
            if (audio.durationSeconds() > options.maxAudioSeconds()) {
                answer.error(413, "audio_too_long", String.format(Locale.ROOT,
                        "the audio lasts %.1f s; this server accepts at most %.1f s", audio.durationSeconds(),
                        options.maxAudioSeconds()));
                return;
            }
            Prediction p = predictor.predict(audio);
            if (answer.send(200, "application/json", json(PredictionJson.of(p)))) {
                answered.incrementAndGet();
            }
        } catch (AudioException e) {
            answer.error(400, "undecodable_audio", e.getMessage());
        } catch (EncoderException | RuntimeException e) {
            LOG.log(Level.WARNING, "prediction failed", e);
            answer.error(500, "prediction_failed", e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void tooLarge(HttpExchange ex, long declared) {
        error(ex, 413, "body_too_large", (declared >= 0 ? "the body has " + declared + " bytes; " : "the body is too large; ")
                + "this server accepts at most " + options.maxBodyBytes() + " bytes");
    }

    private ObjectNode health() {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", "ok");
        o.put("workers", options.workers());
        o.put("busy", workers.getActiveCount());
        o.put("queued", workers.getQueue().size());
        o.put("queue_capacity", options.queueCapacity());
        o.put("answered", answered.get());
        o.put("rejected_busy", rejected.get());
        o.put("timed_out", timedOut.get());
        return o;
    }

    /**
     * One answer per request, whichever of the worker and the timeout comes first: the other's
     * answer is dropped.
     */
    private static final class Answer {
        private final HttpExchange exchange;
        private final AtomicBoolean answered = new AtomicBoolean();

        Answer(HttpExchange exchange) {
            this.exchange = exchange;
        }

        boolean isAnswered() {
            return answered.get();
        }

        boolean send(int status, String type, byte[] body) {
            if (!answered.compareAndSet(false, true)) {
                return false;
            }
            try {
                EmotionServer.send(exchange, status, type, body);
            } catch (IOException e) {
                LOG.log(Level.FINE, "client went away before the answer", e);
                exchange.close();
            }
            return true;
        }

        boolean error(int status, String code, String message) {
            return send(status, "application/json", errorBody(code, message));
        }
    }

    private static void error(HttpExchange ex, int status, String code, String message) {
        try {
            send(ex, status, "application/json", errorBody(code, message));
        } catch (IOException e) {
            LOG.log(Level.FINE, "client went away before the error", e);
            ex.close();
        }
    }

    static byte[] errorBody(String code, String message) {
        return json(JSON.createObjectNode().put("error", code).put("message", message));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** The whole stream, or null as soon as it holds more than {@code limit} bytes. */
    static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > limit) {
                return null;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] json(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readPage() throws IOException {
        try (InputStream in = EmotionServer.class.getResourceAsStream(PAGE_RESOURCE)) {
            if (in == null) {
                throw new IOException("the web page " + PAGE_RESOURCE + " is missing from the class path");
            }
            return in.readAllBytes();
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
