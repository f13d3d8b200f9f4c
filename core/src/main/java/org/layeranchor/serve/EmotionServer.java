package org.layeranchor.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.layeranchor.audio.Audio;
import org.layeranchor.audio.AudioException;
import org.layeranchor.audio.AudioLimits;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.audio.DeclaredDuration;

/**
 * The HTTP service around an {@link EmotionPredictor}, on Jetty's core server (no servlets):
 *
 * <pre>
 *   POST /v1/predict   body = a WAV, FLAC or MP3 file   → 200 {@link PredictionJson}
 *   POST /v1/predict?speaker=ID  the same, standardised with that speaker's statistics ({@link SpeakerAnswer})
 *   GET  /v1/model     what the model is                 → 200 {@link ModelJson}
 *   GET  /healthz      liveness and load                 → 200 {"status": "ok", ...}
 *   GET  /             a page to upload or record audio and see the probabilities
 * </pre>
 * HEAD is answered on every GET route. Every error is JSON {"error": code, "message": text}, the
 * ones Jetty raises while parsing included ({@link JsonErrorHandler}): 400 malformed request or
 * undecodable audio, 403 a foreign Host or Origin ({@link HostAndOriginPolicy}), 404 unknown path,
 * 405 wrong method, 408 a body not received in time, 413 body or audio over the limits, 414/431 a
 * URL or headers over the limits, 415 a form instead of a file, 500 a failed prediction (logged),
 * 503 busy or timed out.
 *
 * <p>Why Jetty and not the JDK's {@code com.sun.net.httpserver}: that server answers malformed
 * requests (a negative Content-Length, a bad request line, {@code //healthz}) with its own HTML pages,
 * closes the connection without an answer on a 1-MB URL, has no per-connection read timeout, and
 * holds one of its threads per connection while a client trickles its headers (4 such clients
 * left {@code /healthz} answering 7 probes in 48). {@code EmotionServerHostileClientTest} checks
 * the answers now given to each of these.
 *
 * <p>How load is bounded:
 * <ul>
 *   <li>connections: at most {@link Options#maxConnections()} open (Jetty stops accepting above it);
 *   a connection must deliver a complete request's headers within {@link Options#readTimeout()} of
 *   opening or of its previous answer ({@link SlowConnectionReaper}), and a body may pause at most
 *   that long (Jetty's idle timeout). Reading is asynchronous: a slow client holds no thread.</li>
 *   <li>memory: a body is refused from its Content-Length before it is read when it is over
 *   {@link Options#maxBodyBytes()}, and bodies held at once (read, queued or predicted) never exceed
 *   {@link Options#maxBufferedBytes()} in all ({@link UploadBudget}), each counted by the bytes that
 *   have arrived, not the size declared ({@link BodyReader}); past that, 503.</li>
 *   <li>uploads: a body must arrive at {@link Options#minUploadBytesPerSecond()} on average after a
 *   2-s grace ({@link MinimumDataRate}; 408 and the connection closed), and one client address may
 *   have at most {@link Options#maxUploadsPerClient()} uploads in progress ({@link UploadsPerClient};
 *   503 past it).</li>
 *   <li>work: audio whose header declares more than {@link Options#maxAudioSeconds()} is refused
 *   before decoding ({@link DeclaredDuration}); decoding and inference run on
 *   {@link Options#workers()} workers behind a queue of {@link Options#queueCapacity()}, and a
 *   request that finds the queue full is answered 503 at once.</li>
 *   <li>time: a request with no answer {@link Options#requestTimeout()} after its headers arrived is
 *   answered (408 while its body is still arriving, 503 after); if it was still queued it is dropped,
 *   a running inference finishes and its result is unused. A prediction that fails, an
 *   {@link Error} included, is logged and answered 500 at once.</li>
 * </ul>
 * No part of a request is ever used as a file name: the page is read from the class path once, at start.
 */
