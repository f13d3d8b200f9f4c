package org.layeranchor.encoder.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A transformer-shaped speech model built node by node, and the same forward pass in plain Java.
 *
 * <p>Waveform {@code input_values} [1, T] → Reshape to [1, T/4, 4] frames → MatMul "feature
 * projection" to 8 dims (layer 0) → blocks of single-head self-attention and a ReLU feed-forward
 * network with residual sums, pre-LN or post-LN → optional final LayerNorm. Like WavLM, block 0
 * computes a position bias that every block adds to its attention scores, and block 0 hands block 1
 * a Shape value, computed after its residual sum, so that "the last tensor a block exports" has
 * decoys to ignore.
 */
final class TinyTransformerOnnx {
    static final int SAMPLES_PER_FRAME = 4;
    static final int DIM = 8;
    static final int FF = 16;
    static final float EPS = 1e-5f;

    /** Which variant to build. */
    record Shape(int blocks, boolean preLayerNorm, boolean finalLayerNorm, boolean named, boolean decomposedLayerNorm) {
        static Shape named(int blocks) {
            return new Shape(blocks, true, true, true, false);
        }
    }

    private final Shape shape;
    private final Random random = new Random(42);
    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<TensorProto> initializers = new ArrayList<>();
    private final List<String> layerTensors = new ArrayList<>();
    private int counter;

    // Weights, kept for the Java forward pass.
    private final float[][] projection;
    private final float[][] positionBiasWeight;
    private final List<BlockWeights> blocks = new ArrayList<>();
    private final float[] finalGamma;
    private final float[] finalBeta;
    private final ModelProto model;

    private record BlockWeights(float[] g1, float[] b1, float[][] wq, float[][] wk, float[][] wv, float[][] wo,
                                float[] g2, float[] b2, float[][] w1, float[] bias1, float[][] w2) {
    }

    TinyTransformerOnnx(Shape shape) {
        this.shape = shape;
        projection = matrix(SAMPLES_PER_FRAME, DIM, 0.5f);
        positionBiasWeight = matrix(DIM, 1, 0.5f);
        for (int k = 0; k < shape.blocks; k++) {
            blocks.add(new BlockWeights(vector(DIM, 1f, 0.2f), vector(DIM, 0f, 0.1f),
                    matrix(DIM, DIM, 0.4f), matrix(DIM, DIM, 0.4f), matrix(DIM, DIM, 0.4f), matrix(DIM, DIM, 0.4f),
                    vector(DIM, 1f, 0.2f), vector(DIM, 0f, 0.1f),
                    matrix(DIM, FF, 0.4f), vector(FF, 0f, 0.1f), matrix(FF, DIM, 0.3f)));
        }
        finalGamma = vector(DIM, 1f, 0.2f);
        finalBeta = vector(DIM, 0f, 0.1f);
        model = build();
    }

    ModelProto model() {
        return model;
    }

    Path write(Path folder) throws IOException {
        Path file = folder.resolve("tiny-transformer.onnx");
        Files.write(file, model.toByteArray());
        return file;
    }

    /** The tensors that hold layer 0 .. blocks, as the graph names them. */
    List<String> layerTensors() {
        return List.copyOf(layerTensors);
    }

    // ---- the graph ----

