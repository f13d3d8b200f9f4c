package org.layeranchor.encoder.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.layeranchor.encoder.EncoderException;

/**
 * Finds the tensors that hold every transformer layer's hidden states in an exported ONNX speech
 * model, so that they can be added as graph outputs.
 *
 * <h2>Rule 1: block scopes in node names ({@link DiscoveredLayers.Rule#NAMED_BLOCKS})</h2>
 * PyTorch's exporter names every node after the module that ran it, e.g.
 * {@code /wav2vec2/encoder/layers.3/final_layer_norm/LayerNormalization} or
 * {@code /wavlm/encoder/layers.3/Add_1}; the dynamo exporter puts the same scope in the node's
 * metadata ({@code pkg.torch.onnx.name_scopes}, {@code namespace}), which is read too.
 * <ol>
 *   <li>Each node is assigned to a block by the first {@code layers.N}, {@code layer.N},
 *       {@code blocks.N}, {@code layers/N}, ... in its name (the word must follow a {@code /} or
 *       {@code .}, so {@code conv_layers.0} of the CNN feature encoder is not a block). Blocks are
 *       grouped into stacks by the path component before the word ({@code encoder/layers}); the stack
 *       with the most blocks wins, the earliest in the graph on a tie (a Whisper encoder before its
 *       decoder). Its indices must run 0..N-1.</li>
 *   <li>Block N's output is its <em>exit</em> computed last: among the tensors produced inside the
 *       block and used outside it (or returned by the graph), the latest in topological order,
 *       ignoring shape arithmetic and non-float values. Everything else a block exports (WavLM's
 *       position bias, shared with later blocks) is computed before its final residual sum or
 *       LayerNorm, which depends on it.</li>
 *   <li>Layer 0 is the tensor entering block 0 from outside that block 0 uses the way block 1 uses
 *       block 0's output (same consumer op types at the same input positions), which singles out the
 *       residual stream from masks and biases.</li>
 *   <li>If the last block's output feeds a LayerNorm outside every block (the encoder's final
 *       {@code layer_norm} in pre-LN models such as XLS-R, wav2vec 2.0 large or Whisper), the last
 *       layer is that LayerNorm's output, as in Hugging Face's {@code hidden_states}.</li>
 * </ol>
 *
 * <h2>Rule 2: the residual chain ({@link DiscoveredLayers.Rule#RESIDUAL_CHAIN}), when names say nothing</h2>
 * <ol>
 *   <li>A residual Add is an {@code Add} of two activations one of which flows into the other along a
 *       data path (not merely through {@code Shape}) and whose branch holds no other skip connection
 *       (so that WavLM's position bias, added to later blocks' attention scores, is not one).</li>
 *   <li>A residual whose branch contains a {@code Softmax} (or a fused attention op) opens a block;
 *       the residuals after it, up to the next attention residual, are its feed-forward part. Residuals
 *       before the first attention (wav2vec 2.0's convolutional position embedding) are skipped.</li>
 *   <li>Block k's output is its last residual sum if block k+1's attention skip starts from it
 *       (pre-LN), or the LayerNorm of that sum if block k+1 starts from that (post-LN, wav2vec 2.0
 *       base, HuBERT base, WavLM); the last block takes the LayerNorm that follows it, if any. Layer 0
 *       is the first block's attention skip input. Where consecutive blocks do not connect this way
 *       the chain breaks, and the longest connected run is used.</li>
 * </ol>
 * LayerNorm means a {@code LayerNormalization} node or the decomposed ReduceMean/Sub/.../Div form that
 * exporters emit below opset 17. Graphs rewritten by ONNX Runtime's transformer optimizer (fused
 * {@code SkipLayerNormalization}) keep their node names, so rule 1 still applies; otherwise name the
 * tensors by hand ({@link #byHand}).
 */
public final class LayerDiscovery {
    private static final Pattern BLOCK_SCOPE =
            Pattern.compile("(?:^|([A-Za-z0-9_]*)[/.])(layers|layer|blocks|block)[./_](\\d+)(?![0-9])");
    private static final Set<String> ATTENTION_OPS =
            Set.of("Softmax", "Attention", "MultiHeadAttention", "GroupQueryAttention", "PackedAttention");
    private static final int CANDIDATES_SHOWN = 12;

    private LayerDiscovery() {
    }

