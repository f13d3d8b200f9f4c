package org.layeranchor.encoder.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.layeranchor.audio.Audio;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.encoder.SpeechEncoder;

/**
 * Any exported ONNX speech encoder (WavLM, HuBERT, wav2vec 2.0, XLS-R, ...) that takes a 16 kHz
 * waveform {@code input_values} [batch, samples], with every transformer layer's hidden states made
 * available.
 *
 * <p>Exports usually return only the last hidden state. On {@link #open} the model's protobuf is
 * parsed, the tensor holding each layer is found ({@link LayerDiscovery}: block scopes in node names,
 * else the chain of residual Adds; or the names given in {@link OnnxLayerTapSettings#layerTensors()}),
 * those tensors are added to the graph's outputs, and an ONNX Runtime session is created from the
 * edited model. The file on disk is not changed. Layer 0 is the first block's input and the last
 * layer the last block's output after the encoder's final LayerNorm, if it has one (Hugging Face's
 * {@code output_hidden_states} convention); {@link #layers()} says what was found.
 *
 * <p>Open runs one second of silence through the model, so that a wrong tap (tensors of different
 * shapes) fails at once rather than on the first file of a corpus.
 *
 * <p>Models over 2 GB keep their weights in external data files; these are looked up in the model's
 * folder, as when ONNX Runtime loads the file itself. Thread safe: {@code OrtSession.run} is, and
 * nothing else changes after {@link #open}.
 */
public final class OnnxLayerTapEncoder implements SpeechEncoder {
    /** Hugging Face's feature extractors add this to the variance before dividing. */
    static final double NORMALIZE_EPSILON = 1e-7;
    private static final String EXTERNAL_DATA_FOLDER_KEY = "session.model_external_initializers_file_folder_path";
    private static final int PROBE_SAMPLES = Audio.TARGET_RATE;

    private final Path modelFile;
    private final OnnxLayerTapSettings settings;
    private final DiscoveredLayers layers;
    private final OrtEnvironment env;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final String waveformInput;
    private final long[] waveformShapePrefix;
    private final Map<String, NodeInfo> maskInputs;
    private final Set<String> requested;
    private final EncoderInfo info;

    private OnnxLayerTapEncoder(Path modelFile, OnnxLayerTapSettings settings, DiscoveredLayers layers,
                                OrtEnvironment env, OrtSession.SessionOptions options, OrtSession session,
                                String waveformInput, long[] waveformShapePrefix, Map<String, NodeInfo> maskInputs,
                                String identity, long parameters, int dim) {
        this.modelFile = modelFile;
        this.settings = settings;
        this.layers = layers;
        this.env = env;
        this.options = options;
        this.session = session;
        this.waveformInput = waveformInput;
        this.waveformShapePrefix = waveformShapePrefix;
        this.maskInputs = maskInputs;
        this.requested = new LinkedHashSet<>(layers.tensors());
        this.info = dim < 0 ? null : makeInfo(identity, parameters, dim);
    }

    /** Opens a model with {@link OnnxLayerTapSettings#defaults()}. */
    public static OnnxLayerTapEncoder open(Path modelFile) throws EncoderException {
        return open(modelFile, OnnxLayerTapSettings.defaults());
    }

