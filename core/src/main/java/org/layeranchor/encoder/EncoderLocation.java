package org.layeranchor.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where an encoder's weights were when features were extracted with it: written next to a store's
 * features and into every model trained from them, so that a model can be used without naming its
 * encoder again. It is a hint, not an identity: whoever opens the path still checks the encoder's
 * identity against the one recorded with the features or model.
 *
 * @param path the weights' absolute path on the machine that extracted the features
 * @param hubModel the Hugging Face model id pinned to its commit ({@code org/name@COMMIT}) when the
 *     weights came from the Hub: it finds the same weights on a machine where the path does not exist
 */
public record EncoderLocation(Path path, Optional<String> hubModel, Optional<Path> besideFolder) {
    public static final String FILE = "encoder-location.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param besideFolder the same weights found relative to the folder that holds the record
     *     ({@code relative_path}, resolved when read): what keeps a model committed to a repository
     *     usable in any clone that has the weights at the same place next to it (e.g. ../shared)
     */
    public EncoderLocation {
        besideFolder = besideFolder == null ? Optional.empty() : besideFolder;
    }

    public EncoderLocation(Path path, Optional<String> hubModel) {
        this(path, hubModel, Optional.empty());
    }

    public static void write(Path folder, Path encoder) throws IOException {
        new EncoderLocation(encoder, Optional.empty()).writeTo(folder);
    }

    public void writeTo(Path folder) throws IOException {
        Files.write(folder.resolve(FILE), content());
    }

    /** The file's bytes (for writers that place files their own way, as the feature store does). */
    public byte[] content() throws IOException {
        return content(null);
    }

    private byte[] content(Path relative) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model_path", path.toAbsolutePath().normalize().toString());
        if (relative != null) {
            m.put("relative_path", relative.toString().replace('\\', '/'));
        }
        hubModel.ifPresent(id -> m.put("hub_model", id));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
    }

    /** The recorded location, if the folder has one. */
    public static Optional<EncoderLocation> read(Path folder) throws IOException {
        Path f = folder.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        JsonNode root = JSON.readTree(f.toFile());
        JsonNode n = root == null ? null : root.get("model_path");
        if (n == null || !n.isTextual()) {
            throw new IOException(f + ": expected {\"model_path\": \"...\"}");
        }
        JsonNode hub = root.get("hub_model");
        JsonNode relative = root.get("relative_path");
        return Optional.of(new EncoderLocation(Path.of(n.asText()),
                hub != null && hub.isTextual() ? Optional.of(hub.asText()) : Optional.empty(),
                relative != null && relative.isTextual()
                        ? Optional.of(folder.toAbsolutePath().resolve(relative.asText()).normalize()) : Optional.empty()));
    }

    /**
     * Passes the record on (from a store to a model trained from it), if there is one, adding where
     * the weights are relative to the model folder, so that a model folder moved or cloned together
     * with the weights (a repository next to its data) still finds them.
     */
    public static void copy(Path fromFolder, Path toFolder) throws IOException {
        Optional<EncoderLocation> recorded = read(fromFolder);
        if (recorded.isEmpty()) {
            return;
        }
        EncoderLocation l = recorded.get();
        Path weights = l.path().toAbsolutePath().normalize();
        Path relative = toFolder.toAbsolutePath().normalize().relativize(weights);
        Files.write(toFolder.resolve(FILE), new EncoderLocation(weights, l.hubModel()).content(relative));
    }

    /**
     * What to open: the same weights relative to the record's folder where they exist, else the
     * recorded absolute path where it exists, else the Hub id (found in this machine's Hugging Face
     * cache or downloaded), else the path, for the opener to report as missing. The relative place
     * comes first because a clone that carries its data next to it (../shared) must use that data,
     * even on a machine where the absolute path of the machine that trained the model also exists.
     */
    public String reference() {
        if (besideFolder.isPresent() && Files.exists(besideFolder.get())) {
            return besideFolder.get().toString();
        }
        if (Files.exists(path)) {
            return path.toString();
        }
        return hubModel.orElse(path.toString());
    }
}