    private ModelProto build() {
        String scope = shape.named ? "/feature_projection/" : "";
        String shapeConst = constant("reshape_shape", TensorProto.DataType.INT64, new long[]{3}, null, new long[]{1, -1, SAMPLES_PER_FRAME});
        String frames = node("Reshape", scope + "Reshape", List.of("input_values", shapeConst));
        String h = node("MatMul", scope + "MatMul", List.of(frames, weight("feature_projection.weight", projection)));
        layerTensors.add(h);

        String positionBias = null;
        String shapeFromBlock0 = null;
        for (int k = 0; k < shape.blocks; k++) {
            BlockWeights w = blocks.get(k);
            String s = shape.named ? "/encoder/layers." + k + "/" : "";
            String p = "encoder.layers." + k + ".";
            String attnIn = shape.preLayerNorm ? layerNorm(s + "layer_norm/", p + "layer_norm.", h, w.g1, w.b1) : h;
            if (k == 0) {
                String pb = node("MatMul", s + "rel_attn_embed/MatMul", List.of(attnIn, weight(p + "rel_attn_embed.weight", positionBiasWeight)));
                positionBias = node("Transpose", s + "rel_attn_embed/Transpose", List.of(pb), perm(0, 2, 1));
            }
            String q = node("MatMul", s + "attention/q_proj/MatMul", List.of(attnIn, weight(p + "q", w.wq)));
            String kk = node("MatMul", s + "attention/k_proj/MatMul", List.of(attnIn, weight(p + "k", w.wk)));
            String v = node("MatMul", s + "attention/v_proj/MatMul", List.of(attnIn, weight(p + "v", w.wv)));
            String kt = node("Transpose", s + "attention/Transpose", List.of(kk), perm(0, 2, 1));
            String scores = node("MatMul", s + "attention/MatMul", List.of(q, kt));
            String scaled = node("Mul", s + "attention/Mul", List.of(scores, scalar(p + "scale", (float) (1 / Math.sqrt(DIM)))));
            String biased = node("Add", s + "attention/Add", List.of(scaled, positionBias));
            String probs = node("Softmax", s + "attention/Softmax", List.of(biased), intAttribute("axis", -1));
            String mixed = node("MatMul", s + "attention/MatMul_1", List.of(probs, v));
            String attn = node("MatMul", s + "attention/out_proj/MatMul", List.of(mixed, weight(p + "o", w.wo)));
            if (k == 1) {
                // An identity Reshape to block 0's Shape value: a non-float tensor crossing blocks.
                attn = node("Reshape", s + "attention/Reshape", List.of(attn, shapeFromBlock0));
            }
            String sum1 = node("Add", s + "Add", List.of(h, attn));
            String ffIn = shape.preLayerNorm
                    ? layerNorm(s + "final_layer_norm/", p + "final_layer_norm.", sum1, w.g2, w.b2)
                    : layerNorm(s + "layer_norm/", p + "layer_norm.", sum1, w.g1, w.b1);
            String residual = shape.preLayerNorm ? sum1 : ffIn;
            String f1 = node("MatMul", s + "feed_forward/intermediate_dense/MatMul", List.of(ffIn, weight(p + "w1", w.w1)));
            String f1b = node("Add", s + "feed_forward/intermediate_dense/Add", List.of(weight(p + "b1", new float[][]{w.bias1}), f1));
            String relu = node("Relu", s + "feed_forward/Relu", List.of(f1b));
            String f2 = node("MatMul", s + "feed_forward/output_dense/MatMul", List.of(relu, weight(p + "w2", w.w2)));
            String sum2 = node("Add", s + "Add_1", List.of(residual, f2));
            h = shape.preLayerNorm ? sum2 : layerNorm(s + "final_layer_norm/", p + "final_layer_norm.", sum2, w.g2, w.b2);
            if (k == 0) {
                shapeFromBlock0 = node("Shape", s + "Shape", List.of(h));
            }
            layerTensors.add(h);
        }
        if (shape.finalLayerNorm) {
            h = layerNorm(shape.named ? "/encoder/layer_norm/" : "", "encoder.layer_norm.", h, finalGamma, finalBeta);
            layerTensors.set(layerTensors.size() - 1, h);
        }
        String output = node("Identity", shape.named ? "/Identity" : "", List.of(h));

        GraphProto graph = GraphProto.newBuilder()
                .setName("tiny_transformer")
                .addAllNode(nodes)
                .addAllInitializer(initializers)
                .addInput(valueInfo("input_values", dims(1, -1)))
                .addOutput(valueInfo(output, dims(1, -1, DIM)))
                .build();
        return ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("layeranchor-test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(graph)
                .build();
    }

    private String layerNorm(String scope, String param, String x, float[] gamma, float[] beta) {
        String g = weight(param + "weight", new float[][]{gamma});
        String b = weight(param + "bias", new float[][]{beta});
        if (!shape.decomposedLayerNorm) {
            return node("LayerNormalization", scope + "LayerNormalization", List.of(x, flat(g), flat(b)),
                    intAttribute("axis", -1), floatAttribute("epsilon", EPS));
        }
        // The pre-opset-17 export of torch.nn.LayerNorm.
        String mean = node("ReduceMean", scope + "ReduceMean", List.of(x), intsAttribute("axes", -1));
        String centred = node("Sub", scope + "Sub", List.of(x, mean));
        String squared = node("Pow", scope + "Pow", List.of(centred, scalar(param + "two", 2f)));
        String variance = node("ReduceMean", scope + "ReduceMean_1", List.of(squared), intsAttribute("axes", -1));
        String padded = node("Add", scope + "Add", List.of(variance, scalar(param + "eps", EPS)));
        String std = node("Sqrt", scope + "Sqrt", List.of(padded));
        String normed = node("Div", scope + "Div", List.of(centred, std));
        String scaled = node("Mul", scope + "Mul", List.of(normed, g));
        return node("Add", scope + "Add_1", List.of(scaled, b));
    }

    /** A [1, n] weight used as a 1-D LayerNormalization scale needs to be flat: reshape once, at build time. */
    private String flat(String rowWeight) {
        for (int i = 0; i < initializers.size(); i++) {
            TensorProto t = initializers.get(i);
            if (t.getName().equals(rowWeight)) {
                initializers.set(i, t.toBuilder().clearDims().addDims(t.getDims(1)).build());
            }
        }
        return rowWeight;
    }

    private String node(String op, String name, List<String> inputs, AttributeProto... attributes) {
        String out = shape.named && !name.isEmpty() ? name + "_output_0" : "t" + counter;
        counter++;
        nodes.add(NodeProto.newBuilder().setOpType(op).setName(shape.named ? name : "")
                .addAllInput(inputs).addOutput(out).addAllAttribute(List.of(attributes)).build());
        return out;
    }

    private String weight(String name, float[][] m) {
        float[] data = new float[m.length * m[0].length];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, data, r * m[0].length, m[0].length);
        }
        return constant(name, TensorProto.DataType.FLOAT, new long[]{m.length, m[0].length}, data, null);
    }

    private String scalar(String name, float value) {
        return constant(name, TensorProto.DataType.FLOAT, new long[0], new float[]{value}, null);
    }

    private String constant(String name, TensorProto.DataType type, long[] dims, float[] floats, long[] longs) {
        String unique = (shape.named ? name : "w") + "_" + initializers.size();
        TensorProto.Builder t = TensorProto.newBuilder().setName(unique).setDataType(type.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        if (floats != null) {
            for (float f : floats) {
                t.addFloatData(f);
            }
        } else {
            for (long l : longs) {
                t.addInt64Data(l);
            }
        }
        initializers.add(t.build());
        return unique;
    }

    private static AttributeProto perm(long... p) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName("perm").setType(AttributeProto.AttributeType.INTS);
        for (long x : p) {
            a.addInts(x);
        }
        return a.build();
    }

    private static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static AttributeProto intsAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS).addInts(value).build();
    }

    private static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    /** Dimensions, -1 for a symbolic one. */
    private static TensorShapeProto dims(long... d) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (int i = 0; i < d.length; i++) {
            s.addDim(d[i] < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("n" + i)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d[i]));
        }
        return s.build();
    }

    private static ValueInfoProto valueInfo(String name, TensorShapeProto shape) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    private float[][] matrix(int rows, int cols, float scale) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int c = 0; c < cols; c++) {
                row[c] = (float) (random.nextGaussian() * scale);
            }
        }
        return m;
    }

    private float[] vector(int n, float centre, float spread) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = centre + (float) (random.nextGaussian() * spread);
        }
        return v;
    }

    // ---- the same model in plain Java ----

    /** Every layer for a waveform whose length is a multiple of 4: [layer][frame][dim]. */
    float[][][] forward(float[] samples) {
        int frames = samples.length / SAMPLES_PER_FRAME;
        float[][] x = new float[frames][SAMPLES_PER_FRAME];
        for (int f = 0; f < frames; f++) {
            System.arraycopy(samples, f * SAMPLES_PER_FRAME, x[f], 0, SAMPLES_PER_FRAME);
        }
        float[][] h = matmul(x, projection);
        List<float[][]> layers = new ArrayList<>();
        layers.add(h);
        float[] keyBias = null;
        for (int k = 0; k < shape.blocks; k++) {
            BlockWeights w = blocks.get(k);
            float[][] attnIn = shape.preLayerNorm ? layerNorm(h, w.g1, w.b1) : h;
            if (k == 0) {
                float[][] pb = matmul(attnIn, positionBiasWeight);
                keyBias = new float[frames];
                for (int f = 0; f < frames; f++) {
                    keyBias[f] = pb[f][0];
                }
            }
            float[][] q = matmul(attnIn, w.wq);
            float[][] kk = matmul(attnIn, w.wk);
            float[][] v = matmul(attnIn, w.wv);
            float[][] probs = new float[frames][frames];
            float scale = (float) (1 / Math.sqrt(DIM));
            for (int i = 0; i < frames; i++) {
                double max = Double.NEGATIVE_INFINITY;
                double[] s = new double[frames];
                for (int j = 0; j < frames; j++) {
                    double dot = 0;
                    for (int d = 0; d < DIM; d++) {
                        dot += q[i][d] * kk[j][d];
                    }
                    s[j] = dot * scale + keyBias[j];
                    max = Math.max(max, s[j]);
                }
                double total = 0;
                for (int j = 0; j < frames; j++) {
                    s[j] = Math.exp(s[j] - max);
                    total += s[j];
                }
                for (int j = 0; j < frames; j++) {
                    probs[i][j] = (float) (s[j] / total);
                }
            }
            float[][] attn = matmul(matmul(probs, v), w.wo);
            float[][] sum1 = add(h, attn);
            float[][] ffIn = shape.preLayerNorm ? layerNorm(sum1, w.g2, w.b2) : layerNorm(sum1, w.g1, w.b1);
            float[][] residual = shape.preLayerNorm ? sum1 : ffIn;
            float[][] f1 = matmul(ffIn, w.w1);
            for (float[] row : f1) {
                for (int c = 0; c < FF; c++) {
                    row[c] = Math.max(0f, row[c] + w.bias1[c]);
                }
            }
            float[][] sum2 = add(residual, matmul(f1, w.w2));
            h = shape.preLayerNorm ? sum2 : layerNorm(sum2, w.g2, w.b2);
            layers.add(h);
        }
        if (shape.finalLayerNorm) {
            layers.set(layers.size() - 1, layerNorm(h, finalGamma, finalBeta));
        }
        return layers.toArray(new float[0][][]);
    }

    private static float[][] matmul(float[][] a, float[][] b) {
        float[][] c = new float[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                double s = 0;
                for (int k = 0; k < b.length; k++) {
                    s += a[i][k] * b[k][j];
                }
                c[i][j] = (float) s;
            }
        }
        return c;
    }

    private static float[][] add(float[][] a, float[][] b) {
        float[][] c = new float[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                c[i][j] = a[i][j] + b[i][j];
            }
        }
        return c;
    }

    private static float[][] layerNorm(float[][] x, float[] gamma, float[] beta) {
        float[][] y = new float[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            double mean = 0;
            for (float v : x[i]) {
                mean += v;
            }
            mean /= x[i].length;
            double var = 0;
            for (float v : x[i]) {
                var += (v - mean) * (v - mean);
            }
            var /= x[i].length;
            double inv = 1 / Math.sqrt(var + EPS);
            for (int j = 0; j < x[i].length; j++) {
                y[i][j] = (float) ((x[i][j] - mean) * inv * gamma[j] + beta[j]);
            }
        }
        return y;
    }
}
