package org.layeranchor.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes ONNX graphs from Java: a thin layer over the ONNX protobuf classes that keeps model code
 * readable (one line per operator, generated value names).
 */
public final class GraphBuilder {
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int counter;
    private final Map<String, long[]> int64Constants = new HashMap<>();

    public GraphBuilder(String name) {
        graph.setName(name);
    }

    /** Declares a float32 graph input; a dimension is a Long (fixed) or a String (symbolic). */
    public String input(String name, Object... dims) {
        graph.addInput(valueInfo(name, TensorProto.DataType.FLOAT_VALUE, dims));
        return name;
    }

    /** Declares an int64 graph input (counts, lengths). */
    public String int64Input(String name, Object... dims) {
        graph.addInput(valueInfo(name, TensorProto.DataType.INT64_VALUE, dims));
        return name;
    }

    /** Declares a float32 graph output. */
    public void output(String name, Object... dims) {
        graph.addOutput(valueInfo(name, TensorProto.DataType.FLOAT_VALUE, dims));
    }

    /** Adds a float32 constant (weights) stored inside the model. */
    public String floats(String name, float[] data, long... shape) {
        ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        graph.addInitializer(TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(Arrays.stream(shape).boxed().toList())
                .setRawData(ByteString.copyFrom(buf.array())));
        return name;
    }

    /** Adds an int8 constant (quantised weights) stored inside the model. */
    public String int8s(String name, byte[] data, long... shape) {
        graph.addInitializer(TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.INT8_VALUE)
                .addAllDims(Arrays.stream(shape).boxed().toList())
                .setRawData(ByteString.copyFrom(data)));
        return name;
    }

    /** Adds an int64 constant (shapes, axes, indices); the same name with the same values is added once. */
    public String longs(String name, long... values) {
        long[] existing = int64Constants.putIfAbsent(name, values.clone());
        if (existing != null) {
            if (!Arrays.equals(existing, values)) {
                throw new IllegalArgumentException("constant " + name + " already holds other values");
            }
            return name;
        }
        graph.addInitializer(TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length)
                .addAllInt64Data(Arrays.stream(values).boxed().toList()));
        return name;
    }

    /** Adds one node with a single output and returns the output's name. */
    public String op(String opType, String[] inputs, AttributeProto... attributes) {
        String out = opType.toLowerCase(Locale.ROOT) + "_" + (counter++);
        return opNamed(opType, out, inputs, attributes);
    }

    /** Adds one node whose single output gets the given name (for graph outputs). */
    public String opNamed(String opType, String output, String[] inputs, AttributeProto... attributes) {
        return opIn("", opType, output, inputs, attributes);
    }

    /** Adds one node of an operator from another domain (e.g. {@code com.microsoft}). */
    public String opIn(String domain, String opType, String output, String[] inputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setDomain(domain)
                .setName(output + "_node");
        for (String in : inputs) {
            n.addInput(in);
        }
        n.addOutput(output);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return output;
    }

    public static String[] in(String... names) {
        return names;
    }

    public static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto attr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    public static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    public static AttributeProto attrs(String name, long... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    /** The finished model for the default ONNX domain at {@code opset} and, if used, com.microsoft v1. */
    public ModelProto build(long opset, String producer) {
        return ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName(producer)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.microsoft").setVersion(1))
                .setGraph(graph)
                .build();
    }

    private static ValueInfoProto valueInfo(String name, int elemType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape)))
                .build();
    }
}