    /**
     * Opens a model, finds (or takes) its layer tensors, and checks them on one second of silence.
     *
     * @throws EncoderException naming the file, when it is not an ONNX model, has no recognisable
     *                          transformer layers (the message says how to name them by hand), or
     *                          its layer tensors do not all have the same [frames, dim] shape
     */
    public static OnnxLayerTapEncoder open(Path modelFile, OnnxLayerTapSettings settings) throws EncoderException {
        if (!Files.isRegularFile(modelFile)) {
            throw new EncoderException(modelFile + ": no such ONNX model file");
        }
        ModelProto model;
        MappedByteBuffer bytes;
        try (FileChannel ch = FileChannel.open(modelFile, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) {
                throw new EncoderException(modelFile + ": " + ch.size() + " bytes; an ONNX file cannot exceed 2 GB, "
                        + "export large models with external data (see docs/ONNX_EXPORT.md)");
            }
            bytes = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            // Aliasing lets the weights' bytes stay in the mapped file instead of being copied to the heap.
            CodedInputStream in = CodedInputStream.newInstance(bytes.duplicate());
            in.enableAliasing(true);
            in.setSizeLimit(Integer.MAX_VALUE);
            model = ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw new EncoderException(modelFile + ": not a readable ONNX model (" + e.getMessage() + ")", e);
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new EncoderException(modelFile + ": not an ONNX model (no graph nodes)");
        }
        GraphProto graph = model.getGraph();
        String identity = identity(modelFile, bytes, graph);
        DiscoveredLayers layers = settings.layerTensors().isEmpty()
                ? LayerDiscovery.discover(graph, modelFile.toString())
                : LayerDiscovery.byHand(graph, settings.layerTensors(), modelFile.toString());
        byte[] edited = withOutputs(model, layers.tensors());

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = null;
        OrtSession session = null;
        try {
            options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(settings.intraOpThreads());
            options.setInterOpNumThreads(1);
            Path folder = modelFile.toAbsolutePath().getParent();
            options.addConfigEntry(EXTERNAL_DATA_FOLDER_KEY, folder.toString());
            session = env.createSession(edited, options);

            Map<String, NodeInfo> inputs = session.getInputInfo();
            String waveform = chooseWaveformInput(inputs, settings.inputName(), modelFile);
            Map<String, NodeInfo> masks = new LinkedHashMap<>();
            for (Map.Entry<String, NodeInfo> e : inputs.entrySet()) {
                if (e.getKey().equals(waveform)) {
                    continue;
                }
                if (!e.getKey().contains("attention_mask")) {
                    throw new EncoderException(modelFile + ": input '" + e.getKey() + "' is neither the waveform ('"
                            + waveform + "') nor an attention mask; inputs are " + inputs.keySet());
                }
                masks.put(e.getKey(), e.getValue());
            }
            TensorInfo waveInfo = (TensorInfo) inputs.get(waveform).getInfo();
            if (waveInfo.type != OnnxJavaType.FLOAT) {
                throw new EncoderException(modelFile + ": waveform input '" + waveform + "' is " + waveInfo.type
                        + "; only float32 waveforms are supported (export in float32)");
            }
            long[] prefix = new long[Math.max(0, waveInfo.getShape().length - 1)];
            Arrays.fill(prefix, 1);

            long parameters = countParameters(graph);
            OnnxLayerTapEncoder probe = new OnnxLayerTapEncoder(modelFile, settings, layers, env, options, session,
                    waveform, prefix, masks, identity, parameters, -1);
            HiddenStates silence = probe.run(new float[PROBE_SAMPLES], "one second of silence (checking the layer taps)");
            return new OnnxLayerTapEncoder(modelFile, settings, layers, env, options, session,
                    waveform, prefix, masks, identity, parameters, silence.dim());
        } catch (OrtException | EncoderException | RuntimeException e) {
            closeQuietly(session, options);
            if (e instanceof EncoderException ee) {
                throw ee;
            }
            throw new EncoderException(modelFile + ": ONNX Runtime could not load the model with its layer taps "
                    + layers.tensors() + " (" + e.getMessage() + ")", e);
        }
    }

    /** The model with the layer tensors added as graph outputs (those that already are, once). */
    static byte[] withOutputs(ModelProto model, List<String> tensors) {
        GraphProto graph = model.getGraph();
        Set<String> outputs = new HashSet<>();
        graph.getOutputList().forEach(o -> outputs.add(o.getName()));
        Map<String, ValueInfoProto> known = new HashMap<>();
        graph.getValueInfoList().forEach(v -> known.put(v.getName(), v));
        ModelProto.Builder edited = model.toBuilder();
        GraphProto.Builder g = edited.getGraphBuilder();
        for (String t : new LinkedHashSet<>(tensors)) {
            if (outputs.contains(t)) {
                continue;
            }
            // A declared type is kept; without one ONNX Runtime infers it, which it does for any
            // intermediate tensor.
            ValueInfoProto declared = known.get(t);
            g.addOutput(declared != null ? declared : ValueInfoProto.newBuilder().setName(t).build());
        }
        return edited.build().toByteArray();
    }

