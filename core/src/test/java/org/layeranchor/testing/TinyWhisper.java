package org.layeranchor.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny random Whisper (d = 128, 4 heads of 32, 2 blocks) written as a Hugging Face checkpoint
 * folder: fast enough for tests of everything that needs a real encoder.
 */
public final class TinyWhisper {
    public static final int MELS = 80;
    public static final int D = 128;
    public static final int HEADS = 4; // head size 32: config.json must win over the 64-per-head default
    public static final int BLOCKS = 2;
    public static final int FFN = 256;
    public static final int POSITIONS = 1500;

    private TinyWhisper() {
    }

    public static long[] shape(String canonicalName) {
        return SHAPES.get(canonicalName);
    }

    private static final Map<String, long[]> SHAPES = new ConcurrentHashMap<>();

    /** Writes random weights (HF names) and config.json; returns the weights by canonical name. */
    public static Map<String, float[]> write(Path dir, long seed, String... omit) throws IOException {
        return write(dir, seed, MELS, omit);
    }

    /** The same model with another number of mel bins (128, as in large-v3). */
    public static Map<String, float[]> write(Path dir, long seed, int mels, String... omit) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, float[]> w = new LinkedHashMap<>();
        add(w, rnd, "conv1.weight", 0.05, D, mels, 3);
        add(w, rnd, "conv1.bias", 0.05, D);
        add(w, rnd, "conv2.weight", 0.05, D, D, 3);
        add(w, rnd, "conv2.bias", 0.05, D);
        add(w, rnd, "embed_positions.weight", 0.1, POSITIONS, D);
        for (int i = 0; i < BLOCKS; i++) {
            String p = "layers." + i + ".";
            for (String proj : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
                add(w, rnd, p + "self_attn." + proj + ".weight", 0.1, D, D);
                if (!proj.equals("k_proj")) {
                    add(w, rnd, p + "self_attn." + proj + ".bias", 0.05, D);
                }
            }
            addNorm(w, rnd, p + "self_attn_layer_norm");
            addNorm(w, rnd, p + "final_layer_norm");
            add(w, rnd, p + "fc1.weight", 0.08, FFN, D);
            add(w, rnd, p + "fc1.bias", 0.05, FFN);
            add(w, rnd, p + "fc2.weight", 0.06, D, FFN);
            add(w, rnd, p + "fc2.bias", 0.05, D);
        }
        addNorm(w, rnd, "layer_norm");
        Files.createDirectories(dir);
        SafetensorsFileWriter out = new SafetensorsFileWriter();
        Set<String> skip = Set.of(omit);
        w.forEach((k, v) -> {
            if (!skip.contains("model.encoder." + k)) {
                out.put("model.encoder." + k, v, SHAPES.get(k));
            }
        });
        out.write(dir.resolve("model.safetensors"));
        SafetensorsFileWriter.writeConfig(dir.resolve("config.json"), Map.of("model_type", "whisper", "d_model", D,
                "encoder_layers", BLOCKS, "encoder_attention_heads", HEADS, "encoder_ffn_dim", FFN,
                "num_mel_bins", mels, "max_source_positions", POSITIONS));
        return w;
    }

    private static void addNorm(Map<String, float[]> w, SplittableRandom rnd, String name) {
        float[] g = new float[D];
        for (int i = 0; i < D; i++) {
            g[i] = (float) (1 + 0.1 * rnd.nextGaussian());
        }
        w.put(name + ".weight", g);
        SHAPES.put(name + ".weight", new long[] {D});
        add(w, rnd, name + ".bias", 0.05, D);
    }

    private static void add(Map<String, float[]> w, SplittableRandom rnd, String name, double scale, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (scale * rnd.nextGaussian());
        }
        w.put(name, v);
        SHAPES.put(name, shape);
    }

}
