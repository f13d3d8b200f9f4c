package org.layeranchor.encoder.weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Opens whichever {@link WeightSource} fits what a folder contains. */
public final class WeightSources {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WeightSources() {
    }

    /**
     * Picks the reader from the folder's contents: {@code model.safetensors} or
     * {@code model.safetensors.index.json} → {@link SafetensorsWeights}; per-tensor {@code *_fp16.npy}
     * (or plain {@code *.npy}) files → {@link NpyFolderWeights}. A single {@code .safetensors} file is
     * accepted too. Safetensors wins when a folder has both.
     *
     * @throws IOException naming the path and everything that was looked for, when nothing fits
     */
    public static WeightSource open(Path path) throws IOException {
        if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".safetensors")) {
            return new SafetensorsWeights(path);
        }
        if (!Files.isDirectory(path)) {
            throw new IOException(path + ": no such weights folder");
        }
        if (Files.isRegularFile(path.resolve(SafetensorsWeights.SINGLE_FILE))
                || Files.isRegularFile(path.resolve(SafetensorsWeights.INDEX_FILE))) {
            return new SafetensorsWeights(path);
        }
        if (hasNpyFiles(path)) {
            return new NpyFolderWeights(path);
        }
        throw new IOException(path + ": no model weights found; looked for "
                + SafetensorsWeights.SINGLE_FILE + ", " + SafetensorsWeights.INDEX_FILE
                + " (Hugging Face checkpoint) and per-tensor *" + NpyFolderWeights.HALF_SUFFIX + " or *"
                + NpyFolderWeights.PLAIN_SUFFIX + " files (e.g. conv1_weight_fp16.npy)");
    }

    private static boolean hasNpyFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(p -> Files.isRegularFile(p)
                    && p.getFileName().toString().endsWith(NpyFolderWeights.PLAIN_SUFFIX));
        }
    }
    /** config.json as a map, or an empty map when the file is absent. */
    static Map<String, Object> readConfig(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JSON.readValue(file.toFile(), LinkedHashMap.class);
            return Collections.unmodifiableMap(m);
        } catch (IOException e) {
            throw new IOException(file + ": not a valid JSON object (" + e.getMessage() + ")", e);
        }
    }
}
