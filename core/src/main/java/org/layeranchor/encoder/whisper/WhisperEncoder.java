package org.layeranchor.encoder.whisper;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.layeranchor.audio.Audio;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.encoder.ExecutionDevice;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.encoder.SpeechEncoder;
import org.layeranchor.encoder.weights.WeightSource;

/**
 * Whisper's encoder on ONNX Runtime, returning every layer (see {@link WhisperGraph}).
 *
 * <p>Two modes:
 * <ul>
 *   <li>{@link Mode#FAITHFUL} (default): each 30-s window is zero-padded to 30 s before the log-mel,
 *       as Hugging Face's feature extractor does and as Whisper was trained; the frames that cover
 *       the real audio, ceil(samples / 320), are kept. Costs a full window (~87 GFLOP for base)
 *       whatever the clip's length.</li>
 *   <li>{@link Mode#FAST}: only the audio's own length is encoded. Much cheaper for short clips, but
 *       Whisper never saw unpadded inputs, so hidden states differ from faithful mode (most near the
 *       end of the clip, where attention no longer sees the padding).</li>
 * </ul>
 * Audio longer than 30 s is cut into consecutive 30-s windows whose frames are concatenated.
 * Thread-safe: ONNX Runtime sessions may be run from several threads at once.
 */
public final class WhisperEncoder implements SpeechEncoder {
    /** Output frames per second: 100 log-mel frames per second, halved by conv2's stride. */
    public static final double FRAME_RATE_HZ = 50.0;
    private static final int SAMPLES_PER_FRAME = WhisperLogMel.HOP * 2;

    public enum Mode { FAITHFUL, FAST }

    /** The settings key (in {@link EncoderInfo#settings()}, store keys and model identities) of the precision. */
    public static final String PRECISION_SETTING = "precision";

    /**
     * @param mode      see the class comment
     * @param threads   ONNX Runtime intra-op threads; 0 = all available cores
     * @param device    where the graph runs (the CPU unless asked otherwise)
     * @param precision the linear layers' arithmetic ({@link Precision}); float32 unless asked otherwise
     */
    public record Options(Mode mode, int threads, ExecutionDevice device, Precision precision) {
        public Options {
            precision = precision == null ? Precision.FP32 : precision;
        }

        public Options(Mode mode, int threads, ExecutionDevice device) {
            this(mode, threads, device, Precision.FP32);
        }

        public Options(Mode mode, int threads) {
            this(mode, threads, ExecutionDevice.CPU);
        }

        public static Options defaults() {
            return new Options(Mode.FAITHFUL, 0);
        }
    }

    private final WhisperConfig config;
    private final Options options;
    private final WhisperLogMel logMel;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String identity;
    /** Whether the graph takes {@link WhisperGraph#KEPT_FRAMES} (the inference graph) or returns every frame (the reference). */
    private final boolean takesKeptFrames;

    private WhisperEncoder(WhisperConfig config, Options options, OrtSession session, String identity, boolean takesKeptFrames) {
        this.config = config;
        this.options = options;
        this.takesKeptFrames = takesKeptFrames;
        this.logMel = new WhisperLogMel(config.melBins());
        this.identity = identity;
        this.env = OrtEnvironment.getEnvironment();
        this.session = session;
    }

