package org.layeranchor.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.layeranchor.audio.Audio;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.weights.WeightSource;
import org.layeranchor.encoder.whisper.Precision;
import org.layeranchor.encoder.whisper.WhisperConfig;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.encoder.whisper.WhisperLogMel;
import org.layeranchor.onnx.GraphBuilder;

/**
 * Measures the Whisper encoder against ONNX Runtime's own matrix-multiply speed on the same
 * machine in the same run, so the result is a ratio that survives noisy machines. Each figure is
 * the best of several timed runs: on a shared machine the minimum is the least disturbed estimate.
 */
public final class EncoderBenchmark {
    /** One measured configuration. */
    public record Row(String precision, String mode, double clipSeconds, double secondsPerClip, double realTimeFactor,
                      double gflopPerClip, double gflops) {
        /** A float32 row (the reference precision). */
        public Row(String mode, double clipSeconds, double secondsPerClip, double realTimeFactor,
                   double gflopPerClip, double gflops) {
            this(Precision.FP32.label(), mode, clipSeconds, secondsPerClip, realTimeFactor, gflopPerClip, gflops);
        }
    }

    /** All rows plus the roofline. */
    public record Result(double rooflineGflops, int threads, List<Row> rows) {
        /**
         * One line per configuration. GFLOP/s counts the float32 model's operations whatever the
         * precision ran, so that precisions compare as "effective" throughput; "vs fp32" is the same
         * mode and clip length's float32 time over this row's.
         */
        public String toText() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("ONNX Runtime float32 MatMul roofline (%d threads): %.1f GFLOP/s%n", threads, rooflineGflops));
            sb.append(String.format("%-9s %-9s %6s %12s %12s %10s %9s %10s %8s%n",
                    "precision", "mode", "clip", "s/clip", "x realtime", "GFLOP", "GFLOP/s", "roofline", "vs fp32"));
            for (Row r : rows) {
                Optional<Row> reference = find(Precision.FP32.label(), r.mode(), r.clipSeconds());
                sb.append(String.format("%-9s %-9s %5.0fs %12.4f %12.1f %10.2f %9.1f %9.0f%% %7s%n", r.precision(), r.mode(),
                        r.clipSeconds(), r.secondsPerClip(), r.realTimeFactor(), r.gflopPerClip(), r.gflops(),
                        100 * r.gflops() / rooflineGflops,
                        reference.map(f -> String.format("%.2fx", f.secondsPerClip() / r.secondsPerClip())).orElse("-")));
            }
            return sb.toString();
        }

        /**
         * The headline figures, each a ratio of quantities measured in this run: faithful mode's
         * share of the roofline on one 30-s window and fast mode's real-time factor on 3-s clips, in
         * float32; then, for every other precision measured, its faithful 30-s window against
         * float32's and against the roofline. Targets and other programs' timings are not measured
         * here; they are in README.md with their provenance.
         */
        public String headlines() {
            Row faithful30 = row(Precision.FP32.label(), "faithful", 30);
            Row fast3 = row(Precision.FP32.label(), "fast", 3);
            StringBuilder sb = new StringBuilder(String.format("faithful mode, one 30-s window: %.3f s, %.0f%% of the roofline%n"
                            + "fast mode, 3-s clips: %.0fx real time%n",
                    faithful30.secondsPerClip(), 100 * faithful30.gflops() / rooflineGflops, fast3.realTimeFactor()));
            for (Row r : rows) {
                if (!r.precision().equals(Precision.FP32.label()) && r.mode().equals("faithful") && r.clipSeconds() == 30) {
                    sb.append(String.format("%s, faithful mode, one 30-s window: %.3f s, %.2fx float32, "
                                    + "effective %.0f GFLOP/s, %.0f%% of the float32 roofline%n",
                            r.precision(), r.secondsPerClip(), faithful30.secondsPerClip() / r.secondsPerClip(),
                            r.gflops(), 100 * r.gflops() / rooflineGflops));
                }
            }
            return sb.toString();
        }

        private Optional<Row> find(String precision, String mode, double clipSeconds) {
            return rows.stream().filter(r -> r.precision().equals(precision) && r.mode().equals(mode)
                    && r.clipSeconds() == clipSeconds).findFirst();
        }

        private Row row(String precision, String mode, double clipSeconds) {
            return find(precision, mode, clipSeconds).orElseThrow(() -> new IllegalStateException(
                    "no " + (precision.equals(Precision.FP32.label()) ? "" : precision + " ") + mode + " row for " + clipSeconds + "-s clips"));
        }
    }

    private EncoderBenchmark() {
    }

    /** The ONNX Runtime version that runs the encoder (part of what a timing depends on). */
    public static String onnxRuntimeVersion() {
        return OrtEnvironment.getEnvironment().getVersion();
    }

    /**
     * @param weights    Whisper weights
     * @param threads    intra-op threads (0 = all cores)
     * @param repeats    timed runs per configuration (after one warm-up run)
     * @param clipLengths clip lengths in seconds, e.g. 3 and 30
     */
    public static Result run(WeightSource weights, int threads, int repeats, double... clipLengths)
            throws EncoderException, OrtException {
        return run(weights, threads, repeats, List.of(Precision.FP32), clipLengths);
    }

    /** {@link #run(WeightSource, int, int, double...)} for each precision in turn (float32 is always measured first). */
    public static Result run(WeightSource weights, int threads, int repeats, List<Precision> precisions, double... clipLengths)
            throws EncoderException, OrtException {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        double roofline = matMulGflops(n, 2048, Math.max(5, repeats));
        List<Row> rows = new ArrayList<>();
        List<Precision> measured = new ArrayList<>(List.of(Precision.FP32));
        precisions.stream().filter(p -> p != Precision.FP32).distinct().forEach(measured::add);
        for (Precision precision : measured) {
            for (WhisperEncoder.Mode mode : WhisperEncoder.Mode.values()) {
                rows.addAll(measure(weights, n, repeats, precision, false, mode, clipLengths));
            }
        }
        // The reference graph (attention spelt out as MatMul/Softmax/MatMul), for what the fused kernel gains.
        rows.addAll(measure(weights, n, repeats, Precision.FP32, true, WhisperEncoder.Mode.FAITHFUL, 30));
        return new Result(roofline, n, rows);
    }

    /** The precision column of the reference graph's row. */
    public static final String REFERENCE_GRAPH = "fp32-ref";

    private static List<Row> measure(WeightSource weights, int n, int repeats, Precision precision, boolean reference,
                                     WhisperEncoder.Mode mode, double... clipLengths) throws EncoderException {
        List<Row> rows = new ArrayList<>();
        WhisperEncoder.Options options = new WhisperEncoder.Options(mode, n, org.layeranchor.encoder.ExecutionDevice.CPU, precision);
        try (WhisperEncoder enc = reference ? WhisperEncoder.loadReference(weights, options)
                : WhisperEncoder.load(weights, options)) {
            for (double secs : clipLengths) {
                Audio clip = noise(secs);
                enc.encode(clip); // warm-up: first run allocates and plans
                double perClip = Double.POSITIVE_INFINITY;
                for (int i = 0; i < repeats; i++) {
                    long t0 = System.nanoTime();
                    enc.encode(clip);
                    perClip = Math.min(perClip, (System.nanoTime() - t0) / 1e9);
                }
                int samples = clip.samples().length;
                double flop = mode == WhisperEncoder.Mode.FAITHFUL
                        ? faithfulFlop(enc.config(), samples, precision == Precision.FP32 && !reference)
                        : encoderFlop(enc.config(), WhisperLogMel.frameCount(samples));
                rows.add(new Row(reference ? REFERENCE_GRAPH : precision.label(), mode.name().toLowerCase(Locale.ROOT), secs, perClip, secs / perClip,
                        flop / 1e9, flop / 1e9 / perClip));
            }
        }
        return rows;
    }

    private static int windows(int samples) {
        return (samples + WhisperLogMel.WINDOW_SAMPLES - 1) / WhisperLogMel.WINDOW_SAMPLES;
    }

    /**
     * The work of faithful mode on {@code samples}: a full window each, whose last block, in the
     * float32 inference graph, runs only on the frames that cover the audio (WhisperGraph#buildForInference).
     */
    private static double faithfulFlop(WhisperConfig c, int samples, boolean lastBlockOnKeptFrames) {
        int window = WhisperLogMel.WINDOW_SAMPLES;
        int melFrames = WhisperLogMel.frameCount(window);
        double flop = 0;
        for (int start = 0; start < samples; start += window) {
            int kept = WhisperEncoder.framesCovering(Math.min(window, samples - start));
            flop += lastBlockOnKeptFrames ? encoderFlop(c, melFrames, kept) : encoderFlop(c, melFrames);
        }
        return flop;
    }

    /**
     * {@link #encoderFlop(WhisperConfig, int)} when the last block computes its keys and values for
     * every frame but everything else for the first {@code keptFrames} only.
     */
    public static double encoderFlop(WhisperConfig c, int melFrames, int keptFrames) {
        double d = c.dModel();
        double f = Math.ceil(melFrames / 2.0);
        double s = Math.min(keptFrames, f);
        double wholeBlock = 2 * f * d * 3 * d + 2 * 2 * f * f * d + 2 * f * d * d + 2 * 2 * f * d * c.ffnDim();
        double lastBlock = 2 * f * d * 2 * d      // k, v for every frame
                + 2 * s * d * d                   // q for the kept frames
                + 2 * 2 * s * f * d               // their scores and context
                + 2 * s * d * d                   // output projection
                + 2 * 2 * s * d * c.ffnDim();     // fc1 and fc2
        return encoderFlop(c, melFrames) - wholeBlock + lastBlock;
    }

    /**
     * Multiply-adds ×2 of the encoder for {@code melFrames} log-mel frames: the convolutions, the
     * q/k/v/out projections, the two attention products and the feed-forward layers. LayerNorm,
     * softmax and GELU are left out (they are a fraction of a percent).
     */
    public static double encoderFlop(WhisperConfig c, int melFrames) {
        double d = c.dModel();
        double t = melFrames;
        double f = Math.ceil(t / 2);
        double conv = 2 * t * d * c.melBins() * 3 + 2 * f * d * d * 3;
        double perBlock = 2 * f * d * 3 * d      // q, k, v
                + 2 * 2 * f * f * d               // scores and context
                + 2 * f * d * d                   // output projection
                + 2 * 2 * f * d * c.ffnDim();     // fc1 and fc2
        return conv + c.blocks() * perBlock;
    }

    /** GFLOP/s of ONNX Runtime multiplying two size×size float32 matrices. */
    public static double matMulGflops(int threads, int size, int repeats) throws OrtException {
        GraphBuilder g = new GraphBuilder("roofline");
        String a = g.input("a", (long) size, (long) size);
        SplittableRandom rnd = new SplittableRandom(7);
        float[] b = new float[size * size];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rnd.nextGaussian();
        }
        g.opNamed("MatMul", "c", GraphBuilder.in(a, g.floats("b", b, size, size)));
        g.output("c", (long) size, (long) size);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(threads);
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession s = env.createSession(g.build(17, "layeranchor-bench").toByteArray(), so);
                 OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(b), new long[] {size, size})) {
                s.run(Map.of("a", x)).close();
                double secs = Double.POSITIVE_INFINITY;
                for (int i = 0; i < repeats; i++) {
                    long t0 = System.nanoTime();
                    s.run(Map.of("a", x)).close();
                    secs = Math.min(secs, (System.nanoTime() - t0) / 1e9);
                }
                return 2.0 * size * size * size / secs / 1e9;
            }
        }
    }

    private static Audio noise(double seconds) {
        SplittableRandom rnd = new SplittableRandom(11);
        float[] x = new float[(int) Math.round(seconds * WhisperLogMel.SAMPLE_RATE)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.05 * rnd.nextGaussian());
        }
        return new Audio(x, WhisperLogMel.SAMPLE_RATE, "noise " + seconds + " s");
    }
}
