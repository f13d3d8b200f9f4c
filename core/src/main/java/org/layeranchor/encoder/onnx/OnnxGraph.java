package org.layeranchor.encoder.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A read-only index over an ONNX graph for structural queries: who produces and who consumes each
 * tensor, which tensors are constants or shape arithmetic, and ancestry along data paths.
 *
 * <p>Nodes are kept in a topological order (ONNX requires one, but it is recomputed here, stably, so
 * that a hand-edited graph in another order gives the same answers).
 */
final class OnnxGraph {
    /** Ops whose output is a shape or size, not activations. */
    private static final Set<String> SHAPE_OPS = Set.of("Shape", "Size");
    private static final Set<String> NON_FLOAT_OPS = Set.of("Shape", "Size", "Equal", "Less", "Greater",
            "LessOrEqual", "GreaterOrEqual", "Not", "And", "Or", "Xor", "NonZero", "ArgMax", "ArgMin");
    private static final Set<Integer> FLOAT_TYPES = Set.of(TensorProto.DataType.FLOAT_VALUE,
            TensorProto.DataType.FLOAT16_VALUE, TensorProto.DataType.BFLOAT16_VALUE, TensorProto.DataType.DOUBLE_VALUE);

    private final List<NodeProto> nodes;
    private final Map<String, Integer> producer = new HashMap<>();
    private final Map<String, List<Integer>> consumers = new HashMap<>();
    private final Set<String> initializers = new HashSet<>();
    private final Set<String> graphInputs = new LinkedHashSet<>();
    private final Set<String> graphOutputs = new LinkedHashSet<>();
    private final Map<String, ValueInfoProto> valueInfo = new HashMap<>();
    /** Initializers, Constant outputs, and anything computed from constants alone. */
    private final Set<String> constants = new HashSet<>();
    /** Shape/Size outputs and anything computed from them (and constants) alone. */
    private final Set<String> shapeValues = new HashSet<>();