    private static OrtSession openSession(byte[] model, Options options) throws EncoderException {
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setIntraOpNumThreads(options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors());
            so.setInterOpNumThreads(1);
            options.device().configure(so);
            return OrtEnvironment.getEnvironment().createSession(model, so);
        } catch (OrtException e) {
            if (options.device().isCuda()) {
                throw options.device().unavailable(e); // e.g. the provider loaded but found no GPU
            }
            throw new EncoderException("ONNX Runtime could not load the Whisper graph: " + e.getMessage(), e);
        }
    }

    /**
     * Builds the encoder graph from {@code weights} and opens it. The identity is the hash of the
     * reference graph ({@link WhisperGraph#build}: float32, attention spelt out) whatever graph runs,
     * so that it names the weights and the definition; the precision is a setting beside it
     * ({@link #info()}). ONNX Runtime prepares the session on another thread while this one builds and
     * hashes the reference graph: the two took about 0.6 and 0.7 s one after the other when a
     * command starts, most of the wait before a single file's prediction.
     */
    public static WhisperEncoder load(WeightSource weights, Options options) throws EncoderException {
        CompletableFuture<OrtSession> session = null;
        boolean built = false;
        try {
            WhisperConfig cfg = WhisperConfig.of(weights);
            byte[] graph = WhisperGraph.buildForInference(cfg, weights, options.precision()).toByteArray();
            session = CompletableFuture.supplyAsync(() -> {
                try {
                    return openSession(graph, options);
                } catch (EncoderException e) {
                    throw new CompletionException(e);
                }
            });
            String identity = identityOf(WhisperGraph.build(cfg, weights));
            WhisperEncoder encoder = new WhisperEncoder(cfg, options, opened(session), identity, true);
            built = true;
            return encoder;
        } catch (IOException e) {
            throw new EncoderException(e.getMessage(), e);
        } finally {
            if (!built && session != null) {
                session.thenAccept(WhisperEncoder::closeQuietly); // not left open when the reference graph failed
            }
        }
    }

    /** The session, or the EncoderException (or runtime failure) that opening it threw. */
    private static OrtSession opened(CompletableFuture<OrtSession> session) throws EncoderException {
        try {
            return session.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof EncoderException cause) {
                throw cause;
            }
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // nothing to tell: the load already failed for another reason, which is what the caller sees
        }
    }

    /**
     * Opens the reference graph itself (float32, attention spelt out) instead of the inference
     * graph: for measuring what the fused kernels gain ({@code bench encoder}) and for checking
     * them; features are the same to float round-off.
     */
    public static WhisperEncoder loadReference(WeightSource weights, Options options) throws EncoderException {
        if (options.precision() != Precision.FP32) {
            throw new IllegalArgumentException("the reference graph is float32");
        }
        try {
            WhisperConfig cfg = WhisperConfig.of(weights);
            byte[] graph = WhisperGraph.build(cfg, weights).toByteArray();
            return new WhisperEncoder(cfg, options, openSession(graph, options), identityOf(graph), false);
        } catch (IOException e) {
            throw new EncoderException(e.getMessage(), e);
        }
    }

    private static String identityOf(byte[] fp32Graph) {
        return "whisper-" + sha256(fp32Graph).substring(0, 16);
    }

    /**
     * The same hash as {@link #identityOf(byte[])} of the graph's serialised bytes, written straight
     * into the digest: the reference graph (78 MB for whisper-base) is only hashed, never kept.
     */
    private static String identityOf(ModelProto fp32Graph) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (OutputStream digest = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
                fp32Graph.writeTo(digest);
            }
            return "whisper-" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public WhisperConfig config() {
        return config;
    }

    public WhisperLogMel logMel() {
        return logMel;
    }

    @Override
    public EncoderInfo info() {
        return info(config, options.mode(), options.precision(), identity);
    }

    /**
     * What {@link #info()} would say for an encoder built from {@code weights}, without opening an
     * ONNX Runtime session (the identity is a hash of the graph this class would run), so that a
     * caller that only needs to check the identity (ONNX export) does not pay for one.
     */
    public static EncoderInfo describe(WeightSource weights, Mode mode) throws EncoderException {
        return describe(weights, mode, Precision.FP32);
    }

    /** {@link #describe(WeightSource, Mode)} at a precision. */
    public static EncoderInfo describe(WeightSource weights, Mode mode, Precision precision) throws EncoderException {
        try {
            WhisperConfig cfg = WhisperConfig.of(weights);
            return info(cfg, mode, precision, identityOf(WhisperGraph.build(cfg, weights)));
        } catch (IOException e) {
            throw new EncoderException(e.getMessage(), e);
        }
    }

    /**
     * The settings that change the features. Precision is named only when it is not float32, so that
     * float32 stores and models made before precisions existed keep their keys and identities.
     */
    private static EncoderInfo info(WhisperConfig config, Mode mode, Precision precision, String identity) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("mode", mode.name().toLowerCase(Locale.ROOT));
        if (precision != Precision.FP32) {
            settings.put(PRECISION_SETTING, precision.label());
        }
        settings.put("mel_bins", Integer.toString(config.melBins()));
        settings.put("sample_rate", Integer.toString(WhisperLogMel.SAMPLE_RATE));
        return new EncoderInfo("whisper", identity, config.blocks() + 1, config.dModel(), FRAME_RATE_HZ,
                config.parameterCount(), settings);
    }

    @Override
    public HiddenStates encode(Audio audio) throws EncoderException {
        if (audio.sampleRate() != WhisperLogMel.SAMPLE_RATE) {
            throw new EncoderException(audio.source() + ": Whisper needs 16 kHz audio, got " + audio.sampleRate() + " Hz");
        }
        float[] x = audio.samples();
        if (x.length == 0) {
            throw new EncoderException(audio.source() + ": no samples to encode");
        }
        int layers = config.blocks() + 1;
        int totalFrames = 0;
        int windows = (x.length + WhisperLogMel.WINDOW_SAMPLES - 1) / WhisperLogMel.WINDOW_SAMPLES;
        float[][][][] parts = new float[windows][][][];
        for (int w = 0; w < windows; w++) {
            int start = w * WhisperLogMel.WINDOW_SAMPLES;
            int len = Math.min(WhisperLogMel.WINDOW_SAMPLES, x.length - start);
            parts[w] = encodeWindow(x, start, len, audio.source());
            totalFrames += parts[w][0].length;
        }
        float[][][] out = new float[layers][totalFrames][];
        int at = 0;
        for (float[][][] part : parts) {
            for (int l = 0; l < layers; l++) {
                System.arraycopy(part[l], 0, out[l], at, part[l].length);
            }
            at += part[0].length;
        }
        return new HiddenStates(out, FRAME_RATE_HZ);
    }

    /** The encoder frames that cover {@code samples} of real audio: one per 320 samples (20 ms), rounded up. */
    public static int framesCovering(int samples) {
        return (samples + SAMPLES_PER_FRAME - 1) / SAMPLES_PER_FRAME;
    }

    /** Encodes samples [start, start + len) of one window; returns [layer][frame][dim]. */
    private float[][][] encodeWindow(float[] x, int start, int len, String source) throws EncoderException {
        int keep = framesCovering(len);
        int padded = options.mode() == Mode.FAITHFUL ? WhisperLogMel.WINDOW_SAMPLES
                : Math.max(len, WhisperLogMel.N_FFT); // the STFT needs one full window of samples
        float[] window = new float[padded];
        System.arraycopy(x, start, window, 0, len);
        float[] mel = logMel.compute(window);
        int melFrames = WhisperLogMel.frameCount(padded);
        float[][][] hidden = run(mel, melFrames, keep, source);
        keep = Math.min(keep, hidden[0].length);
        float[][][] cropped = new float[hidden.length][][];
        for (int l = 0; l < hidden.length; l++) {
            cropped[l] = keep == hidden[l].length ? hidden[l] : Arrays.copyOf(hidden[l], keep);
        }
        return cropped;
    }

    /**
     * Runs the graph on a log-mel [mels][frames]; returns [layer][frame][dim] for the first
     * {@code keep} frames (every frame from the reference graph, which the caller crops).
     */
    float[][][] run(float[] mel, int melFrames, int keep, String source) throws EncoderException {
        int layers = config.blocks() + 1;
        int d = config.dModel();
        long[] shape = {1, config.melBins(), melFrames};
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(mel), shape);
             OnnxTensor kept = OnnxTensor.createTensor(env, new long[] {keep});
             OrtSession.Result result = session.run(takesKeptFrames
                     ? Map.of("mel", input, WhisperGraph.KEPT_FRAMES, kept) : Map.of("mel", input))) {
            float[][][] out = new float[layers][][];
            for (int l = 0; l < layers; l++) {
                OnnxTensor t = (OnnxTensor) result.get(WhisperGraph.outputName(l)).orElseThrow();
                FloatBuffer fb = t.getFloatBuffer();
                int frames = fb.remaining() / d;
                float[][] layer = new float[frames][d];
                for (int f = 0; f < frames; f++) {
                    fb.get(layer[f]);
                }
                out[l] = layer;
            }
            return out;
        } catch (OrtException e) {
            throw new EncoderException(source + ": ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX Runtime session failed", e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
