package org.layeranchor.encoder.whisper;

import static org.layeranchor.onnx.GraphBuilder.attr;
import static org.layeranchor.onnx.GraphBuilder.attrs;
import static org.layeranchor.onnx.GraphBuilder.in;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.layeranchor.encoder.weights.Tensor;
import org.layeranchor.encoder.weights.WeightSource;
import org.layeranchor.onnx.GraphBuilder;

/**
 * The Whisper encoder as an ONNX graph, built from its weights, with every layer as a graph output.
 *
 * <p>Read top to bottom, this is the forward pass:
 * <pre>
 * mel [1, mels, T]
 *   → conv1 (k3, pad 1) → GELU → conv2 (k3, stride 2, pad 1) → GELU   [1, d, F],  F = ceil(T / 2)
 *   → transpose → + positions[0:F]                                    [1, F, d]   = hidden_0
 *   → N × pre-LayerNorm block:  h += Attn(LN(h));  h += FFN(LN(h))    [1, F, d]   = hidden_1..N
 *   → final LayerNorm on the last block's output                                   (replaces hidden_N)
 * </pre>
 * Outputs are {@code hidden_0 .. hidden_N}, the Hugging Face {@code output_hidden_states} convention.
 * The frame count F is symbolic, so one graph serves both 30-s windows and clips of any shorter length.
 */
public final class WhisperGraph {
    private static final float LN_EPS = 1e-5f;
    /** Opset 20 has an exact-erf Gelu operator, which ONNX Runtime runs as one kernel. */
    public static final long OPSET = 20;
    private static final String PRODUCER = "layeranchor";

    private final WhisperConfig cfg;
    private final WeightSource weights;
    private final GraphBuilder g;
    private final Precision precision;
    private final boolean fusedAttention;

    private WhisperGraph(WhisperConfig cfg, WeightSource weights, GraphBuilder g, Precision precision,
                         boolean fusedAttention) {
        this.cfg = cfg;
        this.weights = weights;
        this.g = g;
        this.precision = precision;
        this.fusedAttention = fusedAttention;
    }

    /**
     * The reference graph: float32, standard ONNX operators only, attention spelt out. Its bytes
     * define the encoder's identity ({@link WhisperEncoder#info()}); every weight's shape is checked
     * against {@code cfg}.
     */
    public static ModelProto build(WhisperConfig cfg, WeightSource weights) throws IOException {
        return build(cfg, weights, Precision.FP32, false);
    }

    /** The inference graph's second input: how many leading frames to return (int64 [1]). */
    public static final String KEPT_FRAMES = "kept_frames";

    /**
     * The graph {@link WhisperEncoder} runs: the linear layers at {@code precision}, attention as
     * ONNX Runtime's fused MultiHeadAttention kernel (1.3–1.4× faster on a 30-s window), and a second
     * input, {@link #KEPT_FRAMES}: every output holds only the first {@code kept_frames} frames,
     * those that cover the real audio. In float32 the last block is computed for those frames alone
     * (below); its states match the reference graph's to float round-off, held by WhisperGoldenTest.
     *
     * <p>Why the last block can skip the padding exactly: a block's output at frame t depends on
     * every frame's input only through the keys and values; its queries, attention output,
     * residual and MLP are per frame. So blocks 1..N-1 must run on every frame (the next block's
     * keys and values read them), but the last block needs keys and values for every frame and
     * nothing else for the frames nobody keeps. For a 3-s clip in a 30-s window that is about 13 %
     * of the window's work. In int8 the last block stays whole: the activations' quantisation
     * scale is taken over the whole tensor, so computing fewer rows would change the kept ones.
     */
    public static ModelProto buildForInference(WhisperConfig cfg, WeightSource weights, Precision precision)
            throws IOException {
        return build(cfg, weights, precision, true);
    }

    private static ModelProto build(WhisperConfig cfg, WeightSource weights, Precision precision, boolean inference)
            throws IOException {
        GraphBuilder g = new GraphBuilder("whisper_encoder_all_layers");
        String mel = g.input("mel", 1L, (long) cfg.melBins(), "mel_frames");
        String kept = inference ? g.int64Input(KEPT_FRAMES, 1L) : null;
        List<String> hidden = new WhisperGraph(cfg, weights, g, precision, inference).encoder(mel, kept);
        for (String h : hidden) {
            g.output(h, 1L, inference ? "kept_frames" : "frames", (long) cfg.dModel());
        }
        return g.build(OPSET, PRODUCER);
    }

