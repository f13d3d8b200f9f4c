package org.layeranchor.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layeranchor.audio.Audio;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.audio.WavEncoder;
import org.layeranchor.bench.ResamplerBenchmark;
import org.layeranchor.bench.EncoderBenchmark;
import org.layeranchor.bench.MachineDescription;
import org.layeranchor.bench.ServeBenchmark;
import org.layeranchor.bench.CombinedSoak;
import org.layeranchor.bench.ConstantFlac;
import org.layeranchor.bench.ServeSoak;
import org.layeranchor.bench.ServerMemory;
import org.layeranchor.encoder.weights.WeightSources;
import org.layeranchor.serve.EmotionPredictor;
import org.layeranchor.serve.EmotionServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code layeranchor bench ...}: speed measured as ratios within one run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Speed measurements (ratios measured in one run). Recognition results are the 'benchmark' command.",
        subcommands = {BenchCommand.Encoder.class, BenchCommand.Serve.class, BenchCommand.Soak.class,
                BenchCommand.Silence.class, BenchCommand.Resample.class, BenchCommand.SyntheticStoreCommand.class})
final class BenchCommand {
    @Command(name = "encoder", mixinStandardHelpOptions = true,
            description = "Encoder speed for faithful and fast modes on 3-s and 30-s inputs, against ONNX Runtime's "
                    + "own matrix-multiply speed (the roofline) measured in the same run. Targets and reference figures: README.md.")
    static final class Encoder implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--model", defaultValue = "../shared/models/whisper-base",
                description = "Whisper weights folder or Hugging Face model id (default ${DEFAULT-VALUE}).")
        Path model;

        @Option(names = "--threads", defaultValue = "0", description = "Threads (0 = all cores).")
        int threads;

        @Option(names = "--repeats", defaultValue = "5", description = "Timed runs per configuration (best is kept).")
        int repeats;

        @Option(names = "--precision", split = ",", defaultValue = "fp32,int8", converter = PrecisionConverter.class,
                description = "Precisions to time, comma-separated, fp32 always included (default: ${DEFAULT-VALUE}).")
        java.util.List<org.layeranchor.encoder.whisper.Precision> precisions;

        @Override
        public Integer call() throws Exception {
            Path weights = ModelArguments.locate(model, spec.commandLine()).path();
            EncoderBenchmark.Result r;
            try (var source = WeightSources.open(weights)) {
                r = EncoderBenchmark.run(source, threads, repeats, precisions, 3, 30);
            }
            spec.commandLine().getOut().println("machine: " + MachineDescription.describe() + ", ONNX Runtime "
                    + EncoderBenchmark.onnxRuntimeVersion());
            spec.commandLine().getOut().print(r.toText());
            spec.commandLine().getOut().printf("%n%s", r.headlines());
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

        @Option(names = "--encoder", paramLabel = "PATH",
                description = "Without --url: the model's encoder (folder, .onnx file or Hugging Face model id).")
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
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "clip:       %.2f s of %s, %,d bytes of WAV%n", clip.durationSeconds(), clip.source(), body.length);
            if (url != null) {
                out.printf("server:     %s%n", url);
                print(ServeBenchmark.run(options));
                return 0;
            }
            int perWorker = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
            try (EmotionPredictor p = EmotionPredictor.open(model, ModelArguments.locate(encoder, spec.commandLine()).path(),
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
            return clip(audio, clipSeconds, spec);
        }

        /** {@code seconds} of {@code audio} from its start, or of a synthetic clip when it is null. */
        static Audio clip(Path audio, double clipSeconds, CommandLine.Model.CommandSpec spec) throws Exception {
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

    @Command(name = "soak", mixinStandardHelpOptions = true,
            description = {"Soak test of a running service on this machine (loopback only): C clients send a mix of valid "
                    + "requests (predictions of 3-s clips, health, model, HEAD) and hostile ones (undecodable or truncated "
                    + "audio, a foreign Origin or Host, a bad Content-Length, //healthz, a 100-kB URL, 100 kB of headers, a "
                    + "body over the limit, a form upload, an abandoned upload) until --seconds or --requests; prints "
                    + "the answers by kind and status. Exit 1 when any answer was not the expected one.",
                    "With --trickling, --silence or --server-pid it is the combined soak: at the same time, connections "
                            + "trickle 64-MiB uploads a byte at a time, clients send 299 s of compressed silence (16-kHz and "
                            + "192-kHz FLAC), /healthz is probed every second and the server's heap after GC is sampled; "
                            + "exit 1 unless >= 80 %% of the predictions were answered 200, the other kinds as expected, "
                            + "/healthz throughout and the heap stayed flat (judged from when GET /v1/model first shows the "
                            + "window of recent requests full; the samples before are a warm-up).",
                    "scripts/soak-serve.sh starts the server, runs this and reports the server's memory."})
    static final class Soak implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--url", required = true, description = "The server, e.g. http://127.0.0.1:8080/ (loopback only).")
        URI url;

        @Option(names = "--audio", paramLabel = "FILE", arity = "1..*",
                description = "Audio for the predictions, each cut to --clip-seconds and sent in turn "
                        + "(default: a synthetic clip of tones).")
        List<Path> audio;

        @Option(names = "--clip-seconds", defaultValue = "3", description = "Clip length in seconds (default: ${DEFAULT-VALUE}).")
        double clipSeconds;

        @Option(names = "--seconds", defaultValue = "150", description = "No request starts after this (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = {"-n", "--requests"}, defaultValue = "100000", description = "Requests in all (default: ${DEFAULT-VALUE}).")
        int requests;

        @Option(names = {"-c", "--concurrency"}, defaultValue = "4", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
        int concurrency;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the request mix (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--trickling", defaultValue = "0", paramLabel = "N",
                description = "Connections that declare a 64-MiB upload and send one byte every --trickle-interval, "
                        + "reconnecting when cut (default: ${DEFAULT-VALUE}).")
        int trickling;

        @Option(names = "--trickle-interval", defaultValue = "5", paramLabel = "SECONDS",
                description = "Seconds between two bytes of a trickling upload (default: ${DEFAULT-VALUE}).")
        double trickleInterval;

        @Option(names = "--trickle-from", defaultValue = "127.0.0.2", paramLabel = "ADDRESS",
                description = "The trickling client's loopback address (default: ${DEFAULT-VALUE}, another client than "
                        + "the valid ones, as an attacker would be; 127.0.0.1 to share theirs).")
        InetAddress trickleFrom;

        @Option(names = "--silence", defaultValue = "0", paramLabel = "N",
                description = "Clients sending 299 s of compressed digital silence, 16-kHz and 192-kHz FLAC in turn "
                        + "(default: ${DEFAULT-VALUE}).")
        int silence;

        @Option(names = "--server-pid", paramLabel = "PID",
                description = "The server's process on this machine: its heap after a full GC is sampled every "
                        + "--heap-every seconds (through the JDK's attach mechanism, as jcmd does) and its peak RSS read.")
        Long serverPid;

        @Option(names = "--heap-every", defaultValue = "15", paramLabel = "SECONDS",
                description = "Seconds between two heap samples (default: ${DEFAULT-VALUE}).")
        double heapEvery;

        @Override
        public Integer call() throws Exception {
            ServeSoak.Options options;
            List<Audio> clips = new ArrayList<>();
            for (Path a : audio == null ? java.util.Collections.<Path>singletonList(null) : audio) {
                clips.add(Serve.clip(a, clipSeconds, spec));
            }
            List<byte[]> bodies = new ArrayList<>();
            for (Audio clip : clips) {
                bodies.add(WavEncoder.pcm16(clip));
            }
            try {
                options = new ServeSoak.Options(url, bodies, Duration.ofMillis(Math.round(seconds * 1000)), requests,
                        concurrency, seed);
                ServeBenchmark.requireLoopback(url);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "soak:       %s, %d clients, at most %.0f s and %d requests, %d clip(s) of up to %.2f s: %s%n",
                    url, concurrency, seconds, requests, clips.size(), clipSeconds,
                    clips.stream().map(Audio::source).collect(java.util.stream.Collectors.joining(", ")));
            out.flush();
            if (trickling > 0 || silence > 0 || serverPid != null) {
                return combined(options, out);
            }
            ServeSoak.Result r = ServeSoak.run(options);
            out.print(r.toText());
            out.println("server:     " + health());
            out.flush();
            return r.unexpectedCount() == 0 ? 0 : 1;
        }

        private int combined(ServeSoak.Options mix, PrintWriter out) throws Exception {
            CombinedSoak.Options options;
            try {
                options = new CombinedSoak.Options(mix, trickling, Duration.ofMillis(Math.round(trickleInterval * 1000)),
                        trickleFrom, silence, 299, null, Duration.ofMillis(Math.round(heapEvery * 1000)));
                if (!trickleFrom.isLoopbackAddress()) {
                    throw new IllegalArgumentException("--trickle-from must be a loopback address, got " + trickleFrom);
                }
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            out.printf(Locale.ROOT, "at once:    %d trickling uploads from %s (a byte every %.1f s), %d silence client(s), "
                    + "/healthz every 1 s%s%n", trickling, trickleFrom.getHostAddress(), trickleInterval, silence,
                    serverPid == null ? "" : ", heap after GC of process " + serverPid + " every " + heapEvery + " s");
            out.flush();
            try (ServerMemory memory = serverPid == null ? null : ServerMemory.attach(serverPid)) {
                CombinedSoak.Result r = CombinedSoak.run(options.withMemory(memory));
                out.print(r.toText());
                out.println("server:     " + health());
                out.flush();
                return r.failedGoals().isEmpty() ? 0 : 1;
            }
        }

        private String health() throws Exception {
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            return client.send(java.net.http.HttpRequest.newBuilder(url.resolve("/healthz")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    @Command(name = "silence", mixinStandardHelpOptions = true,
            description = "Writes SECONDS of compressed digital silence at RATE as a FLAC file (mono, 16 bits, blocks of "
                    + "4096 samples in a few bytes each): the hostile input of issue 25 that the combined soak and "
                    + "scripts/serve-memory.sh send. 299 s is 16 kB at 16 kHz and 208 kB at 192 kHz.")
    static final class Silence implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--rate", required = true, paramLabel = "HZ", description = "Sample rate, 1000 to 192000.")
        int rate;

        @Option(names = "--seconds", defaultValue = "299", description = "Length (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The FLAC file to write.")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (rate < 1000 || rate > 192_000) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be 1000 to 192000, got " + rate);
            }
            if (!(seconds >= 1 && seconds <= 86_400)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--seconds must be 1 to 86400, got " + seconds);
            }
            byte[] flac = ConstantFlac.silence(rate, seconds);
            java.nio.file.Files.write(out, flac);
            spec.commandLine().getOut().printf(Locale.ROOT, "%s: %.1f s of silence at %d Hz, %,d bytes%n", out,
                    seconds, rate, flac.length);
            return 0;
        }
    }

    @Command(name = "resample", mixinStandardHelpOptions = true,
            description = "Conversion to 16 kHz from 44.1, 48, 96 and 192 kHz in one stage and in the stages the "
                    + "resampler chooses, in one run: seconds and counted multiply-adds per second of audio, and their "
                    + "ratios (the README's reliability section quotes it).")
    static final class Resample implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--seconds", defaultValue = "20", description = "Audio per rate (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--repeats", defaultValue = "3", description = "Timed runs each way (best is kept; default: ${DEFAULT-VALUE}).")
        int repeats;

        @Override
        public Integer call() {
            if (!(seconds > 0 && seconds <= 600)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--seconds must be more than 0 and at most 600, got " + seconds);
            }
            if (repeats < 1 || repeats > 100) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--repeats must be 1 to 100, got " + repeats);
            }
            spec.commandLine().getOut().print(ResamplerBenchmark
                    .run(ResamplerBenchmark.RATES, seconds, repeats).toText());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "synthetic-store", mixinStandardHelpOptions = true,
            description = {"A large feature store for cost-growth measurements: N noisy copies of a real store's pooled "
                    + "entries under new keys, paths and speakers, with split files for the copies (see docs/BENCHMARK.md, "
                    + "'Cost growth to 100,000 utterances').",
                    "Pooled statistics only unless --link-frames: without frame features lam-vowel and --vowels cannot run on it."})
    static final class SyntheticStoreCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--from", required = true, description = "The real feature store to copy (read only).")
        Path from;

        @Option(names = "--encoder", description = "Encoder key in that store (needed only when it holds several).")
        String encoder;

        @Option(names = "--splits", defaultValue = "splits",
                description = "Split files of the real corpora, CORPUS.adapt-test.csv (default ${DEFAULT-VALUE}).")
        Path splits;

        @Option(names = "--out", required = true, description = "New store folder (its split files go to OUT-splits).")
        Path out;

        @Option(names = "--utterances", required = true, description = "Number of utterances N to write.")
        int utterances;

        @Option(names = "--noise", defaultValue = "0.05",
                description = "Noise per value, as a fraction of that value's spread in the real store (default ${DEFAULT-VALUE}).")
        double noise;

        @Option(names = "--seed", defaultValue = "1", description = "Noise seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--link-frames", description = "Give every copy its real entry's frame features as a hard link "
                + "(no disk space; exact, not noisy, copies; the real store needs frames and the same file system) and its "
                + "audio as a symbolic link under OUT/audio (the vowel detector reads it), so lam-vowel and --vowels can "
                + "be timed on the store.")
        boolean linkFrames;

        @Override
        public Integer call() throws Exception {
            org.layeranchor.features.FeatureStore real = org.layeranchor.features.FeatureStore.openExisting(from);
            String key = real.resolveEncoderKey(encoder);
            Path splitsOut = out.resolveSibling(out.getFileName() + "-splits");
            long t0 = System.nanoTime();
            org.layeranchor.bench.SyntheticStore.Result r = new org.layeranchor.bench.SyntheticStore(real, key, splits)
                    .write(out, splitsOut, utterances, noise, seed, linkFrames);
            spec.commandLine().getOut().printf("wrote %d synthetic utterances %s to %s (encoder %s) and their split files "
                            + "to %s in %.1f s%n", r.utterances(), r.perCorpus(), r.store(), r.encoderKey(), r.splits(),
                    (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }
}
