package org.layeranchor.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.layeranchor.segmentation.SpeechDetectorKind;
import org.layeranchor.serve.EmotionPredictor;
import org.layeranchor.serve.EmotionServer;
import org.layeranchor.serve.SpeakerMemory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code layeranchor serve}: the HTTP service and its web page. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a trained model over HTTP until stopped (Ctrl-C).",
                "  POST /v1/predict  a WAV, FLAC or MP3 file as the body -> JSON: emotion,",
                "                    probabilities, segments, duration (?speaker=ID: a",
                "                    per-speaker model uses that speaker's statistics)",
                "  GET  /v1/model    classes, encoder identity and settings, provenance, limits",
                "  GET  /healthz     liveness and queue state",
                "  GET  /            a page to upload or record audio and see the probabilities",
                "Binds to loopback unless --host says otherwise; there is no authentication. Answers only to "
                        + "loopback Host names (and --host, --allow-host), and refuses requests from other web pages "
                        + "(Origin) unless --cors allows them."})
final class ServeCommand implements Callable<Integer> {
    /** The smallest body and body memory: one byte. */
    private static final double MIN_MEBIBYTES = 1.0 / (1 << 20);
    /** The largest body: the largest Java array, rounded down to whole MiB. */
    private static final double MAX_BODY_MB = 2047;
    /** The largest body memory: 1 TiB, past any heap. */
    private static final double MAX_BUFFERED_MB = 1 << 20;
    /** The highest minimum upload rate: 1 GiB/s. */
    private static final double MAX_RATE_KIB = 1 << 20;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TrainedModelOptions modelOptions;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--allow-host", paramLabel = "NAME", split = ",",
            description = "Also answer to this Host name (besides localhost, 127.0.0.1, [::1] and --host); '*' for any. "
                    + "Repeatable.")
    List<String> allowHosts = List.of();

    @Option(names = "--cors", paramLabel = "ORIGIN", split = ",",
            description = "Let web pages from this origin (e.g. http://localhost:3000) call the service. Repeatable.")
    List<String> corsOrigins = List.of();

    @Option(names = "--port", defaultValue = "8080", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--max-body-mb", defaultValue = "64", paramLabel = "MB",
            description = "Largest request body in MiB; larger is refused with 413 (default: ${DEFAULT-VALUE}).")
    double maxBodyMb;

    @Option(names = "--max-seconds", defaultValue = "300", paramLabel = "SECONDS",
            description = "Longest audio accepted, 0.1 to 86400; longer is refused with 413 (default: ${DEFAULT-VALUE}).")
    double maxSeconds;

    @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
            description = "Answer 503 to a request not answered this long after it arrived, 0.001 to 86400 "
                    + "(default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--workers", defaultValue = "1",
            description = "Requests predicted at once (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--queue", defaultValue = "8",
            description = "Requests waiting for a worker before answering 503 (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--read-timeout", defaultValue = "20", paramLabel = "SECONDS",
            description = "Close a connection that takes longer to send a request's headers, or pauses its body "
                    + "longer (default: ${DEFAULT-VALUE}).")
    double readTimeoutSeconds;

    @Option(names = "--max-connections", defaultValue = "64", paramLabel = "N",
            description = "Connections open at once; more wait to be accepted (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-buffered-mb", defaultValue = "256", paramLabel = "MB",
            description = "Request bodies held in memory at once, in all; past it, 503 (default: ${DEFAULT-VALUE}).")
    double maxBufferedMb;

    @Option(names = "--min-upload-rate", defaultValue = "16", paramLabel = "KIB_PER_S",
            description = "Slowest average a request body may arrive at, after a 2-s grace; slower uploads are cut "
                    + "with 408 (default: ${DEFAULT-VALUE} KiB/s; 0 = no minimum).")
    double minUploadKibPerSecond;

    @Option(names = "--max-uploads-per-client", defaultValue = "8", paramLabel = "N",
            description = "Uploads one client address may have in progress; more get 503 (default: ${DEFAULT-VALUE}; "
                    + "raise it behind a reverse proxy, whose address every client has).")
    int maxUploadsPerClient;

    @Option(names = "--threads", defaultValue = "0",
            description = "ONNX Runtime threads per worker (0 = cores / workers).")
    int threads;

    @Option(names = "--adapt-on", paramLabel = "DIR", description = AdaptOn.DESCRIPTION)
    List<Path> adaptOn;

    @Option(names = "--adapt-window", defaultValue = "" + RecentRequests.WINDOW, paramLabel = "N",
            description = "Without --adapt-on, adapt to the audio the service is sent: keep the pooled features of the "
                    + "last N requests and re-estimate the model's statistics from them once --adapt-min are held "
                    + "(default: ${DEFAULT-VALUE}; 0 = never, keep the model's own statistics).")
    int adaptWindow;

    @Option(names = "--adapt-min", defaultValue = "" + RecentRequests.MINIMUM, paramLabel = "N",
            description = "Requests needed before the first re-estimate (default: ${DEFAULT-VALUE}).")
    int adaptMinimum;

    @Option(names = "--speaker-max", defaultValue = "" + SpeakerMemory.DEFAULT_MAX_SPEAKERS, paramLabel = "N",
            description = "For a model standardised per speaker: keep the statistics of at most N speaker ids sent as "
                    + "POST /v1/predict?speaker=ID (the one heard least recently is dropped first); 0 keeps none "
                    + "(default: ${DEFAULT-VALUE}).")
    int speakerMax;

    @Option(names = "--speaker-window", defaultValue = "" + SpeakerMemory.DEFAULT_WINDOW, paramLabel = "N",
            description = "Requests per speaker id its statistics come from, the request being predicted included "
                    + "(default: ${DEFAULT-VALUE}).")
    int speakerWindow;

    @Option(names = "--segment", defaultValue = "8", paramLabel = "SECONDS",
            description = "Longest segment, 0.1 to 86400 (default: ${DEFAULT-VALUE}); longer recordings are cut where the "
                    + "speech pauses.")
    double segmentSeconds;

    @Option(names = "--smooth", defaultValue = "0", paramLabel = "N",
            description = "Average each segment's probabilities with N speech segments on each side (default: ${DEFAULT-VALUE}).")
    int smoothNeighbours;

    @Option(names = "--vad", defaultValue = "energy", paramLabel = "energy|silero", converter = VadConverter.class,
            description = "Voice-activity detector that finds the pauses of recordings longer than --segment: energy "
                    + "(short-time energy, no model) or silero (the Silero VAD v5 network shipped in the jar; holds up "
                    + "better in steady noise, see docs/BENCHMARK.md) (default: ${DEFAULT-VALUE}).")
    SpeechDetectorKind vad;

    /** The predictor, named as the page and /v1/model show it (before the server starts: it describes the model once). */
    private EmotionPredictor named(EmotionPredictor predictor) {
        predictor.name(modelOptions.shownName(spec.commandLine()));
        return predictor;
    }

    @Override
    public Integer call() throws Exception {
        EmotionServer.Options options;
        EmotionPredictor.Options predictorOptions;
        CommandLine cmd = spec.commandLine();
        // Every number checked here, when given, so that none can fail later request by request.
        long bodyBytes = OptionRanges.mebibytes(cmd, "--max-body-mb", maxBodyMb, MIN_MEBIBYTES, MAX_BODY_MB);
        double audioSeconds = OptionRanges.seconds(cmd, "--max-seconds", maxSeconds, OptionRanges.MIN_AUDIO_SECONDS,
                OptionRanges.MAX_SECONDS);
        Duration timeout = OptionRanges.timeout(cmd, "--timeout", timeoutSeconds);
        Duration readTimeout = OptionRanges.timeout(cmd, "--read-timeout", readTimeoutSeconds);
        long bufferedBytes = OptionRanges.mebibytes(cmd, "--max-buffered-mb", maxBufferedMb, MIN_MEBIBYTES,
                MAX_BUFFERED_MB);
        double minRate = OptionRanges.within(cmd, "--min-upload-rate", minUploadKibPerSecond, 0, MAX_RATE_KIB, "KiB/s");
        double segment = OptionRanges.seconds(cmd, "--segment", segmentSeconds, OptionRanges.MIN_AUDIO_SECONDS,
                OptionRanges.MAX_SECONDS);
        try {
            options = EmotionServer.Options.defaults().withHost(host).withPort(port)
                    .withLimits(bodyBytes, audioSeconds, timeout)
                    .withWorkers(workers, queue)
                    .withConnections(readTimeout, maxConnections, bufferedBytes)
                    .withOrigins(allowHosts, corsOrigins)
                    .withUploadPolicy(Math.round(minRate * 1024), maxUploadsPerClient);
            int perWorker = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, workers));
            predictorOptions = EmotionPredictor.Options.defaults().withSegmentSeconds(segment).withThreads(perWorker)
                    .withSmoothNeighbours(smoothNeighbours).withVad(vad);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
        ServeSpeakers.check(speakerMax, speakerWindow, cmd);
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        try (EmotionPredictor predictor = named(EmotionPredictor.open(modelOptions.model(spec.commandLine()),
                modelOptions.encoder(spec.commandLine()), predictorOptions));
             EmotionServer server = AdaptOn.apply(predictor, adaptOn, spec.commandLine().getErr())
                     ? EmotionServer.start(predictor, options) : null) {
            if (server == null) {
                return LayerAnchorCli.EXIT_FAILURE;
            }
            RecentRequests.attach(predictor, adaptOn, adaptWindow, adaptMinimum, spec.commandLine());
            ServeSpeakers.attach(predictor, speakerMax, speakerWindow, spec.commandLine());
            Thread hook = new Thread(stop::countDown, "layeranchor-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                spec.commandLine().getErr().println("warning: listening on " + host + ", reachable from other machines; "
                        + "the service has no authentication. It answers to the Host names " + server.acceptedHostNames()
                        + " (add the ones other machines use with --allow-host)");
            }
            out.printf("serving %s (classes %s) on %s%n", modelOptions.model, predictor.classes(), server.uri());
            out.printf("port %d%n", server.port());
            out.flush();
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopped from Java (tests): close and return
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting because of Ctrl-C: the hook already ran
                }
            }
            out.println("stopped");
            out.flush();
        }
        return LayerAnchorCli.EXIT_OK;
    }
}