public final class EmotionServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmotionServer.class.getName());
    /** Jetty announces every start and stop at INFO; only its warnings are worth a line on stderr. Held so it is not collected. */
    private static final Logger JETTY_LOG = quiet(Logger.getLogger("org.eclipse.jetty"));
    private static final ObjectMapper JSON = PredictionJson.JSON;
    static final String PAGE_RESOURCE = "/org/layeranchor/serve/index.html";
    /** What the decoder is told the audio is called: never anything from the request. */
    static final String BODY_SOURCE = "request body";
    /**
     * Request line plus headers; a longer URL is answered 414, longer headers 431. Large enough for
     * the page's {@code ?audio=data:...} test hook with a second of WAV (about 45 kB).
     */
    static final int MAX_HEADER_BYTES = 64 * 1024;
    /** The longest request or read timeout. */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(1);

    /**
     * @param host             address to bind; loopback unless deliberately opened ["127.0.0.1"]
     * @param port             TCP port; 0 = any free port (see {@link #port()}) [8080]
     * @param maxBodyBytes     largest accepted request body [64 MiB]
     * @param maxAudioSeconds  longest accepted audio after decoding [300]
     * @param requestTimeout   from a request's headers to its answer, upload and queueing included [60 s]
     * @param workers          requests decoded and predicted at once [1]
     * @param queueCapacity    requests waiting for a worker before 503 [8]
     * @param readTimeout      longest wait for a request's headers, or for more of its body [20 s]
     * @param maxConnections   connections open at once; more wait to be accepted [64]
     * @param maxBufferedBytes request bodies held in memory at once, in all [256 MiB]
     * @param allowedHosts     Host names accepted besides the loopback ones and the bound address; "*" any [none]
     * @param corsOrigins      origins whose web pages may call the service [none]
     * @param minUploadBytesPerSecond slowest average a body may arrive at, after a 2-s grace; 0 = any [16 KiB/s]
     * @param maxUploadsPerClient     uploads one client address may have in progress at once [8]
     */
    public record Options(String host, int port, long maxBodyBytes, double maxAudioSeconds, Duration requestTimeout,
                          int workers, int queueCapacity, Duration readTimeout, int maxConnections,
                          long maxBufferedBytes, List<String> allowedHosts, List<String> corsOrigins,
                          long minUploadBytesPerSecond, int maxUploadsPerClient) {
        public Options {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be in 0..65535, got " + port);
            }
            if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("the body limit must be between 1 byte and 2 GiB, got " + maxBodyBytes);
            }
            if (!(maxAudioSeconds > 0) || !Double.isFinite(maxAudioSeconds)) {
                throw new IllegalArgumentException("the audio length limit must be a positive number of seconds, got "
                        + maxAudioSeconds);
            }
            // Timeouts are scheduled in nanoseconds: a day is far past any use and far from overflowing.
            if (requestTimeout.isNegative() || requestTimeout.isZero() || requestTimeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("the request timeout must be positive and at most a day, got "
                        + requestTimeout);
            }
            if (workers < 1 || queueCapacity < 0) {
                throw new IllegalArgumentException("need at least 1 worker and a queue of 0 or more, got " + workers
                        + " and " + queueCapacity);
            }
            if (readTimeout.isNegative() || readTimeout.isZero() || readTimeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("the read timeout must be positive and at most a day, got " + readTimeout);
            }
            if (maxConnections < 1) {
                throw new IllegalArgumentException("need at least 1 connection, got " + maxConnections);
            }
            if (maxBufferedBytes < maxBodyBytes) {
                throw new IllegalArgumentException("the memory for request bodies (" + maxBufferedBytes
                        + " bytes) must hold at least one body at the limit (" + maxBodyBytes + " bytes)");
            }
            if (minUploadBytesPerSecond < 0) {
                throw new IllegalArgumentException("the minimum upload rate must not be negative, got "
                        + minUploadBytesPerSecond);
            }
            if (maxUploadsPerClient < 1) {
                throw new IllegalArgumentException("need at least 1 upload per client, got " + maxUploadsPerClient);
            }
            allowedHosts = List.copyOf(allowedHosts);
            corsOrigins = List.copyOf(corsOrigins);
            for (String o : corsOrigins) {
                URI u = URI.create(o);
                if (u.getScheme() == null || u.getHost() == null || !(u.getPath() == null || u.getPath().isEmpty())) {
                    throw new IllegalArgumentException("a CORS origin is scheme://host[:port], e.g. http://localhost:3000; got " + o);
                }
            }
        }

        public static Options defaults() {
            return new Options("127.0.0.1", 8080, 64L << 20, 300, Duration.ofSeconds(60), 1, 8, Duration.ofSeconds(20),
                    64, 256L << 20, List.of(), List.of(), MinimumDataRate.DEFAULT_BYTES_PER_SECOND, 8);
        }

        public Options withHost(String h) {
            return new Options(h, port, maxBodyBytes, maxAudioSeconds, requestTimeout, workers, queueCapacity,
                    readTimeout, maxConnections, maxBufferedBytes, allowedHosts, corsOrigins,
                    minUploadBytesPerSecond, maxUploadsPerClient);
        }

        public Options withPort(int p) {
            return new Options(host, p, maxBodyBytes, maxAudioSeconds, requestTimeout, workers, queueCapacity,
                    readTimeout, maxConnections, maxBufferedBytes, allowedHosts, corsOrigins,
                    minUploadBytesPerSecond, maxUploadsPerClient);
        }

        /** Sets the body and audio limits and the request timeout; the body memory grows to hold one body if needed. */
        public Options withLimits(long bodyBytes, double audioSeconds, Duration timeout) {
            return new Options(host, port, bodyBytes, audioSeconds, timeout, workers, queueCapacity, readTimeout,
                    maxConnections, Math.max(maxBufferedBytes, bodyBytes), allowedHosts, corsOrigins,
                    minUploadBytesPerSecond, maxUploadsPerClient);
        }

        public Options withWorkers(int w, int queue) {
            return new Options(host, port, maxBodyBytes, maxAudioSeconds, requestTimeout, w, queue, readTimeout,
                    maxConnections, maxBufferedBytes, allowedHosts, corsOrigins,
                    minUploadBytesPerSecond, maxUploadsPerClient);
        }

        public Options withConnections(Duration read, int max, long bufferedBytes) {
            return new Options(host, port, maxBodyBytes, maxAudioSeconds, requestTimeout, workers, queueCapacity, read,
                    max, bufferedBytes, allowedHosts, corsOrigins,
                    minUploadBytesPerSecond, maxUploadsPerClient);
        }

        public Options withOrigins(List<String> hosts, List<String> cors) {
            return new Options(host, port, maxBodyBytes, maxAudioSeconds, requestTimeout, workers, queueCapacity,
                    readTimeout, maxConnections, maxBufferedBytes, hosts, cors, minUploadBytesPerSecond, maxUploadsPerClient);
        }

        /** Sets the slowest average upload rate (bytes per second, 0 = any) and the uploads per client address. */
        public Options withUploadPolicy(long minBytesPerSecond, int perClient) {
            return new Options(host, port, maxBodyBytes, maxAudioSeconds, requestTimeout, workers, queueCapacity,
                    readTimeout, maxConnections, maxBufferedBytes, allowedHosts, corsOrigins, minBytesPerSecond, perClient);
        }
    }

    private final EmotionPredictor predictor;
    private final Options options;
    private final Server server;
    private final ServerConnector connector;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timer;
    private final SlowConnectionReaper reaper;
    private final UploadBudget budget;
    private final UploadsPerClient uploadsPerClient;
    private final MinimumDataRate uploadRate;
    private final HostAndOriginPolicy policy;
    private final byte[] page;
    private final byte[] modelJson;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    /** Predictions stopped part-way because their request had been answered with its timeout. */
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong slowUploads = new AtomicLong();
    private final AtomicLong refusedOrigin = new AtomicLong();

    private EmotionServer(EmotionPredictor predictor, Options options) throws IOException {
        this.predictor = predictor;
        this.options = options;
        this.page = readPage();
        this.modelJson = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(ModelJson.of(predictor, options));
        this.workers = new ThreadPoolExecutor(options.workers(), options.workers(), 0, TimeUnit.MILLISECONDS,
                options.queueCapacity() == 0 ? new SynchronousQueue<>()
                        : new ArrayBlockingQueue<>(options.queueCapacity()),
                daemonThreads("layeranchor-predict"), new ThreadPoolExecutor.AbortPolicy());
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemonThreads("layeranchor-timeout"));
        t.setRemoveOnCancelPolicy(true); // answered requests' timeouts leave the queue at once
        this.timer = t;
        this.reaper = new SlowConnectionReaper(options.readTimeout().toMillis());
        this.budget = new UploadBudget(options.maxBufferedBytes());
        this.uploadsPerClient = new UploadsPerClient(options.maxUploadsPerClient());
        this.uploadRate = MinimumDataRate.of(options.minUploadBytesPerSecond());
        this.policy = new HostAndOriginPolicy(options.host(), options.allowedHosts(), options.corsOrigins());

        // HTTP threads only route and answer (bodies are read asynchronously, predictions run on the
        // workers), so a few suffice whatever the number of connections.
        QueuedThreadPool httpThreads = new QueuedThreadPool(16, 2);
        httpThreads.setName("layeranchor-http");
        httpThreads.setDaemon(true);
        this.server = new Server(httpThreads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        // Routing compares the raw path with the four routes, so odd paths (//healthz, /../etc) are
        // simply unknown (404) rather than normalised or refused by Jetty first.
        http.setUriCompliance(UriCompliance.UNSAFE);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(options.readTimeout().toMillis());
        connector.addBean(reaper);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(options.maxConnections(), connector));
        server.setErrorHandler(new JsonErrorHandler());
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                route(new Exchange(request, response, callback));
                return true;
            }
        });
    }

    /** Binds and starts serving; {@link #close()} stops. */
    public static EmotionServer start(EmotionPredictor predictor, Options options) throws IOException {
        EmotionServer s = new EmotionServer(predictor, options);
        try {
            s.server.start();
        } catch (IOException e) {
            s.close();
            throw e;
        } catch (Exception e) {
            s.close();
            throw new IOException("could not start the HTTP server on " + options.host() + ":" + options.port() + ": "
                    + e.getMessage(), e);
        }
        s.reaper.start(s.timer);
        return s;
    }

    /** The bound port (the chosen one when {@link Options#port()} was 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Base address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        String host = new InetSocketAddress(options.host(), port()).getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    public Options options() {
        return options;
    }

    /** The Host names this server answers to (see {@link HostAndOriginPolicy}). */
    public List<String> acceptedHostNames() {
        return policy.hostNames();
    }

    /**
     * Gives accepted requests up to a second to be answered (new ones get 503 meanwhile), then stops
     * listening and stops every thread.
     */
    @Override
    public void close() {
        // Closing from an interrupted thread (serve stopped from Java) would break Jetty's orderly
        // stop of its selector; the interrupt is kept for the caller.
        boolean interrupted = Thread.interrupted();
        try {
            workers.shutdown();
            workers.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        reaper.stop();
        try {
            server.setStopTimeout(0);
            server.stop();
        } catch (Exception e) {
            LOG.log(Level.FINE, "stopping the HTTP server", e);
        }
        workers.shutdownNow();
        timer.shutdownNow();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One request and its single answer: whichever of the worker, the timeout and a read failure
     * comes first answers; the others' answers are dropped.
     */
    private final class Exchange {
        final Request request;
        final Response response;
        private final Callback callback;
        private final Connection connection;
        private final AtomicBoolean done = new AtomicBoolean();
        /** Close the connection once the answer is written, whatever Jetty would do with it. */
        volatile boolean closeAfterAnswer;

        Exchange(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.connection = request.getConnectionMetaData().getConnection();
            reaper.requestStarted(connection);
        }

        String header(HttpHeader h) {
            return request.getHeaders().get(h);
        }

        boolean isAnswered() {
            return done.get();
        }

        /** Takes the right to answer: true once, for whoever comes first. */
        boolean claim() {
            return done.compareAndSet(false, true);
        }

        boolean send(int status, String type, byte[] body) {
            if (!claim()) {
                return false;
            }
            write(status, type, body);
            return true;
        }

        /** Writes the answer; only after {@link #claim()}. */
        void write(int status, String type, byte[] body) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            boolean head = "HEAD".equals(request.getMethod());
            response.write(true, head ? null : ByteBuffer.wrap(body), Callback.from(() -> {
                reaper.requestFinished(connection);
                callback.succeeded();
                if (closeAfterAnswer) {
                    connection.getEndPoint().close();
                }
            }, failure -> {
                reaper.requestFinished(connection);
                LOG.log(Level.FINE, "client went away before the answer", failure);
                callback.failed(failure);
            }));
        }

        boolean error(int status, String code, String message) {
            return send(status, "application/json", errorBody(code, message));
        }

        /**
         * Answers an error to a request whose body is not wanted, after reading and dropping that body
         * (when it is within the body limit): a client still sending it would otherwise have its
         * connection closed under it and lose the answer. Nothing of it is kept or decoded.
         */
        void refuse(int status, String code, String message) {
            long length = request.getLength();
            if (length <= 0 || length > options.maxBodyBytes()) {
                error(status, code, message);
                return;
            }
            Content.Source.consumeAll(request, Callback.from(() -> error(status, code, message),
                    failure -> error(status, code, message)));
        }
    }

    private void route(Exchange ex) {
        try {
            if (HttpMethod.CONNECT.is(ex.request.getMethod())) {
                // Jetty keeps a CONNECT connection open for a tunnel, even with Connection: close; this is no proxy.
                ex.closeAfterAnswer = true;
                ex.response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
                ex.error(405, "method_not_allowed", "this server is not a proxy: CONNECT is not allowed");
                return;
            }
            String host = ex.header(HttpHeader.HOST);
            if (!policy.hostAllowed(host)) {
                refusedOrigin.incrementAndGet();
                ex.refuse(403, "forbidden_host", "this service answers only to the Host names " + policy.hostNames()
                        + ", not '" + host + "' (start it with --allow-host NAME to add one)");
                return;
            }
            String origin = ex.header(HttpHeader.ORIGIN);
            if (!policy.originAllowed(origin, ex.request.getHeaders().get("Sec-Fetch-Site"), host)) {
                refusedOrigin.incrementAndGet();
                ex.refuse(403, "forbidden_origin", "requests from other web pages are refused"
                        + (origin == null ? "" : " (Origin " + origin + ")") + "; start the service with --cors ORIGIN to "
                        + "allow one");
                return;
            }
            if (policy.isCorsOrigin(origin, host)) {
                ex.response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
                ex.response.getHeaders().put(HttpHeader.VARY, "Origin");
            }
            String path = ex.request.getHttpURI().getPath();
            String method = ex.request.getMethod();
            switch (path == null ? "" : path) {
                case "/v1/predict" -> {
                    if (allow(ex, method, "POST")) {
                        predict(ex);
                    }
                }
                case "/v1/model" -> {
                    if (allow(ex, method, "GET")) {
                        // Adapting to recent requests changes the statistics and the window's state: say it as it is now.
                        ex.send(200, "application/json", predictor.adaptation().isEmpty()
                                && predictor.speakerMemory() == null ? modelJson
                                : json(ModelJson.of(predictor, options)));
                    }
                }
                case "/healthz" -> {
                    if (allow(ex, method, "GET")) {
                        ex.send(200, "application/json", json(health()));
                    }
                }
                case "/", "/index.html" -> {
                    if (allow(ex, method, "GET")) {
                        ex.response.getHeaders().put("Content-Security-Policy", "default-src 'none'; script-src "
                                + "'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self' data:; media-src 'self' "
                                + "blob:; img-src data:");
                        ex.send(200, "text/html; charset=utf-8", page);
                    }
                }
                default -> ex.refuse(404, "not_found", "no such endpoint (there are GET /, GET /healthz, GET /v1/model "
                        + "and POST /v1/predict)");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "request failed", e);
            ex.error(500, "internal_error", "the server failed: " + e);
        }
    }

    /**
     * Answers 405 (with the Allow header) unless the method is the one this path takes; HEAD is
     * allowed wherever GET is, OPTIONS is the CORS preflight (answered 204).
     */
    private boolean allow(Exchange ex, String method, String allowed) {
        String allowHeader = allowed.equals("GET") ? "GET, HEAD" : allowed;
        if (method.equals(allowed) || (method.equals("HEAD") && allowed.equals("GET"))) {
            return true;
        }
        ex.response.getHeaders().put(HttpHeader.ALLOW, allowHeader);
        if (method.equals("OPTIONS")) {
            ex.response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, allowed);
            ex.response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type");
            ex.response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, 600);
            ex.send(204, "text/plain", new byte[0]);
            return false;
        }
        ex.refuse(405, "method_not_allowed", method + " is not allowed here; use " + allowed);
        return false;
    }

    private void predict(Exchange ex) {
        PredictQuery query;
        try {
            query = PredictQuery.parse(ex.request.getHttpURI().getQuery());
        } catch (PredictQuery.BadQuery e) {
            ex.refuse(400, "bad_query", e.getMessage());
            return;
        }
        String type = ex.header(HttpHeader.CONTENT_TYPE);
        // Only multipart forms wrap the file; curl --data-binary labels the raw bytes as
        // x-www-form-urlencoded by default, and the audio is recognised by its content anyway.
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            ex.refuse(415, "unsupported_media_type", "send the audio file itself as the request body "
                    + "(e.g. curl --data-binary @clip.wav), not a multipart form");
            return;
        }
        long declared = ex.request.getLength(); // -1 for a chunked body; Jetty refuses a malformed Content-Length
        if (declared > options.maxBodyBytes()) {
            tooLarge(ex, declared);
            return;
        }
        InetAddress client = clientAddress(ex);
        if (!uploadsPerClient.tryAcquire(client)) {
            rejected.incrementAndGet();
            ex.response.getHeaders().put(HttpHeader.RETRY_AFTER, 1);
            ex.refuse(503, "too_many_uploads", "this client (" + client.getHostAddress() + ") already has "
                    + uploadsPerClient.max() + " uploads in progress, the most this server takes from one address; "
                    + "wait for their answers");
            return;
        }
        long first = BodyReader.firstBufferBytes(declared, options.maxBodyBytes());
        if (!budget.tryReserve(first)) {
            uploadsPerClient.release(client);
            busyWithUploads(ex);
            return;
        }
        // The read timeout is for the client: once the body is in, a prediction may take longer than
        // it without Jetty closing the connection (a stalled body read still fails, with 408).
        ex.request.addIdleTimeoutListener(timeout -> false);
        Upload upload = new Upload(ex, client, first, query.speaker());
        upload.timeout = timer.schedule(upload::timeUp, options.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        BodyReader.read(ex.request, declared, options.maxBodyBytes(), upload, uploadRate, upload);
    }

    private void busyWithUploads(Exchange ex) {
        rejected.incrementAndGet();
        ex.response.getHeaders().put(HttpHeader.RETRY_AFTER, 1);
        ex.refuse(503, "busy", "uploads in progress already hold " + budget.reserved() + " of the "
                + budget.capacity() + " bytes this server buffers; try again shortly");
    }

    /** The client's IP address (all of a Unix socket's clients share one placeholder). */
    private static InetAddress clientAddress(Exchange ex) {
        if (ex.request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress a
                && a.getAddress() != null) {
            return a.getAddress();
        }
        return InetAddress.getLoopbackAddress();
    }

    /**
     * One POST /v1/predict from its headers to its answer, holding its place under the per-client cap
     * and the memory its body has taken so far.
     */
    private final class Upload implements BodyReader.Outcome, BodyReader.Memory {
        final Exchange ex;
        private final InetAddress client;
        private long reserved;
        private boolean released;
        private volatile boolean bodyComplete;
        private volatile Future<?> job;
        volatile ScheduledFuture<?> timeout;

        /** The request's speaker id ("" for none). */
        private final String speaker;

        Upload(Exchange ex, InetAddress client, long reserved, String speaker) {
            this.ex = ex;
            this.client = client;
            this.reserved = reserved;
            this.speaker = speaker;
        }

        @Override
        public synchronized boolean reserve(long bytes) {
            if (released || !budget.tryReserve(bytes)) {
                return false;
            }
            reserved += bytes;
            return true;
        }

        /** Gives back its memory and its place; once answered, its timeout is no longer needed either. */
        void release() {
            synchronized (this) {
                if (!released) {
                    released = true;
                    budget.release(reserved);
                    uploadsPerClient.release(client);
                }
            }
            ScheduledFuture<?> t = timeout;
            if (t != null && ex.isAnswered()) {
                t.cancel(false);
            }
        }

        @Override
        public void noMemory() {
            release();
            rejected.incrementAndGet();
            // Mid-body: the rest is not read, so the connection cannot carry another request.
            ex.response.getHeaders().put(HttpHeader.CONNECTION, "close");
            ex.response.getHeaders().put(HttpHeader.RETRY_AFTER, 1);
            ex.error(503, "busy", "uploads in progress hold all " + budget.capacity() + " bytes this server buffers; "
                    + "try again shortly");
        }

        @Override
        public void tooSlow(long bytes, long elapsedNanos) {
            release();
            slowUploads.incrementAndGet();
            ex.response.getHeaders().put(HttpHeader.CONNECTION, "close");
            ex.error(408, "upload_too_slow", String.format(Locale.ROOT, "the body arrived at %.0f bytes/s "
                    + "(%d bytes in %.1f s); this server needs at least %d bytes/s", bytes / (elapsedNanos / 1e9), bytes,
                    elapsedNanos / 1e9, uploadRate.bytesPerSecond()));
        }

        @Override
        public void tooLarge() {
            release();
            EmotionServer.this.tooLarge(ex, -1);
        }

        @Override
        public void failed(Throwable cause) {
            release();
            if (cause instanceof TimeoutException) {
                ex.error(408, "request_timeout", "no more of the body arrived within " + options.readTimeout().toMillis()
                        + " ms");
            } else {
                ex.error(400, "bad_request", "the body could not be read: " + cause.getMessage());
            }
        }

        @Override
        public void received(byte[] body) {
            bodyComplete = true;
            if (ex.isAnswered()) {
                release();
                return;
            }
            if (body.length == 0) {
                release();
                ex.error(400, "empty_body", "the request has no body: send a WAV, FLAC or MP3 file as the body");
                return;
            }
            // Refuse long audio by its header before decoding: a few kilobytes of FLAC can declare hours.
            Optional<DeclaredDuration.Estimate> length = DeclaredDuration.of(body);
            if (length.isPresent()) {
                // An MP3 bit-rate estimate can be off for variable bit rates: only a clear excess counts.
                double atLeast = length.get().exact() ? length.get().seconds() : length.get().seconds() / 2;
                if (atLeast > options.maxAudioSeconds()) {
                    release();
                    ex.error(413, "audio_too_long", String.format(Locale.ROOT, "the audio's header declares %.1f s; "
                            + "this server accepts at most %.1f s", length.get().seconds(), options.maxAudioSeconds()));
                    return;
                }
            }
            try {
                job = workers.submit(() -> runPrediction(body));
            } catch (RejectedExecutionException e) {
                release();
                rejected.incrementAndGet();
                ex.response.getHeaders().put(HttpHeader.RETRY_AFTER, 1);
                ex.error(503, "busy", "all " + options.workers() + " workers are busy and " + options.queueCapacity()
                        + " requests are waiting; try again shortly");
            }
        }

        void timeUp() {
            if (ex.isAnswered()) {
                return;
            }
            Future<?> queued = job;
            boolean neverRan = queued != null && workers.remove((Runnable) queued);
            if (neverRan) {
                release(); // it never ran: free its place and its memory now
            }
            boolean answered = bodyComplete
                    ? ex.error(503, "timeout", "no answer within " + options.requestTimeout().toMillis() + " ms")
                    : ex.error(408, "request_timeout", "the body did not arrive within "
                            + options.requestTimeout().toMillis() + " ms");
            if (answered) {
                timedOut.incrementAndGet();
                if (queued != null && !neverRan) {
                    // Running, and answered just now (first, so that the worker cannot answer in
                    // between): nobody will read its result. Interrupting stops a sample-rate
                    // conversion (the long part of a high-rate file) at its next block, so the
                    // worker is freed for the requests behind it.
                    queued.cancel(true);
                }
            }
        }

        private void runPrediction(byte[] body) {
            try {
                if (ex.isAnswered()) {
                    return; // timed out while queued
                }
                // The decode budget is this server's limit, whatever the audio's header declares.
                Audio audio = AudioReader.read(body, BODY_SOURCE, AudioLimits.ofSeconds(options.maxAudioSeconds()));
                if (audio.durationSeconds() > options.maxAudioSeconds()) {
                    ex.error(413, "audio_too_long", String.format(Locale.ROOT,
                            "the audio lasts %.1f s; this server accepts at most %.1f s", audio.durationSeconds(),
                            options.maxAudioSeconds()));
                    return;
                }
                byte[] answer = json(SpeakerAnswer.add(PredictionJson.of(requireFinite(predictor.predict(audio, speaker))),
                        speaker, predictor));
                if (ex.claim()) {
                    answered.incrementAndGet(); // counted before the client can see the answer and ask /healthz
                    ex.write(200, "application/json", answer);
                }
            } catch (AudioException e) {
                // Anything wrong with what the client sent: over the decode budget, too little audio, undecodable.
                switch (e.kind()) {
                    case TOO_LONG -> ex.error(413, "audio_too_long", e.getMessage());
                    case TOO_SHORT -> ex.error(400, "audio_too_short", e.getMessage());
                    default -> ex.error(400, "undecodable_audio", e.getMessage());
                }
            } catch (java.util.concurrent.CancellationException e) {
                // Stopped by timeUp(), which has answered already: nothing to log, nothing failed.
                cancelled.incrementAndGet();
                ex.error(503, "timeout", "no answer within " + options.requestTimeout().toMillis() + " ms");
            } catch (Throwable e) {
                if (Thread.currentThread().isInterrupted() && ex.isAnswered()) {
                    // Interrupted by timeUp() in the middle of something else than a conversion
                    // (e.g. a wait): the request is answered already and nothing failed.
                    cancelled.incrementAndGet();
                    return;
                }
                // An Error (e.g. OutOfMemoryError) too: answered and logged now, never a silent timeout later.
                failed.incrementAndGet();
                LOG.log(Level.SEVERE, "prediction failed: " + e, e);
                ex.error(500, "prediction_failed", e.getMessage() == null ? e.toString() : e.getMessage());
            } finally {
                release();
            }
        }
    }

    /**
     * JSON has no NaN: Jackson would write "NaN" strings that clients read as text, so a prediction
     * that is not all finite numbers is a server failure (500, logged), never a 200. Model folders are
     * checked on load, so this takes a broken encoder or input pipeline.
     */
    static Prediction requireFinite(Prediction p) {
        List<double[]> all = new ArrayList<>();
        all.add(p.probabilities());
        p.segments().forEach(seg -> all.add(seg.probabilities()));
        for (double[] probabilities : all) {
            for (double v : probabilities) {
                if (!Double.isFinite(v)) {
                    throw new IllegalStateException("the model gave probabilities that are not finite numbers ("
                            + Arrays.toString(probabilities) + ")");
                }
            }
        }
        return p;
    }

    private void tooLarge(Exchange ex, long declared) {
        ex.error(413, "body_too_large", (declared >= 0 ? "the body has " + declared + " bytes; " : "the body is too large; ")
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
        o.put("stopped_after_timeout", cancelled.get());
        o.put("failed", failed.get());
        o.put("refused_host_or_origin", refusedOrigin.get());
        o.put("connections", reaper.openConnections());
        o.put("slow_connections_closed", reaper.reaped());
        o.put("buffered_bytes", budget.reserved());
        o.put("uploads_in_progress", uploadsPerClient.total());
        o.put("slow_uploads_closed", slowUploads.get());
        return o;
    }

    static byte[] errorBody(String code, String message) {
        return json(JSON.createObjectNode().put("error", code).put("message", message));
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

    private static Logger quiet(Logger jetty) {
        if (jetty.getLevel() == null) {
            jetty.setLevel(Level.WARNING);
        }
        return jetty;
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