    private static String chooseWaveformInput(Map<String, NodeInfo> inputs, String requested, Path modelFile)
            throws EncoderException {
        if (!requested.isEmpty()) {
            if (!inputs.containsKey(requested)) {
                throw new EncoderException(modelFile + ": no input named '" + requested + "'; inputs are " + inputs.keySet());
            }
            return requested;
        }
        if (inputs.size() == 1) {
            return inputs.keySet().iterator().next();
        }
        if (inputs.containsKey("input_values")) {
            return "input_values";
        }
        throw new EncoderException(modelFile + ": cannot tell which input is the waveform among " + inputs.keySet()
                + "; set OnnxLayerTapSettings.withInputName(...)");
    }

    @Override
    public HiddenStates encode(Audio audio) throws EncoderException {
        if (audio.sampleRate() != Audio.TARGET_RATE) {
            throw new EncoderException(audio.source() + ": " + audio.sampleRate() + " Hz audio; "
                    + modelFile.getFileName() + " needs " + Audio.TARGET_RATE + " Hz, resample first");
        }
        if (audio.samples().length == 0) {
            throw new EncoderException(audio.source() + ": no samples to encode");
        }
        return run(audio.samples(), audio.source());
    }

    private HiddenStates run(float[] samples, String source) throws EncoderException {
        float[] wave = settings.normalizeWaveform() ? zeroMeanUnitVariance(samples) : samples;
        long[] shape = Arrays.copyOf(waveformShapePrefix, waveformShapePrefix.length + 1);
        shape[shape.length - 1] = wave.length;
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try {
            feeds.put(waveformInput, OnnxTensor.createTensor(env, FloatBuffer.wrap(wave), shape));
            for (Map.Entry<String, NodeInfo> mask : maskInputs.entrySet()) {
                feeds.put(mask.getKey(), allOnes(mask.getValue(), shape));
            }
            try (OrtSession.Result result = session.run(feeds, requested)) {
                return collect(result, source);
            }
        } catch (OrtException e) {
            throw new EncoderException(source + ": " + modelFile.getFileName() + " failed on "
                    + wave.length + " samples (" + e.getMessage() + ")", e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor allOnes(NodeInfo mask, long[] shape) throws OrtException {
        int n = Math.toIntExact(shape[shape.length - 1]);
        OnnxJavaType type = ((TensorInfo) mask.getInfo()).type;
        if (type == OnnxJavaType.INT32) {
            int[] ones = new int[n];
            Arrays.fill(ones, 1);
            return OnnxTensor.createTensor(env, IntBuffer.wrap(ones), shape);
        }
        long[] ones = new long[n];
        Arrays.fill(ones, 1L);
        return OnnxTensor.createTensor(env, LongBuffer.wrap(ones), shape);
    }

    private HiddenStates collect(OrtSession.Result result, String source) throws EncoderException, OrtException {
        List<String> names = layers.tensors();
        float[][][] out = new float[names.size()][][];
        long[] firstShape = null;
        for (int l = 0; l < names.size(); l++) {
            String name = names.get(l);
            OnnxValue value = result.get(name).orElseThrow(() ->
                    new EncoderException(source + ": ONNX Runtime returned no value for layer tensor '" + name + "'"));
            if (!(value instanceof OnnxTensor tensor)) {
                throw new EncoderException(modelFile + ": layer tensor '" + name + "' is not a tensor");
            }
            long[] shape = tensor.getInfo().getShape();
            long[] frameDim = framesByDim(shape);
            if (frameDim == null) {
                throw new EncoderException(modelFile + ": layer tensor '" + name + "' has shape " + Arrays.toString(shape)
                        + ", not [1, frames, dim], [frames, 1, dim] or [frames, dim]; "
                        + "name the layer tensors by hand (" + layers.detail() + ")");
            }
            if (firstShape == null) {
                firstShape = frameDim;
            } else if (!Arrays.equals(firstShape, frameDim)) {
                throw new EncoderException(modelFile + ": layer tensors do not agree in shape: '" + names.get(0) + "' is "
                        + Arrays.toString(firstShape) + " (frames, dim) but '" + name + "' is " + Arrays.toString(frameDim)
                        + "; these taps (" + layers.detail() + ") are not all hidden states"
                        + (layers.rule() == DiscoveredLayers.Rule.BY_HAND ? "" : ", name them by hand"));
            }
            FloatBuffer data = tensor.getFloatBuffer();
            if (data == null) {
                throw new EncoderException(modelFile + ": layer tensor '" + name + "' holds " + tensor.getInfo().type
                        + ", not floating-point values");
            }
            int frames = (int) frameDim[0];
            int dim = (int) frameDim[1];
            float[][] layer = new float[frames][dim];
            for (int f = 0; f < frames; f++) {
                data.get(layer[f]);
            }
            out[l] = layer;
        }
        return new HiddenStates(out, settings.frameRateHz());
    }

    /**
     * [frames, dim] of a batch-1 hidden-state tensor: [1, F, D] (batch first, Hugging Face),
     * [F, 1, D] (time first, fairseq) or [F, D]; in each case the data is F×D in row-major order.
     */
    private static long[] framesByDim(long[] shape) {
        if (shape.length == 3 && shape[0] == 1) {
            return new long[]{shape[1], shape[2]};
        }
        if (shape.length == 3 && shape[1] == 1) {
            return new long[]{shape[0], shape[2]};
        }
        if (shape.length == 2) {
            return shape.clone();
        }
        return null;
    }

    /** {@code (x - mean) / sqrt(var + 1e-7)} with population variance, as Hugging Face computes it. */
    static float[] zeroMeanUnitVariance(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += v;
        }
        double mean = sum / x.length;
        double squares = 0;
        for (float v : x) {
            double d = v - mean;
            squares += d * d;
        }
        double scale = 1.0 / Math.sqrt(squares / x.length + NORMALIZE_EPSILON);
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) ((x[i] - mean) * scale);
        }
        return y;
    }

