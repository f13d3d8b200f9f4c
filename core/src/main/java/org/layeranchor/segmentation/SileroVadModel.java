package org.layeranchor.segmentation;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The Silero VAD v5 network (MIT licence; see {@code core/src/main/resources/vad/README.md} for where the
 * file comes from) in an ONNX Runtime session: one 32-ms chunk of 16-kHz audio and the recurrent state
 * in, the probability that the chunk is speech and the next state out. It keeps no state itself:
 * {@link SileroVadStream} carries it from chunk to chunk.
 *
 * <p>The interface, as read from the file with {@code OrtSession.getInputInfo()}: inputs
 * {@code input} float [batch, samples], {@code state} float [2, batch, 128], {@code sr} int64 scalar;
 * outputs {@code output} float [batch, 1] and {@code stateN} (the next state).
 */
final class SileroVadModel implements AutoCloseable {
    /** The only rate the wrapper feeds it (the model also knows 8 kHz, which LayerAnchor never has). */
    static final int RATE = 16_000;
    /** Samples per chunk at 16 kHz: the only chunk size v5 accepts at that rate. */
    static final int CHUNK = 512;
    /**
     * Samples of the previous chunk prepended to each chunk, as silero-vad's own {@code OnnxWrapper}
     * does for v5 at 16 kHz: the network was trained seeing them, and without them an onset that
     * straddles a chunk boundary is missed.
     */
    static final int CONTEXT = 64;
    /** Floats in the recurrent state: [2, 1, 128]. */
    static final int STATE_SIZE = 2 * 128;
    /** Where the copy committed to this repository lies on the classpath. */
    static final String BUNDLED = "/vad/silero_vad_v5.onnx";

    private static final long[] STATE_SHAPE = {2, 1, 128};
    private static final long[] INPUT_SHAPE = {1, CONTEXT + CHUNK};

    private final OrtEnvironment env;
    private final OrtSession session;

    private SileroVadModel(OrtEnvironment env, OrtSession session) {
        this.env = env;
        this.session = session;
    }

    /** The model file shipped in the jar. */
    static SileroVadModel bundled() throws IOException {
        try (InputStream in = SileroVadModel.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IOException("classpath:" + BUNDLED + ": the Silero VAD model is missing from this build");
            }
            return load("classpath:" + BUNDLED, in.readAllBytes());
        }
    }

    /** A Silero VAD v5 ONNX file; anything else is refused with one line naming the file. */
    static SileroVadModel open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such Silero VAD model file");
        }
        return load(file.toString(), Files.readAllBytes(file));
    }

    private static SileroVadModel load(String name, byte[] bytes) throws IOException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // Chunks run one after another (each needs the state of the one before) through a small network:
            // one thread, leaving the cores to the encoder.
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            session = env.createSession(bytes, options);
        } catch (OrtException e) {
            throw new IOException(name + ": not an ONNX model ONNX Runtime can load (" + firstLine(e.getMessage()) + ")", e);
        }
        try {
            requireSileroV5Interface(name, session);
        } catch (IOException e) {
            closeQuietly(session);
            throw e;
        }
        return new SileroVadModel(env, session);
    }

    private static void requireSileroV5Interface(String name, OrtSession session) throws IOException {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            boolean ok = inputs.keySet().equals(Set.of("input", "state", "sr"))
                    && outputs.keySet().containsAll(Set.of("output", "stateN"))
                    && inputs.get("state").getInfo() instanceof TensorInfo state
                    && state.getShape().length == 3 && state.getShape()[0] == 2 && state.getShape()[2] == 128;
            if (!ok) {
                throw new IOException(name + ": not a Silero VAD v5 model (expected inputs input, state [2, n, 128], sr "
                        + "and outputs output, stateN; found inputs " + inputs.keySet() + ", outputs " + outputs.keySet() + ")");
            }
        } catch (OrtException e) {
            throw new IOException(name + ": cannot read the model's inputs (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    /**
     * One step of the network.
     *
     * @param window {@link #CONTEXT} samples of the previous chunk then {@link #CHUNK} new ones
     * @param state  {@link #STATE_SIZE} floats, read and replaced by the next state
     * @return the probability that the chunk is speech
     */
    float step(float[] window, float[] state) {
        if (window.length != CONTEXT + CHUNK || state.length != STATE_SIZE) {
            throw new IllegalArgumentException("a Silero step takes " + (CONTEXT + CHUNK) + " samples and "
                    + STATE_SIZE + " state values, got " + window.length + " and " + state.length);
        }
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(window), INPUT_SHAPE);
             OnnxTensor stateIn = OnnxTensor.createTensor(env, FloatBuffer.wrap(state), STATE_SHAPE);
             OnnxTensor sr = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {RATE}), new long[0]);
             OrtSession.Result out = session.run(Map.of("input", input, "state", stateIn, "sr", sr))) {
            float probability = ((OnnxTensor) out.get("output").orElseThrow()).getFloatBuffer().get(0);
            OnnxValue next = out.get("stateN").orElseThrow();
            ((OnnxTensor) next).getFloatBuffer().get(state);
            return probability;
        } catch (OrtException e) {
            throw new IllegalStateException("the Silero VAD model failed on a chunk: " + firstLine(e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // Nothing to do about a session that cannot be released at shutdown.
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
