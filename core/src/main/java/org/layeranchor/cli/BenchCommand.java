package org.layeranchor.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layeranchor.audio.Audio;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.audio.WavEncoder;
import org.layeranchor.bench.EncoderBenchmark;
import org.layeranchor.bench.ServeBenchmark;
import org.layeranchor.encoder.weights.WeightSources;
import org.layeranchor.serve.EmotionPredictor;
import org.layeranchor.serve.EmotionServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code layeranchor bench ...}: speed measured as ratios within one run. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (ratios measured in one run).",
        subcommands = {BenchCommand.Encoder.class, BenchCommand.Serve.class})
final class BenchCommand {
    @Command(name = "encoder", mixinStandardHelpOptions = true,
            description = "Encoder speed for faithful and fast modes on 3-s and 30-s inputs, against ONNX Runtime's "
                    + "own matrix-multiply speed (the roofline) and whisper.cpp's reference time.")
    static final class Encoder implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        /** whisper.cpp's own CPU encoder, one 30-s window of base on this project's 2-core machines. */
        static final double WHISPER_CPP_SECONDS_PER_WINDOW = 1.7;

        @Option(names = "--model", defaultValue = "../shared/models/whisper-base", description = "Whisper weights folder.")
        Path model;

        @Option(names = "--threads", defaultValue = "0", description = "Threads (0 = all cores).")
        int threads;

        @Option(names = "--repeats", defaultValue = "5", description = "Timed runs per configuration (best is kept).")
        int repeats;