    /**
     * Adds the encoder to a graph under construction, for graphs that go on after it (pooling, a
     * classifier): {@code mel} [1, mels, T] in; out, the names of hidden states 0..N [1, F, d] in
     * order, the very values {@link #build} makes its outputs ({@link #outputName}). Declares no
     * graph input or output; the graph must use opset {@link #OPSET} or later.
     */
    public static List<String> addEncoder(GraphBuilder g, WhisperConfig cfg, WeightSource weights, String mel)
            throws IOException {
        return addEncoder(g, cfg, weights, mel, Precision.FP32);
    }

    /** {@link #addEncoder(GraphBuilder, WhisperConfig, WeightSource, String)} at a precision. */
    public static List<String> addEncoder(GraphBuilder g, WhisperConfig cfg, WeightSource weights, String mel,
                                          Precision precision) throws IOException {
        return new WhisperGraph(cfg, weights, g, precision, false).encoder(mel, null);
    }

    /**
     * Builds the transformer stack alone, as the reference pair in {@code shared/} defines it:
     * input [1, F, d] → final LayerNorm → blocks 0..N-1 → output {@code blocks_output}, no LayerNorm after.
     * Used to test the blocks independently of the front end.
     */
    public static ModelProto buildBlocksOnly(WhisperConfig cfg, WeightSource weights) throws IOException {
        WhisperGraph w = new WhisperGraph(cfg, weights, new GraphBuilder("whisper_encoder_all_layers"), Precision.FP32, false);
        int d = cfg.dModel();
        String x = w.g.input("blocks_input", 1L, "frames", (long) d);
        String h = w.layerNorm(x, "layer_norm");
        for (int i = 0; i < cfg.blocks(); i++) {
            h = w.block(h, i, i == cfg.blocks() - 1 ? "blocks_output" : null);
        }
        w.g.output("blocks_output", 1L, "frames", (long) d);
        return w.g.build(OPSET, PRODUCER);
    }

    /** Name of hidden-state output {@code layer} (0 .. blocks). */
    public static String outputName(int layer) {
        return "hidden_" + layer;
    }

    /** The encoder from {@code mel}; with {@code kept} (an int64 [1] value), every output cut to its first kept frames. */
    private List<String> encoder(String mel, String kept) throws IOException {
        int d = cfg.dModel();

        // Convolutional front end: two 1-D convolutions over time, the second halving the frame rate.
        String x = conv(mel, "conv1", cfg.melBins(), 1);
        x = g.op("Gelu", in(x));
        x = conv(x, "conv2", d, 2);
        x = g.op("Gelu", in(x));
        x = g.op("Transpose", in(x), attrs("perm", 0, 2, 1));                     // [1, F, d]

        // Learned absolute positions, cut to the number of frames actually present.
        String frames = g.op("Slice", in(g.op("Shape", in(x)), g.longs("c_1", 1), g.longs("c_2", 2)));
        String positions = g.op("Slice", in(constant("embed_positions.weight", cfg.positions(), d),
                g.longs("c_0", 0), frames, g.longs("axis_0", 0)));
        String h;
        if (kept == null) {
            h = g.opNamed("Add", outputName(0), in(x, positions));
        } else {
            h = g.op("Add", in(x, positions));
            firstFrames(h, kept, outputName(0));
        }

        for (int i = 0; i < cfg.blocks(); i++) {
            boolean last = i == cfg.blocks() - 1;
            if (kept == null) {
                h = block(h, i, last ? null : outputName(i + 1));
            } else if (!last) {
                h = block(h, i, null);
                firstFrames(h, kept, outputName(i + 1));
            } else if (precision == Precision.FP32) {
                h = lastBlockForKeptFrames(h, i, kept);
            } else {
                h = firstFrames(block(h, i, null), kept, null);
            }
        }
        // The last hidden state is the final LayerNorm's output (Hugging Face convention).
        g.opNamed("LayerNormalization", outputName(cfg.blocks()),
                in(h, constant("layer_norm.weight", d), constant("layer_norm.bias", d)), attr("epsilon", LN_EPS));

        List<String> hidden = new ArrayList<>();
        for (int l = 0; l <= cfg.blocks(); l++) {
            hidden.add(outputName(l));
        }
        return hidden;
    }

