package org.layeranchor.encoder.onnx;

import java.util.List;

/**
 * The tensors of an ONNX graph that hold each layer's hidden states, in Hugging Face's
 * {@code output_hidden_states} order: the input of the first transformer block, then each block's
 * output (the last one after the encoder's final LayerNorm, when there is one).
 *
 * @param tensors tensor names, layer 0 first; {@code tensors.size()} = blocks + 1
 * @param rule    how they were found
 * @param detail  what the rule matched, for messages and provenance (e.g. "12 blocks 'encoder/layers'")
 */
public record DiscoveredLayers(List<String> tensors, Rule rule, String detail) {
    public DiscoveredLayers {
        tensors = List.copyOf(tensors);
    }

    /** How the layer tensors were found. */
    public enum Rule {
        /** Node names carry a block scope such as {@code /encoder/layers.3/}. */
        NAMED_BLOCKS,
        /** No usable names: the chain of residual Add nodes around attention and feed-forward sublayers. */
        RESIDUAL_CHAIN,
        /** Named by the user. */
        BY_HAND
    }

    public int blocks() {
        return tensors.size() - 1;
    }
}
