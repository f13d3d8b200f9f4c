package org.layeranchor.encoder;

/**
 * Every layer's output of a speech encoder for one input.
 *
 * <p>Layer 0 is the input to the first transformer block (Hugging Face's {@code output_hidden_states}
 * convention), the last layer is the final block's output after any final LayerNorm.
 *
 * @param layers      [layer][frame][dim]
 * @param frameRateHz frames per second of audio (50 for Whisper)
 */
public record HiddenStates(float[][][] layers, double frameRateHz) {
    public int layerCount() {
        return layers.length;
    }

    public int frameCount() {
        return layers.length == 0 ? 0 : layers[0].length;
    }

    public int dim() {
        return frameCount() == 0 ? 0 : layers[0][0].length;
    }
}