    /** One pre-LayerNorm block: h += Attn(LN(h)); h += FFN(LN(h)). {@code outputName} may be null. */
    private String block(String h, int i, String outputName) throws IOException {
        int d = cfg.dModel();
        String p = "layers." + i + ".";
        String a = layerNorm(h, p + "self_attn_layer_norm");
        h = g.op("Add", in(h, attention(a, p + "self_attn.")));
        String f = layerNorm(h, p + "final_layer_norm");
        f = linear(f, p + "fc1", d, cfg.ffnDim());
        f = g.op("Gelu", in(f));
        // fc2 stays float32 at every precision: its input is GELU's output over 2048 dimensions, whose
        // few large values set a per-tensor uint8 scale that flattens the rest. Quantising it moved
        // the pooled states of layers 4-6 by 0.22 corpus standard deviations (median, 24 real clips);
        // keeping it float32 brought that to 0.04 (docs/BENCHMARK.md, "Int8 linear layers").
        f = linear(f, p + "fc2", cfg.ffnDim(), d, Precision.FP32);
        return outputName == null ? g.op("Add", in(h, f)) : g.opNamed("Add", outputName, in(h, f));
    }

    /** The first {@code kept} frames of {@code x} [1, F, d]; {@code name} may be null. */
    private String firstFrames(String x, String kept, String name) {
        String[] inputs = in(x, g.longs("c_0", 0), kept, g.longs("axis_1", 1));
        return name == null ? g.op("Slice", inputs) : g.opNamed("Slice", name, inputs);
    }

    /**
     * The last block for the first {@code kept} frames only: keys and values from every frame,
     * everything else (queries, attention output, residual, MLP) for the kept frames alone. The same
     * arithmetic as {@link #block} on those frames; see {@link #buildForInference} for why it is exact.
     */
    private String lastBlockForKeptFrames(String h, int i, String kept) throws IOException {
        int d = cfg.dModel();
        String p = "layers." + i + ".";
        String a = layerNorm(h, p + "self_attn_layer_norm");                      // every frame: keys, values
        String hKept = firstFrames(h, kept, null);
        String ctx = crossAttention(firstFrames(a, kept, null), a, p + "self_attn.");
        String h2 = g.op("Add", in(hKept, ctx));
        String f = layerNorm(h2, p + "final_layer_norm");
        f = linear(f, p + "fc1", d, cfg.ffnDim());
        f = g.op("Gelu", in(f));
        f = linear(f, p + "fc2", cfg.ffnDim(), d, Precision.FP32);
        return g.op("Add", in(h2, f));
    }

    /**
     * Attention of the {@code queries} frames over all {@code frames}: the weights of
     * {@link #attention}, the q projection on the queries' rows, k and v (one [d, 2d] product) on
     * every frame's, then the fused kernel and the output projection. Float32 only.
     */
    private String crossAttention(String queries, String frames, String p) throws IOException {
        int d = cfg.dModel();
        float[][] q = stackedProjections(p, "q");
        float[][] kv = stackedProjections(p, "k", "v");
        String queriesProjected = matMulAddBias(queries, p + "q", q[0], q[1], d, d, Precision.FP32);        // [1, S, d]
        String keysValues = matMulAddBias(frames, p + "kv", kv[0], kv[1], d, 2 * d, Precision.FP32);    // [1, F, 2d]
        String k = g.op("Slice", in(keysValues, g.longs("c_0", 0), g.longs("c_d", d), g.longs("axis_2", 2)));
        String v = g.op("Slice", in(keysValues, g.longs("c_d", d), g.longs("c_2d", 2L * d), g.longs("axis_2", 2)));
        String ctx = g.opIn("com.microsoft", "MultiHeadAttention", p + "attention", in(queriesProjected, k, v),
                attr("num_heads", (long) cfg.heads()), attr("scale", 1.0f));             // [1, S, d]
        return linear(ctx, p + "out_proj", d, d, Precision.FP32);
    }

