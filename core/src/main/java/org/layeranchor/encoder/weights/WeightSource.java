package org.layeranchor.encoder.weights;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Where a model's weights come from: a folder of per-tensor {@code .npy} files, a Hugging Face
 * {@code model.safetensors} checkpoint, ... Names are canonical (see {@link Tensor#name()}).
 */
public interface WeightSource extends AutoCloseable {
    /**
     * Loads one tensor and checks its shape (an empty {@code expectedShape} accepts any shape).
     *
     * @throws IOException naming the file and the expected shape when the tensor is missing or has
     *                     another shape
     */
    Tensor load(String name, long... expectedShape) throws IOException;

    /** Canonical names of every tensor available. */
    Set<String> names() throws IOException;

    /** Model hyper-parameters the source knows (e.g. from {@code config.json}); may be empty. */
    Map<String, Object> config();

    /** A short description for messages, e.g. the folder path. */
    String description();

    @Override
    default void close() throws IOException {
    }
}
