package org.layeranchor.training;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.layeranchor.io.Npy;
import org.layeranchor.io.NpyArray;
import org.layeranchor.io.RegularFiles;

/**
 * Reads a model folder's arrays so that a damaged folder is refused at load, naming the file,
 * instead of predicting nonsense: every array must lie inside the folder, match the SHA-256 that
 * {@code train} recorded for it in {@code model.json}, have the shape the model's description
 * implies, and hold only finite numbers (an {@code Inf} bias or a NaN projection would otherwise
 * give NaN probabilities, or silently drop one layer's vote).
 *
 * <p>The checksums live inside the {@code weights} entries ({@code "sha256"}) and the
 * {@code normalizer} object ({@code "sha256": {"centre": …, "scale": …}}), the two parts of
 * {@code model.json} that {@link ModelDescription} does not describe, so that a reader from before
 * checksums still loads a folder that has them. Folders written before checksums have none and
 * still load; their arrays are still checked for shape and finiteness.
 */
public final class ModelArrays {
    private final Path dir;
    private final Path modelJson;
    /** Recorded SHA-256 (lower-case hex) by file path relative to the folder; empty for older folders. */
    private final Map<String, String> sha256ByFile;

    private ModelArrays(Path dir, Map<String, String> sha256ByFile) {
        this.dir = dir;
        this.modelJson = dir.resolve(ModelFolder.MODEL_JSON);
        this.sha256ByFile = sha256ByFile;
    }

    /** The arrays of the folder {@code dir}, whose parsed {@code model.json} is {@code root}. */
    public static ModelArrays of(Path dir, JsonNode root) throws IOException {
        Map<String, String> sums = new HashMap<>();
        Path json = dir.resolve(ModelFolder.MODEL_JSON);
        for (JsonNode w : root.path("weights")) {
            if (w.hasNonNull("sha256")) {
                sums.put(w.path("file").asText(), checksumText(w.get("sha256"), json));
            }
        }
        JsonNode norm = root.path("normalizer");
        for (String part : new String[] {"centre", "scale"}) {
            JsonNode sum = norm.path("sha256").path(part);
            if (!sum.isMissingNode() && !sum.isNull()) {
                sums.put(norm.path(part).asText("normalizer/" + part + ".npy"), checksumText(sum, json));
            }
        }
        for (String part : new String[] {"speaker_mean", "speaker_var"}) {
            JsonNode sum = norm.path("sha256").path(part);
            if (!sum.isMissingNode() && !sum.isNull()) {
                sums.put(norm.path("speakers").path(part).asText("normalizer/" + part + ".npy"), checksumText(sum, json));
            }
        }
        return new ModelArrays(dir, sums);
    }

    /** Whether {@code model.json} records checksums (folders written before them do not). */
    public boolean hasChecksums() {
        return !sha256ByFile.isEmpty();
    }

    /**
     * Reads {@code file} (relative to the folder) and checks it.
     *
     * @param what  what the array is, for messages, e.g. "linear.0.bias"
     * @param shape the shape the model's description implies
     */
    public NpyArray read(String file, String what, long... shape) throws IOException {
        Path path = inside(file);
        if (!Files.exists(path)) {
            throw new IOException(path + ": missing (" + what + ", listed by " + modelJson + ")");
        }
        byte[] bytes;
        try {
            bytes = RegularFiles.readAllBytes(path);
        } catch (IOException e) {
            throw new IOException(path + ": " + e.getMessage() + " (" + what + ", listed by " + modelJson + ")", e);
        }
        String recorded = sha256ByFile.get(file);
        if (recorded == null && hasChecksums()) {
            throw new IOException(modelJson + " records checksums but none for " + file + " (" + what + ")");
        }
        if (recorded != null) {
            String actual = sha256(bytes);
            if (!actual.equals(recorded)) {
                throw new IOException(path + ": SHA-256 " + actual.substring(0, 12) + "… differs from the "
                        + recorded.substring(0, 12) + "… recorded in " + modelJson
                        + " (the file was changed or damaged after training)");
            }
        }
        NpyArray a = Npy.read(new ByteArrayInputStream(bytes), path.toString());
        if (!Arrays.equals(a.shape(), shape)) {
            throw new IOException(path + ": stored shape " + Arrays.toString(a.shape()) + ", model.json implies "
                    + Arrays.toString(shape) + " (" + what + ")");
        }
        requireFinite(a.data(), path, what);
        return a;
    }

    /** Where {@code file} (relative to the folder) is, for messages. */
    public Path path(String file) {
        return dir.resolve(file);
    }

    /** SHA-256 of a file's bytes, as {@code model.json} records it. */
    static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void requireFinite(float[] data, Path path, String what) throws IOException {
        int bad = 0;
        int first = -1;
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                bad++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (bad > 0) {
            throw new IOException(String.format(Locale.ROOT, "%s: %d of %d values are not finite (first: %s at flat "
                    + "index %d) in %s; the model is damaged or its training diverged", path, bad, data.length,
                    data[first], first, what));
        }
    }

    /**
     * The array's path, refused when it leads outside the folder: by its name ("../"), or, for the file
     * as it is on disk, through symbolic links (the real path must lie in the folder's real path), so a
     * folder cannot pull in arrays that its checksums and its owner never saw.
     */
    private Path inside(String file) throws IOException {
        Path p = dir.resolve(file).normalize();
        if (!p.startsWith(dir.normalize())) {
            throw new IOException(modelJson + ": array file '" + file + "' is outside the model folder");
        }
        if (Files.exists(p)) {
            Path real = p.toRealPath();
            if (!real.startsWith(dir.toRealPath())) {
                throw new IOException(p + ": a link to " + real + ", outside the model folder (listed by " + modelJson
                        + "); copy the file into the folder instead");
            }
        }
        return p;
    }

    private static String checksumText(JsonNode sum, Path json) throws IOException {
        String s = sum.asText("").toLowerCase(Locale.ROOT);
        if (!s.matches("[0-9a-f]{64}")) {
            throw new IOException(json + ": '" + sum + "' is not a SHA-256 (64 hex digits)");
        }
        return s;
    }
}
