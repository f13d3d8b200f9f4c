package org.layeranchor.encoder.weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.layeranchor.io.Npy;
import org.layeranchor.io.NpyArray;

/**
 * Weights stored one tensor per {@code .npy} file, as in {@code shared/models/whisper-base}: the file
 * name is the canonical name with dots turned into underscores plus {@code _fp16.npy}
 * ({@code layers.0.self_attn.q_proj.weight} ↔ {@code layers_0_self_attn_q_proj_weight_fp16.npy});
 * files without {@code _fp16} are accepted too, and {@code _fp16} wins when both exist.
 *
 * <p>Turning a file name back into a canonical name is ambiguous, because module names contain
 * underscores themselves ({@code self_attn}, {@code q_proj}, {@code layer_norm}). {@link #load} never
 * needs the reverse direction: it converts the requested name to a file name. {@link #names()} splits
 * file names at underscores and rejoins the pieces that form a known module name
 * ({@link #COMPOUND_NAMES}, the Whisper vocabulary, longest first). A file whose module names are not
 * in that list is still listed, with dots at each of its underscores; loading by its correct
 * canonical name works regardless.
 *
 * <p>{@link #load}'s expected shape is checked exactly; with no expected shape the tensor is returned
 * as stored. {@link #config()} is the folder's {@code config.json} when there is one, else empty.
 */
public final class NpyFolderWeights implements WeightSource {
    /** Module names that contain underscores, longest first so that the longest match wins. */
    public static final List<String> COMPOUND_NAMES = List.of(
            "encoder_attn_layer_norm", "self_attn_layer_norm", "final_layer_norm",
            "embed_positions", "embed_tokens", "encoder_attn", "self_attn", "layer_norm",
            "q_proj", "k_proj", "v_proj", "out_proj", "proj_out");

    public static final String HALF_SUFFIX = "_fp16.npy";
    public static final String PLAIN_SUFFIX = ".npy";


    private final Path folder;
    private final Map<String, Object> config;

    public NpyFolderWeights(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException(folder + ": not a folder of .npy weights");
        }
        this.folder = folder;
        this.config = WeightSources.readConfig(folder.resolve("config.json"));
    }

    /** The file that holds a tensor: {@code _fp16.npy} if present, else {@code .npy}. */
    public Path fileFor(String canonicalName) {
        String stem = canonicalName.replace('.', '_');
        Path half = folder.resolve(stem + HALF_SUFFIX);
        return Files.isRegularFile(half) ? half : folder.resolve(stem + PLAIN_SUFFIX);
    }

    @Override
    public Tensor load(String name, long... expectedShape) throws IOException {
        Path file = fileFor(name);
        String expected = expectedShape.length > 0 ? " (expected shape " + Arrays.toString(expectedShape) + ")" : "";
        if (!Files.isRegularFile(file)) {
            String stem = name.replace('.', '_');
            throw new IOException(folder.resolve(stem + HALF_SUFFIX) + ": no such file for tensor '" + name + "'"
                    + expected + "; " + stem + PLAIN_SUFFIX + " is missing too");
        }
        NpyArray a = Npy.read(file);
        if (expectedShape.length > 0 && !Arrays.equals(expectedShape, a.shape())) {
            throw new IOException(file + ": tensor '" + name + "' has shape " + a.shapeString()
                    + ", expected " + Arrays.toString(expectedShape));
        }
        return new Tensor(name, a.shape(), a.data());
    }

    @Override
    public Set<String> names() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String file = p.getFileName().toString();
                if (!Files.isRegularFile(p) || !file.endsWith(PLAIN_SUFFIX)) {
                    continue;
                }
                String stem = file.endsWith(HALF_SUFFIX)
                        ? file.substring(0, file.length() - HALF_SUFFIX.length())
                        : file.substring(0, file.length() - PLAIN_SUFFIX.length());
                names.add(canonicalNameOf(stem));
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * The canonical name for a file stem: underscores become dots except inside a known module name,
     * e.g. {@code layers_0_self_attn_layer_norm_weight} → {@code layers.0.self_attn_layer_norm.weight}.
     */
    public static String canonicalNameOf(String stem) {
        String[] words = stem.split("_", -1);
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < words.length) {
            int taken = 1;
            for (String compound : COMPOUND_NAMES) {
                int n = compound.split("_").length;
                if (i + n <= words.length && String.join("_", Arrays.asList(words).subList(i, i + n)).equals(compound)) {
                    taken = n;
                    break;
                }
            }
            parts.add(String.join("_", Arrays.asList(words).subList(i, i + taken)));
            i += taken;
        }
        return String.join(".", parts);
    }

    @Override
    public Map<String, Object> config() {
        return config;
    }

    @Override
    public String description() {
        return folder.toString();
    }

}
