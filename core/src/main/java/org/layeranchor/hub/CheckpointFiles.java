package org.layeranchor.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.layeranchor.encoder.weights.SafetensorsWeights;

/**
 * Which files make a Hugging Face checkpoint that {@link SafetensorsWeights} can open:
 * {@code config.json} plus either {@code model.safetensors} or the sharded index
 * {@code model.safetensors.index.json} and every shard it names. Nothing else is needed (tokenizer,
 * generation config and PyTorch {@code .bin} weights are never downloaded).
 */
public final class CheckpointFiles {
    public static final String CONFIG = SafetensorsWeights.CONFIG_FILE;
    public static final String SINGLE = SafetensorsWeights.SINGLE_FILE;
    public static final String INDEX = SafetensorsWeights.INDEX_FILE;

    private CheckpointFiles() {
    }

    /** True when the folder holds everything needed to load the checkpoint. */
    public static boolean complete(Path folder) throws IOException {
        return missing(folder).isEmpty();
    }

    /** The files the folder still lacks, in the order they would be downloaded; empty when complete. */
    public static List<String> missing(Path folder) throws IOException {
        List<String> missing = new ArrayList<>();
        if (!Files.isRegularFile(folder.resolve(CONFIG))) {
            missing.add(CONFIG);
        }
        if (Files.isRegularFile(folder.resolve(INDEX))) {
            for (String shard : shards(folder.resolve(INDEX))) {
                if (!Files.isRegularFile(folder.resolve(shard))) {
                    missing.add(shard);
                }
            }
        } else if (!Files.isRegularFile(folder.resolve(SINGLE))) {
            missing.add(SINGLE);
        }
        return missing;
    }

    /** The shard files a sharded checkpoint's index names, each once, in order of first mention. */
    public static Set<String> shards(Path index) throws IOException {
        Set<String> shards = new LinkedHashSet<>();
        for (String name : SafetensorsWeights.weightMap(index).values()) {
            if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
                throw new IOException(index + ": shard name '" + name + "' is not a plain file name");
            }
            shards.add(name);
        }
        return shards;
    }
}