    OnnxGraph(GraphProto graph) {
        for (TensorProto t : graph.getInitializerList()) {
            initializers.add(t.getName());
        }
        for (ValueInfoProto v : graph.getInputList()) {
            if (!initializers.contains(v.getName())) {
                graphInputs.add(v.getName());
            }
            valueInfo.put(v.getName(), v);
        }
        for (ValueInfoProto v : graph.getOutputList()) {
            graphOutputs.add(v.getName());
            valueInfo.put(v.getName(), v);
        }
        for (ValueInfoProto v : graph.getValueInfoList()) {
            valueInfo.put(v.getName(), v);
        }
        nodes = topologicalOrder(graph.getNodeList());
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto n = nodes.get(i);
            for (String out : n.getOutputList()) {
                if (!out.isEmpty()) {
                    producer.put(out, i);
                }
            }
            for (int k = 0; k < n.getInputCount(); k++) {
                String in = n.getInput(k);
                if (!in.isEmpty()) {
                    List<Integer> list = consumers.computeIfAbsent(in, x -> new ArrayList<>());
                    if (list.isEmpty() || list.get(list.size() - 1) != i) {
                        list.add(i);
                    }
                }
            }
        }
        constants.addAll(initializers);
        for (NodeProto n : nodes) {
            boolean allConstant = true;
            boolean allShapeOrConstant = true;
            for (String in : n.getInputList()) {
                if (in.isEmpty()) {
                    continue;
                }
                allConstant &= constants.contains(in);
                allShapeOrConstant &= constants.contains(in) || shapeValues.contains(in);
            }
            boolean isConstant = n.getOpType().equals("Constant") || (allConstant && n.getInputCount() > 0
                    && !n.getOpType().startsWith("Random"));
            for (String out : n.getOutputList()) {
                if (isConstant) {
                    constants.add(out);
                } else if (SHAPE_OPS.contains(n.getOpType()) || allShapeOrConstant) {
                    shapeValues.add(out);
                }
            }
        }
    }

    private static List<NodeProto> topologicalOrder(List<NodeProto> original) {
        Map<String, Integer> producedBy = new HashMap<>();
        for (int i = 0; i < original.size(); i++) {
            for (String out : original.get(i).getOutputList()) {
                producedBy.put(out, i);
            }
        }
        int[] pending = new int[original.size()];
        List<List<Integer>> dependents = new ArrayList<>();
        for (int i = 0; i < original.size(); i++) {
            dependents.add(new ArrayList<>());
        }
        for (int i = 0; i < original.size(); i++) {
            Set<Integer> deps = new HashSet<>();
            for (String in : original.get(i).getInputList()) {
                Integer p = producedBy.get(in);
                if (p != null && p != i) {
                    deps.add(p);
                }
            }
            pending[i] = deps.size();
            for (int d : deps) {
                dependents.get(d).add(i);
            }
        }
        // Smallest original index first, so an already sorted graph keeps its order exactly.
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < original.size(); i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        List<NodeProto> order = new ArrayList<>(original.size());
        BitSet placed = new BitSet();
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order.add(original.get(i));
            placed.set(i);
            for (int d : dependents.get(i)) {
                if (--pending[d] == 0) {
                    ready.add(d);
                }
            }
        }
        for (int i = 0; i < original.size(); i++) { // a cycle: keep the rest in file order
            if (!placed.get(i)) {
                order.add(original.get(i));
            }
        }
        return List.copyOf(order);
    }

    List<NodeProto> nodes() {
        return nodes;
    }

    NodeProto node(int index) {
        return nodes.get(index);
    }

    /** Topological index of the node producing a tensor; -1 for graph inputs, initializers and unknowns. */
    int producerIndex(String tensor) {
        return producer.getOrDefault(tensor, -1);
    }

    boolean isProduced(String tensor) {
        return producer.containsKey(tensor);
    }

    List<Integer> consumerIndices(String tensor) {
        return consumers.getOrDefault(tensor, List.of());
    }

    Set<String> graphInputs() {
        return graphInputs;
    }

    Set<String> graphOutputs() {
        return graphOutputs;
    }

    boolean isConstant(String tensor) {
        return constants.contains(tensor);
    }

    /**
     * Whether a tensor can be a hidden state: produced at run time, not shape arithmetic, and of a
     * floating type where the graph declares one.
     */
    boolean isActivation(String tensor) {
        if (tensor.isEmpty() || constants.contains(tensor) || shapeValues.contains(tensor)) {
            return false;
        }
        int p = producerIndex(tensor);
        if (p < 0 && !graphInputs.contains(tensor)) {
            return false;
        }
        if (p >= 0 && NON_FLOAT_OPS.contains(nodes.get(p).getOpType())) {
            return false;
        }
        ValueInfoProto v = valueInfo.get(tensor);
        if (v != null && v.getType().hasTensorType() && v.getType().getTensorType().getElemType() != 0) {
            return FLOAT_TYPES.contains(v.getType().getTensorType().getElemType());
        }
        return true;
    }

    /**
     * Indices of the nodes on data paths from {@code from} to {@code to} (including {@code to}'s
     * producer); empty when {@code from} does not flow into {@code to}. Paths through Shape and Size
     * are not data paths: a value computed from another's length (a position slice) is not fed by it
     * in the sense of a residual connection.
     */
    BitSet nodesBetween(String from, String to) {
        int floor = producerIndex(from);
        BitSet upstream = new BitSet();
        Deque<Integer> work = new ArrayDeque<>();
        int start = producerIndex(to);
        if (start < 0 || start <= floor) {
            return new BitSet();
        }
        work.push(start);
        upstream.set(start);
        boolean reached = false;
        while (!work.isEmpty()) {
            NodeProto n = nodes.get(work.pop());
            if (SHAPE_OPS.contains(n.getOpType())) {
                continue;
            }
            for (String in : n.getInputList()) {
                if (in.equals(from)) {
                    reached = true;
                }
                int p = producerIndex(in);
                if (p > floor && !upstream.get(p)) {
                    upstream.set(p);
                    work.push(p);
                }
            }
        }
        if (!reached) {
            return new BitSet();
        }
        // Keep only the upstream nodes that are also downstream of `from` along data paths.
        BitSet between = new BitSet();
        Deque<String> frontier = new ArrayDeque<>(List.of(from));
        Set<String> seen = new HashSet<>(List.of(from));
        while (!frontier.isEmpty()) {
            String t = frontier.pop();
            for (int c : consumerIndices(t)) {
                if (!upstream.get(c) || between.get(c) || SHAPE_OPS.contains(nodes.get(c).getOpType())) {
                    continue;
                }
                between.set(c);
                for (String out : nodes.get(c).getOutputList()) {
                    if (seen.add(out)) {
                        frontier.push(out);
                    }
                }
            }
        }
        return between;
    }

    /**
     * The output of a LayerNorm applied to {@code x}, if one is: a {@code LayerNormalization} node
     * (opset 17, or the com.microsoft one of ORT-optimised graphs) with {@code x} as input 0, or the
     * decomposed form older exporters emit: {@code ReduceMean(x)}, {@code Sub(x, mean)}, then a
     * {@code Div} or {@code Mul} by the deviation's scale, then optional {@code Mul}/{@code Add} by
     * constants (gamma, beta).
     */
    Optional<String> layerNormOutput(String x) {
        for (int c : consumerIndices(x)) {
            NodeProto n = nodes.get(c);
            if (n.getOpType().equals("LayerNormalization") && n.getInput(0).equals(x)) {
                return Optional.of(n.getOutput(0));
            }
        }
        for (int c : consumerIndices(x)) {
            NodeProto mean = nodes.get(c);
            if (!mean.getOpType().equals("ReduceMean") || !mean.getInput(0).equals(x)) {
                continue;
            }
            for (int s : consumerIndices(mean.getOutput(0))) {
                NodeProto sub = nodes.get(s);
                if (!sub.getOpType().equals("Sub") || !sub.getInput(0).equals(x) || !sub.getInput(1).equals(mean.getOutput(0))) {
                    continue;
                }
                for (int d : consumerIndices(sub.getOutput(0))) {
                    NodeProto scale = nodes.get(d);
                    boolean divides = scale.getOpType().equals("Div") && scale.getInput(0).equals(sub.getOutput(0));
                    boolean multiplies = scale.getOpType().equals("Mul") && scale.getInputList().contains(sub.getOutput(0))
                            && !isConstant(otherInput(scale, sub.getOutput(0)));
                    if (divides || multiplies) {
                        return Optional.of(followAffine(scale.getOutput(0)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Follows a chain of Mul/Add by constants (LayerNorm's gamma and beta) to its end. */
    private String followAffine(String t) {
        String current = t;
        for (int step = 0; step < 2; step++) {
            List<Integer> cs = consumerIndices(current);
            if (cs.size() != 1 || graphOutputs.contains(current)) {
                break;
            }
            NodeProto n = nodes.get(cs.get(0));
            if ((n.getOpType().equals("Mul") || n.getOpType().equals("Add")) && n.getInputCount() == 2
                    && isConstant(otherInput(n, current))) {
                current = n.getOutput(0);
            } else {
                break;
            }
        }
        return current;
    }

    static String otherInput(NodeProto n, String one) {
        return n.getInput(0).equals(one) ? n.getInput(1) : n.getInput(0);
    }
}
