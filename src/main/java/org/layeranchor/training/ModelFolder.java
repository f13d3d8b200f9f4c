package org.layeranchor.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.layeranchor.npy.Npy;
import org.layeranchor.npy.NpyArray;
import org.layeranchor.training.nn.Parameter;

/**
 * The on-disk form of a {@link TrainedModel}, a folder:
 *
 * <pre>
 *   model.json              {@link ModelDescription} plus "weights": [{name, file, shape}] and "normalizer"
 *   config.yaml             the resolved training config (also inside model.json)
 *   weights/NAME.npy        one float32 array per parameter, e.g. projection.layer6.weight.npy [2d, p]
 *   normalizer/centre.npy   [used layers, 2d] source training mean of [mean ‖ std]
 *   normalizer/scale.npy    [used layers, 2d] source training standard deviation
 * </pre>
 *
 * With {@code pooling: attentive} (in the config) the normaliser is per frame, [used layers, d], and
 * each used layer adds its attention: {@code weights/attention.layer6.score.weight.npy} [p, a],
 * {@code .score.bias} [a], {@code .vector} [a].
 *
 * Everything loads with {@code numpy.load} and {@code json.load}.
 */
public final class ModelFolder {
    static final String MODEL_JSON = "model.json";
    private static final ObjectMapper JSON = TrainingConfigFiles.JSON;

    private ModelFolder() {
    }

    public static void save(TrainedModel model, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("weights"));
        Files.createDirectories(dir.resolve("normalizer"));
        ObjectNode root = JSON.valueToTree(model.description());
        ArrayNode weights = root.putArray("weights");
        for (Parameter p : model.network().storedParameters()) {
            String file = "weights/" + p.name() + ".npy";
            Npy.writeFloat32(dir.resolve(file), p.toFloats(), longs(p.shape()));
            ObjectNode w = weights.addObject();
            w.put("name", p.name());
            w.put("file", file);
            ArrayNode shape = w.putArray("shape");
            Arrays.stream(p.shape()).forEach(shape::add);
        }
        FeatureNormalizer norm = model.normalizer();
        Npy.writeFloat32(dir.resolve("normalizer/centre.npy"), flatten(norm.centre()), norm.centre().length, norm.inputDim());
        Npy.writeFloat32(dir.resolve("normalizer/scale.npy"), flatten(norm.scale()), norm.scale().length, norm.inputDim());
        ObjectNode n = root.putObject("normalizer");
        n.put("centre", "normalizer/centre.npy");
        n.put("scale", "normalizer/scale.npy");
        Files.writeString(dir.resolve(MODEL_JSON), JSON.writeValueAsString(root));
        TrainingConfigFiles.write(model.description().config(), dir.resolve("config.yaml"));
    }

    public static TrainedModel load(Path dir) throws IOException {
        Path json = dir.resolve(MODEL_JSON);
        if (!Files.isRegularFile(json)) {
            throw new IOException(dir + " is not a model folder (no " + MODEL_JSON + ")");
        }
        JsonNode root = JSON.readTree(json.toFile());
        String format = root.path("format").asText("");
        int version = root.path("formatVersion").asInt(-1);
        if (!ModelDescription.FORMAT.equals(format)) {
            throw new IOException(json + ": not a LayerAnchor model (format '" + format + "')");
        }
        if (version != ModelDescription.FORMAT_VERSION) {
            throw new IOException(json + ": model format version " + version + " is not supported (this LayerAnchor reads "
                    + ModelDescription.FORMAT_VERSION + ")");
        }
        ObjectNode describing = ((ObjectNode) root).deepCopy();
        describing.remove("weights");
        describing.remove("normalizer");
        // Folders written before the pooling option existed used statistics pooling.
        if (describing.path("config") instanceof ObjectNode cfg && !cfg.has("pooling")) {
            cfg.put("pooling", TrainingConfig.Pooling.STATISTICS.key());
        }
        ModelDescription d = JSON.treeToValue(describing, ModelDescription.class);

        int[] used = d.usedLayers().stream().mapToInt(Integer::intValue).toArray();
        EmotionClassifierNetwork net = new EmotionClassifierNetwork(used, d.inputDim(), d.projectionDim(), d.hiddenDim(),
                d.classes().size(), d.learnedFusion(), EmotionClassifierNetwork.attentionDimFor(d.config().pooling()));
        for (Parameter p : net.storedParameters()) {
            NpyArray a = Npy.read(dir.resolve("weights/" + p.name() + ".npy"));
            requireShape(a, longs(p.shape()), p.name());
            p.setFromFloats(a.data());
        }
        NpyArray centre = Npy.read(dir.resolve("normalizer/centre.npy"));
        NpyArray scale = Npy.read(dir.resolve("normalizer/scale.npy"));
        long[] normShape = {used.length, d.inputDim()};
        requireShape(centre, normShape, "normalizer centre");
        requireShape(scale, normShape, "normalizer scale");
        FeatureNormalizer norm = new FeatureNormalizer(used, unflatten(centre.data(), used.length, d.inputDim()),
                unflatten(scale.data(), used.length, d.inputDim()));
        return new TrainedModel(d, net, norm);
    }

    private static void requireShape(NpyArray a, long[] shape, String what) throws IOException {
        if (!Arrays.equals(a.shape(), shape)) {
            throw new IOException(what + ": stored shape " + Arrays.toString(a.shape()) + ", model.json implies "
                    + Arrays.toString(shape));
        }
    }

    private static long[] longs(int[] shape) {
        return Arrays.stream(shape).asLongStream().toArray();
    }

    private static float[] flatten(float[][] rows) {
        int w = rows.length == 0 ? 0 : rows[0].length;
        float[] out = new float[rows.length * w];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * w, w);
        }
        return out;
    }

    private static float[][] unflatten(float[] data, int rows, int w) {
        float[][] out = new float[rows][w];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(data, i * w, out[i], 0, w);
        }
        return out;
    }
}