    /**
     * Finds the layer tensors by rule 1, else rule 2.
     *
     * @param modelName used in messages, e.g. the file path
     * @throws EncoderException explaining what was tried and how to name the tensors by hand
     */
    public static DiscoveredLayers discover(GraphProto graph, String modelName) throws EncoderException {
        OnnxGraph g = new OnnxGraph(graph);
        List<String> tried = new ArrayList<>();
        Optional<DiscoveredLayers> found = byBlockNames(g, tried);
        if (found.isEmpty()) {
            found = byResidualChain(g, tried);
        }
        if (found.isEmpty()) {
            throw new EncoderException(howToNameByHand(modelName, g, tried));
        }
        return found.get();
    }

    /**
     * Uses tensors named by the user: the input of the first block, then each block's output.
     *
     * @throws EncoderException listing names the graph does not have
     */
    public static DiscoveredLayers byHand(GraphProto graph, List<String> tensors, String modelName)
            throws EncoderException {
        OnnxGraph g = new OnnxGraph(graph);
        if (tensors.size() < 2) {
            throw new EncoderException(modelName + ": name at least two layer tensors (the first block's input "
                    + "and one block output), got " + tensors);
        }
        List<String> missing = new ArrayList<>();
        for (String t : tensors) {
            if (!g.isProduced(t) && !g.graphInputs().contains(t)) {
                missing.add(t);
            }
        }
        if (!missing.isEmpty()) {
            throw new EncoderException(modelName + ": the graph has no tensor named " + missing
                    + "; names are node output names as Netron shows them, e.g. " + candidates(g));
        }
        return new DiscoveredLayers(tensors, DiscoveredLayers.Rule.BY_HAND, tensors.size() + " tensors named by hand");
    }

    // ---- rule 1: block scopes in node names ----

    record BlockScope(String stack, int index) {
    }