    /** What was tapped and how it was found. */
    public DiscoveredLayers layers() {
        return layers;
    }

    public OnnxLayerTapSettings settings() {
        return settings;
    }

    @Override
    public EncoderInfo info() {
        return info;
    }

    private EncoderInfo makeInfo(String identity, long parameters, int dim) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("model", modelFile.getFileName().toString());
        s.put("input", waveformInput);
        s.put("normalizeWaveform", Boolean.toString(settings.normalizeWaveform()));
        s.put("discovery", layers.rule() + ": " + layers.detail());
        s.put("layerTensors", String.join(",", layers.tensors()));
        return new EncoderInfo("onnx", identity, layers.tensors().size(), dim, settings.frameRateHz(), parameters,
                Map.copyOf(s));
    }

    private static long countParameters(GraphProto graph) {
        long n = 0;
        for (TensorProto t : graph.getInitializerList()) {
            long size = 1;
            for (long d : t.getDimsList()) {
                size *= d;
            }
            n += size;
        }
        return n;
    }

    /**
     * SHA-256 of the model file followed by its external-data files (sorted by name), so that the
     * identity changes when weights kept outside the .onnx file change.
     */
    private static String identity(Path modelFile, ByteBuffer modelBytes, GraphProto graph) throws EncoderException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        md.update(modelBytes.duplicate());
        Set<String> external = new TreeSet<>();
        for (TensorProto t : graph.getInitializerList()) {
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                t.getExternalDataList().stream().filter(e -> e.getKey().equals("location"))
                        .forEach(e -> external.add(e.getValue()));
            }
        }
        Path folder = modelFile.toAbsolutePath().getParent();
        byte[] buffer = new byte[1 << 20];
        for (String location : external) {
            Path file = folder.resolve(location);
            try (InputStream in = Files.newInputStream(file)) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    md.update(buffer, 0, n);
                }
            } catch (IOException e) {
                throw new EncoderException(modelFile + ": its weights are in external data file " + file
                        + ", which cannot be read (" + e.getMessage() + "); keep it beside the model", e);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    @Override
    public void close() {
        closeQuietly(session, options);
    }

    private static void closeQuietly(OrtSession session, OrtSession.SessionOptions options) {
        try {
            if (session != null) {
                session.close();
            }
        } catch (OrtException e) {
            // Closing releases native memory; a failure here leaves nothing for the caller to do.
        }
        if (options != null) {
            options.close();
        }
    }
}