    /**
     * The named projections of attention {@code p} ("q", "k", "v"), each (out, in) matrix transposed to
     * [in = d][out] and stacked side by side in the order given, with their biases: {weights [d][n·d],
     * biases [n·d]}. q and its bias are scaled by headDim^-0.5 here, so the attention kernel needs no
     * scale; k has no bias in Whisper (zeros).
     */
    private float[][] stackedProjections(String p, String... names) throws IOException {
        int d = cfg.dModel();
        int width = names.length * d;
        float scale = (float) Math.pow(cfg.headDim(), -0.5);
        float[] w = new float[d * width];
        float[] b = new float[width];
        for (int n = 0; n < names.length; n++) {
            boolean query = names[n].equals("q");
            float[] wn = weights.load(p + names[n] + "_proj.weight", d, d).data();
            wn = query ? scaled(wn, scale) : wn;
            transposeInto(wn, d, d, w, width, n * d);
            if (!names[n].equals("k")) {
                float[] bn = weights.load(p + names[n] + "_proj.bias", d).data();
                System.arraycopy(query ? scaled(bn, scale) : bn, 0, b, n * d, d);
            }
        }
        return new float[][] {w, b};
    }

    /** Multi-head self-attention without masking; q is scaled by headDim^-0.5 before the product. */
    private String attention(String x, String p) throws IOException {
        int d = cfg.dModel();
        int heads = cfg.heads();
        int hd = cfg.headDim();
        // One [d, 3d] matrix product for q, k and v (k has no bias in Whisper: zeros keep one Add).
        float[][] wb = stackedProjections(p, "q", "k", "v");
        String qkv = matMulAddBias(x, p + "qkv", wb[0], wb[1], d, 3 * d, precision);              // [1, F, 3d]
        if (fusedAttention) {
            // ONNX Runtime's MultiHeadAttention kernel: the same softmax(q kᵀ) v per head, without
            // materialising the [H, F, F] scores (8 × 1500² floats per layer for a 30-s window).
            // q is already scaled, hence scale 1.
            String q = g.op("Slice", in(qkv, g.longs("c_0", 0), g.longs("c_d", d), g.longs("axis_2", 2)));
            String k = g.op("Slice", in(qkv, g.longs("c_d", d), g.longs("c_2d", 2L * d), g.longs("axis_2", 2)));
            String v = g.op("Slice", in(qkv, g.longs("c_2d", 2L * d), g.longs("c_3d", 3L * d), g.longs("axis_2", 2)));
            String ctx = g.opIn("com.microsoft", "MultiHeadAttention", p + "attention", in(q, k, v),
                    attr("num_heads", (long) heads), attr("scale", 1.0f));                // [1, F, d]
            return linear(ctx, p + "out_proj", d, d);
        }
        String heads5 = g.op("Reshape", in(qkv, g.longs(p + "shape_qkv", 1, -1, 3, heads, hd))); // [1, F, 3, H, hd]
        String qkvT = g.op("Transpose", in(heads5), attrs("perm", 2, 0, 3, 1, 4)); // [3, 1, H, F, hd]
        String q = g.op("Squeeze", in(g.op("Slice", in(qkvT, g.longs("c_0", 0), g.longs("c_1", 1), g.longs("axis_0", 0))),
                g.longs("axis_0", 0)));
        String k = g.op("Squeeze", in(g.op("Slice", in(qkvT, g.longs("c_1", 1), g.longs("c_2", 2), g.longs("axis_0", 0))),
                g.longs("axis_0", 0)));
        String v = g.op("Squeeze", in(g.op("Slice", in(qkvT, g.longs("c_2", 2), g.longs("c_3", 3), g.longs("axis_0", 0))),
                g.longs("axis_0", 0)));                                               // [1, H, F, hd] each
        String kT = g.op("Transpose", in(k), attrs("perm", 0, 1, 3, 2));          // [1, H, hd, F]
        String scores = g.op("MatMul", in(q, kT));                                 // [1, H, F, F]
        String probs = g.op("Softmax", in(scores), attr("axis", -1L));
        String ctx = g.op("MatMul", in(probs, v));                                 // [1, H, F, hd]
        ctx = g.op("Transpose", in(ctx), attrs("perm", 0, 2, 1, 3));              // [1, F, H, hd]
        ctx = g.op("Reshape", in(ctx, g.longs(p + "shape_merge", 1, -1, d)));      // [1, F, d]
        return linear(ctx, p + "out_proj", d, d);
    }

