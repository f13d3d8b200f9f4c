package org.layeranchor.encoder.weights;

import java.util.Arrays;

/**
 * A named float32 tensor in C order.
 *
 * @param name  canonical name: the Hugging Face key without the model prefix, e.g.
 *              {@code layers.0.self_attn.q_proj.weight} for {@code model.encoder.layers.0.self_attn.q_proj.weight}
 * @param shape dimensions, outermost first
 * @param data  values
 */
public record Tensor(String name, long[] shape, float[] data) {
    public String shapeString() {
        return Arrays.toString(shape);
    }
}
