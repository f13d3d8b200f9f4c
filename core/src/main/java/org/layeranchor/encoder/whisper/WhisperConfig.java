package org.layeranchor.encoder.whisper;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.layeranchor.encoder.weights.Tensor;
import org.layeranchor.encoder.weights.WeightSource;

/**
 * Sizes of a Whisper encoder.
 *
 * @param melBins   log-mel bins (80; 128 for large-v3)
 * @param dModel    hidden size (512 for base)
 * @param heads     attention heads (8 for base; every Whisper size uses 64 dimensions per head)
 * @param blocks    transformer blocks (6 for base)
 * @param ffnDim    feed-forward size (4 * dModel)
 * @param positions learned positions = frames in a 30-s window (1500)
 */
public record WhisperConfig(int melBins, int dModel, int heads, int blocks, int ffnDim, int positions) {
    private static final Pattern BLOCK = Pattern.compile("layers\\.(\\d+)\\.fc1\\.weight");

    public int headDim() {
        return dModel / heads;
    }

    /**
     * Reads the sizes from {@code config.json} when the source has one, otherwise from the weight
     * shapes (heads = dModel / 64, as in every released Whisper model).
     */
    public static WhisperConfig of(WeightSource weights) throws IOException {
        Map<String, Object> cfg = weights.config();
        // config.json, when present, is the authority: a tensor of the wrong shape is then reported as such.
        Tensor conv1 = weights.load("conv1.weight");
        int dModel = intOr(cfg, "d_model", (int) conv1.shape()[0]);
        int melBins = intOr(cfg, "num_mel_bins", (int) conv1.shape()[1]);
        int ffn = cfg.containsKey("encoder_ffn_dim") ? intOr(cfg, "encoder_ffn_dim", 0)
                : (int) weights.load("layers.0.fc1.weight").shape()[0];
        int positions = cfg.containsKey("max_source_positions") ? intOr(cfg, "max_source_positions", 0)
                : (int) weights.load("embed_positions.weight").shape()[0];
        int blocks = cfg.containsKey("encoder_layers") ? intOr(cfg, "encoder_layers", 0) : countBlocks(weights.names());
        int heads = intOr(cfg, "encoder_attention_heads", dModel / 64);
        if (blocks <= 0) {
            throw new IOException(weights.description() + ": no transformer blocks found (expected tensors layers.N.fc1.weight)");
        }
        if (dModel % heads != 0) {
            throw new IOException(weights.description() + ": d_model " + dModel + " is not divisible by " + heads + " heads");
        }
        return new WhisperConfig(melBins, dModel, heads, blocks, ffn, positions);
    }

    private static int intOr(Map<String, Object> cfg, String key, int fallback) {
        Object v = cfg.get(key);
        return v instanceof Number n ? n.intValue() : fallback;
    }

    private static int countBlocks(Set<String> names) {
        int max = -1;
        for (String n : names) {
            Matcher m = BLOCK.matcher(n);
            if (m.matches()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        return max + 1;
    }

    /** Parameters of the encoder (convs, positions, blocks, final LayerNorm). */
    public long parameterCount() {
        long d = dModel;
        long conv = d * melBins * 3 + d + d * d * 3 + d;
        long attention = 4 * d * d + 3 * d;          // q, k, v, out weights; q, v, out biases (k has none)
        long ffn = 2 * d * ffnDim + ffnDim + d;
        long norms = 4 * d;
        return conv + (long) positions * d + blocks * (attention + ffn + norms) + 2 * d;
    }
}