        @Override
        public Integer call() throws Exception {
            EncoderBenchmark.Result r = EncoderBenchmark.run(WeightSources.open(model), threads, repeats, 3, 30);
            spec.commandLine().getOut().print(r.toText());
            EncoderBenchmark.Row faithful30 = r.rows().stream()
                    .filter(x -> x.mode().equals("faithful") && x.clipSeconds() == 30).findFirst().orElseThrow();
            EncoderBenchmark.Row fast3 = r.rows().stream()
                    .filter(x -> x.mode().equals("fast") && x.clipSeconds() == 3).findFirst().orElseThrow();
            double ofRoofline = faithful30.gflops() / r.rooflineGflops();
            spec.commandLine().getOut().printf("%nfaithful mode: %.0f%% of the roofline (target >= 60%%) %s%n", 100 * ofRoofline,
                    ofRoofline >= 0.6 ? "OK" : "BELOW TARGET");
            spec.commandLine().getOut().printf("fast mode, 3-s clips: %.0fx real time (target >= 50x) %s%n", fast3.realTimeFactor(),
                    fast3.realTimeFactor() >= 50 ? "OK" : "BELOW TARGET");
            spec.commandLine().getOut().printf("one 30-s window: %.3f s vs whisper.cpp's %.1f s on 2 cores (reference figure, not measured in this run): %.1fx faster (target >= 4x)%n",
                    faithful30.secondsPerClip(), WHISPER_CPP_SECONDS_PER_WINDOW,
                    WHISPER_CPP_SECONDS_PER_WINDOW / faithful30.secondsPerClip());
            return 0;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Load test of the HTTP service on this machine: N requests of one clip (3 s of the given audio) "
                    + "from C concurrent clients; prints requests/s, p50/p99 latency and failures.",
                    "Targets a running server (--url, loopback only) or starts one in this process (--model, --encoder). "
                            + "Stops by itself after --requests or --max-seconds."})
    static final class Serve implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--url", description = "A running server, e.g. http://127.0.0.1:8080/ (loopback only).")
        URI url;

        @Option(names = "--model", paramLabel = "DIR", description = "Without --url: serve this trained model in-process.")
        Path model;

        @Option(names = "--encoder", paramLabel = "PATH", description = "Without --url: the model's encoder.")
        Path encoder;

        @Option(names = "--workers", defaultValue = "1", description = "Without --url: server workers (default: ${DEFAULT-VALUE}).")
        int workers;

        @Option(names = "--queue", defaultValue = "64", description = "Without --url: server queue (default: ${DEFAULT-VALUE}).")
        int queue;

        @Option(names = "--threads", defaultValue = "0", description = "Without --url: ONNX threads per worker (0 = cores / workers).")
        int threads;

        @Option(names = "--audio", paramLabel = "FILE",
                description = "Audio to send, cut to --clip-seconds (default: a synthetic clip of tones).")
        Path audio;

        @Option(names = "--clip-seconds", defaultValue = "3", description = "Clip length in seconds (default: ${DEFAULT-VALUE}).")
        double clipSeconds;

        @Option(names = {"-n", "--requests"}, defaultValue = "50", description = "Timed requests (default: ${DEFAULT-VALUE}).")
        int requests;

        @Option(names = {"-c", "--concurrency"}, defaultValue = "4", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
        int concurrency;

        @Option(names = "--warmup", defaultValue = "2", description = "Untimed requests first (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--max-seconds", defaultValue = "300", description = "No request starts after this (default: ${DEFAULT-VALUE}).")
        double maxSeconds;

        @Override
        public Integer call() throws Exception {
            if ((url == null) == (model == null)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give either --url or --model (with --encoder)");
            }
            if (model != null && encoder == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--model needs --encoder");
            }
            Audio clip = clip();
            byte[] body = WavEncoder.pcm16(clip);
            ServeBenchmark.Options options;
            try {
                options = new ServeBenchmark.Options(url == null ? URI.create("http://127.0.0.1/") : url, body, requests,
                        concurrency, warmup, Duration.ofMillis(Math.round(maxSeconds * 1000)), Duration.ofSeconds(600));
                if (url != null) {
                    ServeBenchmark.requireLoopback(url);
                }
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            java.io.PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "clip:       %.2f s of %s, %,d bytes of WAV%n", clip.durationSeconds(), clip.source(), body.length);
            if (url != null) {
                out.printf("server:     %s%n", url);
                print(ServeBenchmark.run(options));
                return 0;
            }
            int perWorker = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
            try (EmotionPredictor p = EmotionPredictor.open(model, encoder,
                    EmotionPredictor.Options.defaults().withThreads(perWorker));
                 EmotionServer s = EmotionServer.start(p, EmotionServer.Options.defaults().withPort(0)
                         .withWorkers(workers, queue).withLimits(64L << 20, 300, Duration.ofSeconds(600)))) {
                out.printf("server:     in-process %s, %d worker(s) x %d ONNX thread(s), queue %d, encoder %s %s%n",
                        s.uri(), workers, perWorker, queue, p.encoderInfo().identity(), p.encoderInfo().settings());
                print(ServeBenchmark.run(new ServeBenchmark.Options(s.uri(), body, requests, concurrency, warmup,
                        options.maxDuration(), options.requestTimeout())));
            }
            return 0;
        }

        private void print(ServeBenchmark.Result r) {
            spec.commandLine().getOut().print(r.toText());
            spec.commandLine().getOut().flush();
        }

        private Audio clip() throws Exception {
            int n = (int) Math.round(clipSeconds * Audio.TARGET_RATE);
            if (n < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--clip-seconds must be positive");
            }
            if (audio != null) {
                Audio a = AudioReader.read(audio);
                return new Audio(Arrays.copyOf(a.samples(), Math.min(n, a.samples().length)), a.sampleRate(), audio.toString());
            }
            // Tones with a slow vibrato: the encoder's cost does not depend on what is said.
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                double t = i / (double) Audio.TARGET_RATE;
                x[i] = (float) (0.2 * Math.sin(2 * Math.PI * (220 * t + 3 * Math.sin(2 * Math.PI * 0.5 * t)))
                        + 0.1 * Math.sin(2 * Math.PI * 660 * t));
            }
            return new Audio(x, Audio.TARGET_RATE, "a synthetic clip");
        }
    }
}
