package org.layeranchor.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where an encoder's weights were when features were extracted with it: written next to a store's
 * features and into every model trained from them, so that a model can be used without naming its
 * encoder again. It is a hint, not an identity: whoever opens the path still checks the encoder's
 * identity against the one recorded with the features or model.
 */
public final class EncoderLocation {
    public static final String FILE = "encoder-location.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private EncoderLocation() {
    }

    public static void write(Path folder, Path encoder) throws IOException {
        Files.writeString(folder.resolve(FILE), JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(Map.of("model_path", encoder.toAbsolutePath().normalize().toString())));
    }

    /** The recorded path, if the folder has one. */
    public static Optional<Path> read(Path folder) throws IOException {
        Path f = folder.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        JsonNode n = JSON.readTree(f.toFile()).get("model_path");
        if (n == null || !n.isTextual()) {
            throw new IOException(f + ": expected {\"model_path\": \"...\"}");
        }
        return Optional.of(Path.of(n.asText()));
    }
}