    /** y = x Wᵀ + b with W stored (out, in); the transpose is done once here, not in the graph. */
    private String linear(String x, String name, int inDim, int outDim) throws IOException {
        return linear(x, name, inDim, outDim, precision);
    }

    private String linear(String x, String name, int inDim, int outDim, Precision at) throws IOException {
        float[] w = weights.load(name + ".weight", outDim, inDim).data();
        float[] wt = new float[w.length];
        transposeInto(w, outDim, inDim, wt, outDim, 0);
        return matMulAddBias(x, name, wt, weights.load(name + ".bias", outDim).data(), inDim, outDim, at);
    }

    /**
     * Writes the transpose of {@code src} (rows × cols, row-major) into {@code dst}: src[r][c] goes to
     * dst[c · dstStride + dstOffset + r]. In tiles of 32 × 32, so that both sides stay in cache: the
     * plain double loop, writing with a stride of a whole row, took about 11 ns an element here against
     * 1.7 for the tiles (a throwaway micro-timing), and was the largest part of building the encoder graph in a profile of
     * {@code predict} (every command that opens an encoder builds it).
     */
    static void transposeInto(float[] src, int rows, int cols, float[] dst, int dstStride, int dstOffset) {
        final int tile = 32;
        for (int r0 = 0; r0 < rows; r0 += tile) {
            int r1 = Math.min(rows, r0 + tile);
            for (int c0 = 0; c0 < cols; c0 += tile) {
                int c1 = Math.min(cols, c0 + tile);
                for (int c = c0; c < c1; c++) {
                    int to = c * dstStride + dstOffset;
                    for (int r = r0; r < r1; r++) {
                        dst[to + r] = src[r * cols + c];
                    }
                }
            }
        }
    }

    /**
     * y = x W + b for W stored [in][out]. In float32, a MatMul and an Add. In int8, ONNX Runtime's
     * DynamicQuantizeMatMul: W is quantised here once, symmetrically per output column (scale =
     * max |w| / 127, so no column's outliers widen another's steps), and x is quantised to uint8 per
     * tensor at run time; the integer product runs on the CPU's VNNI units where it has them.
     */
    private String matMulAddBias(String x, String name, float[] w, float[] bias, int inDim, int outDim, Precision at) {
        if (at == Precision.FP32) {
            String y = g.op("MatMul", in(x, g.floats(name + ".weight_t", w, inDim, outDim)));
            return g.op("Add", in(y, g.floats(name + ".bias", bias, outDim)));
        }
        Int8Columns q = Int8Columns.quantise(w, inDim, outDim);
        return g.opIn("com.microsoft", "DynamicQuantizeMatMul", name + ".int8_out",
                in(x, g.int8s(name + ".weight_t_int8", q.values(), inDim, outDim),
                        g.floats(name + ".weight_scale", q.scales(), outDim), "",
                        g.floats(name + ".bias", bias, outDim)));
    }

    private String conv(String x, String name, int inChannels, int stride) throws IOException {
        int d = cfg.dModel();
        return g.op("Conv", in(x, constant(name + ".weight", d, inChannels, 3), constant(name + ".bias", d)),
                attrs("kernel_shape", 3), attrs("pads", 1, 1), attrs("strides", stride));
    }

    private String layerNorm(String x, String name) throws IOException {
        int d = cfg.dModel();
        return g.op("LayerNormalization", in(x, constant(name + ".weight", d), constant(name + ".bias", d)),
                attr("epsilon", LN_EPS));
    }

    /** A weight stored as it is in the checkpoint. */
    private String constant(String name, long... shape) throws IOException {
        Tensor t = weights.load(name, shape);
        return g.floats(name, t.data(), shape);
    }

    private static float[] scaled(float[] a, float s) {
        float[] r = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] * s;
        }
        return r;
    }
}