    static Optional<BlockScope> blockScopeOf(NodeProto node) {
        Optional<BlockScope> s = blockScopeIn(node.getName());
        if (s.isPresent()) {
            return s;
        }
        for (StringStringEntryProto meta : node.getMetadataPropsList()) {
            if (meta.getKey().contains("scope") || meta.getKey().contains("namespace")) {
                s = blockScopeIn(meta.getValue());
                if (s.isPresent()) {
                    return s;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<BlockScope> blockScopeIn(String text) {
        Matcher m = BLOCK_SCOPE.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        String parent = m.group(1) == null || m.group(1).isEmpty() ? "" : m.group(1) + "/";
        try {
            return Optional.of(new BlockScope(parent + m.group(2), Integer.parseInt(m.group(3))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<DiscoveredLayers> byBlockNames(OnnxGraph g, List<String> tried) {
        Map<String, TreeMap<Integer, BitSet>> stacks = new LinkedHashMap<>();
        for (int i = 0; i < g.nodes().size(); i++) {
            int node = i;
            blockScopeOf(g.node(i)).ifPresent(s ->
                    stacks.computeIfAbsent(s.stack(), k -> new TreeMap<>()).computeIfAbsent(s.index(), k -> new BitSet()).set(node));
        }
        if (stacks.isEmpty()) {
            tried.add("node names: none carries a block scope such as '/encoder/layers.3/' or 'layer.3'");
            return Optional.empty();
        }
        // LinkedHashMap order is first appearance, so on a tie the earlier stack (an encoder) wins.
        String stack = null;
        for (Map.Entry<String, TreeMap<Integer, BitSet>> e : stacks.entrySet()) {
            if (stack == null || e.getValue().size() > stacks.get(stack).size()) {
                stack = e.getKey();
            }
        }
        TreeMap<Integer, BitSet> blocks = stacks.get(stack);
        int n = blocks.size();
        if (blocks.firstKey() != 0 || blocks.lastKey() != n - 1) {
            tried.add("node names: the blocks of '" + stack + "' are numbered " + blocks.keySet() + ", not 0.." + (n - 1));
            return Optional.empty();
        }
        BitSet allBlocks = new BitSet();
        blocks.values().forEach(allBlocks::or);

        List<String> outputs = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Optional<String> out = blockOutput(g, blocks.get(k));
            if (out.isEmpty()) {
                tried.add("node names: block '" + stack + "." + k + "' produces no activation used outside it");
                return Optional.empty();
            }
            outputs.add(out.get());
        }
        Optional<String> input = blockInput(g, blocks.get(0), outputs.get(0), n > 1 ? blocks.get(1) : null);
        if (input.isEmpty()) {
            tried.add("node names: found no activation entering block '" + stack + ".0'");
            return Optional.empty();
        }
        String detail = n + " blocks named '" + stack + ".N'";
        Optional<String> finalNorm = g.layerNormOutput(outputs.get(n - 1));
        if (finalNorm.isPresent() && !allBlocks.get(g.producerIndex(finalNorm.get()))) {
            outputs.set(n - 1, finalNorm.get());
            detail += ", last one through the final LayerNorm";
        }
        List<String> layers = new ArrayList<>();
        layers.add(input.get());
        layers.addAll(outputs);
        return Optional.of(new DiscoveredLayers(layers, DiscoveredLayers.Rule.NAMED_BLOCKS, detail));
    }

    /** The block's exit computed last (see the class comment). */
    private static Optional<String> blockOutput(OnnxGraph g, BitSet block) {
        String last = null;
        for (int i = block.nextSetBit(0); i >= 0; i = block.nextSetBit(i + 1)) {
            for (String out : g.node(i).getOutputList()) {
                if (!g.isActivation(out)) {
                    continue;
                }
                boolean leaves = g.graphOutputs().contains(out);
                for (int c : g.consumerIndices(out)) {
                    leaves |= !block.get(c);
                }
                if (leaves) {
                    last = out;
                }
            }
        }
        return Optional.ofNullable(last);
    }

    /** The activation entering block 0 that block 0 uses as block 1 uses block 0's output. */
    private static Optional<String> blockInput(OnnxGraph g, BitSet block0, String output0, BitSet block1) {
        Set<String> entering = new LinkedHashSet<>();
        for (int i = block0.nextSetBit(0); i >= 0; i = block0.nextSetBit(i + 1)) {
            for (String in : g.node(i).getInputList()) {
                int p = g.producerIndex(in);
                if (g.isActivation(in) && (p < 0 || !block0.get(p))) {
                    entering.add(in);
                }
            }
        }
        Map<String, Integer> reference = block1 != null ? consumerSignature(g, output0, block1) : Map.of("Add#0", 1, "Add#1", 1);
        String best = null;
        int bestScore = 0;
        for (String t : entering) {
            int score = overlap(reference, consumerSignature(g, t, block0));
            if (score > bestScore || (score == bestScore && score > 0 && g.producerIndex(t) > g.producerIndex(best))) {
                best = t;
                bestScore = score;
            }
        }
        if (best == null && entering.size() == 1) {
            best = entering.iterator().next();
        }
        return Optional.ofNullable(best);
    }

    /** How a tensor is used inside a block: counts of "OpType#inputPosition". */
    private static Map<String, Integer> consumerSignature(OnnxGraph g, String tensor, BitSet block) {
        Map<String, Integer> sig = new HashMap<>();
        for (int c : g.consumerIndices(tensor)) {
            if (!block.get(c)) {
                continue;
            }
            NodeProto n = g.node(c);
            for (int k = 0; k < n.getInputCount(); k++) {
                if (n.getInput(k).equals(tensor)) {
                    sig.merge(n.getOpType() + "#" + k, 1, Integer::sum);
                }
            }
        }
        return sig;
    }

    private static int overlap(Map<String, Integer> a, Map<String, Integer> b) {
        int n = 0;
        for (Map.Entry<String, Integer> e : a.entrySet()) {
            n += Math.min(e.getValue(), b.getOrDefault(e.getKey(), 0));
        }
        return n;
    }

    // ---- rule 2: the residual chain ----

    /** An Add of {@code skip} and a branch computed from it. */
    private record Residual(int node, String skip, String sum, BitSet branch, boolean attention) {
    }

    private record Block(Residual attention, List<Residual> feedForward) {
        String lastSum() {
            return feedForward.isEmpty() ? attention.sum() : feedForward.get(feedForward.size() - 1).sum();
        }
    }

    private static Optional<DiscoveredLayers> byResidualChain(OnnxGraph g, List<String> tried) {
        List<Residual> candidates = new ArrayList<>();
        for (int i = 0; i < g.nodes().size(); i++) {
            NodeProto n = g.node(i);
            if (!n.getOpType().equals("Add") || n.getInputCount() != 2) {
                continue;
            }
            String a = n.getInput(0);
            String b = n.getInput(1);
            if (!g.isActivation(a) || !g.isActivation(b) || a.equals(b)) {
                continue;
            }
            String skip = g.producerIndex(a) <= g.producerIndex(b) ? a : b;
            String other = skip.equals(a) ? b : a;
            BitSet branch = g.nodesBetween(skip, other);
            if (branch.isEmpty()) {
                continue;
            }
            boolean attention = false;
            for (int k = branch.nextSetBit(0); k >= 0; k = branch.nextSetBit(k + 1)) {
                attention |= ATTENTION_OPS.contains(g.node(k).getOpType());
            }
            candidates.add(new Residual(i, skip, n.getOutput(0), branch, attention));
        }
        List<Residual> residuals = new ArrayList<>();
        for (Residual r : candidates) {
            boolean nested = false;
            for (Residual s : candidates) {
                int skipProducer = g.producerIndex(s.skip());
                nested |= s != r && r.branch().get(s.node()) && skipProducer >= 0 && r.branch().get(skipProducer);
            }
            if (!nested) {
                residuals.add(r);
            }
        }

        List<Block> blocks = new ArrayList<>();
        for (Residual r : residuals) { // already in topological order
            if (r.attention()) {
                blocks.add(new Block(r, new ArrayList<>()));
            } else if (!blocks.isEmpty()) {
                blocks.get(blocks.size() - 1).feedForward().add(r);
            }
        }
        if (blocks.isEmpty()) {
            tried.add("residual chain: found " + residuals.size()
                    + " residual Add nodes, none around a Softmax (attention) branch");
            return Optional.empty();
        }

        // Split into runs of blocks that feed each other; keep the longest (the first on a tie).
        List<String> best = List.of();
        String bestStyle = "";
        int start = 0;
        while (start < blocks.size()) {
            List<String> layers = new ArrayList<>();
            layers.add(blocks.get(start).attention().skip());
            String style = "pre-LN";
            int k = start;
            while (true) {
                String sum = blocks.get(k).lastSum();
                Optional<String> norm = g.layerNormOutput(sum);
                if (k + 1 < blocks.size()) {
                    String nextSkip = blocks.get(k + 1).attention().skip();
                    if (nextSkip.equals(sum)) {
                        layers.add(sum);
                        k++;
                        continue;
                    }
                    if (norm.isPresent() && norm.get().equals(nextSkip)) {
                        layers.add(norm.get());
                        style = "post-LN";
                        k++;
                        continue;
                    }
                }
                layers.add(norm.orElse(sum));
                break;
            }
            if (layers.size() > best.size()) {
                best = layers;
                bestStyle = style;
            }
            start = k + 1;
        }
        String detail = (best.size() - 1) + " " + bestStyle + " blocks found by their residual Add chain";
        return Optional.of(new DiscoveredLayers(best, DiscoveredLayers.Rule.RESIDUAL_CHAIN, detail));
    }

    // ---- the message when both rules fail ----

    private static String howToNameByHand(String modelName, OnnxGraph g, List<String> tried) {
        return modelName + ": could not find the transformer layers (" + g.nodes().size() + " nodes). Tried "
                + String.join("; ", tried) + ". Name the layer tensors by hand with "
                + "OnnxLayerTapSettings.withLayerTensors(List.of(...)): the input of the first transformer block, "
                + "then the output of each block in order (blocks + 1 names). Node output names can be read in "
                + "Netron or with python -c \"import onnx; print([o for n in onnx.load('model.onnx').graph.node "
                + "for o in n.output])\"; outputs of Add and LayerNormalization nodes here: " + candidates(g)
                + ". See docs/ONNX_EXPORT.md.";
    }

    private static String candidates(OnnxGraph g) {
        List<String> names = new ArrayList<>();
        int total = 0;
        for (NodeProto n : g.nodes()) {
            if (n.getOpType().equals("Add") || n.getOpType().endsWith("LayerNormalization")) {
                if (g.isActivation(n.getOutput(0))) {
                    total++;
                    if (names.size() < CANDIDATES_SHOWN) {
                        names.add(n.getOutput(0));
                    }
                }
            }
        }
        return names.isEmpty() ? "(none)" : names + (total > names.size() ? " and " + (total - names.size()) + " more" : "");
    }
}
