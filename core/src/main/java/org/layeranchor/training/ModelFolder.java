package org.layeranchor.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.layeranchor.io.Npy;
import org.layeranchor.io.NpyArray;
import org.layeranchor.training.linear.LinearEnsemble;
import org.layeranchor.training.linear.LinearMember;
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
 * With {@code head: linear} (format version 2) there is no network: member i of
 * {@code linearMembers} has {@code weights/linear.i.weight.npy} [its layers × 2d, classes] and
 * {@code weights/linear.i.bias.npy} [classes], and the normalizer holds the statistics the model
 * standardises with at prediction ({@code standardisedWith}: the unlabelled target's with per-domain
 * standardisation).
 *
 * Everything loads with {@code numpy.load} and {@code json.load}. Version 1 folders (mlp head,
 * source statistics) load unchanged.
 *
 * <p>Each array's SHA-256 is recorded next to its file name ({@code weights[i].sha256},
 * {@code normalizer.sha256.centre|scale}), and {@link #load} refuses a folder whose arrays do not
 * match them, are not finite, or do not have the shapes the description implies, or whose class
 * names are empty or repeated ({@link ModelArrays}). Folders written before checksums load without
 * that one check.
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
        if (model.network() != null) {
            for (Parameter p : model.network().storedParameters()) {
                writeWeight(dir, weights, p.name(), p.toFloats(), p.shape());
            }
        } else {
            List<LinearMember> members = model.linearHead().members();
            for (int i = 0; i < members.size(); i++) {
                LinearMember m = members.get(i);
                writeWeight(dir, weights, "linear." + i + ".weight", flatten(m.weights()),
                        new int[] {m.inputWidth(), m.classes()});
                writeWeight(dir, weights, "linear." + i + ".bias", m.bias(), new int[] {m.classes()});
            }
        }
        FeatureNormalizer norm = model.normalizer();
        Npy.writeFloat32(dir.resolve("normalizer/centre.npy"), flatten(norm.centre()), norm.centre().length, norm.inputDim());
        Npy.writeFloat32(dir.resolve("normalizer/scale.npy"), flatten(norm.scale()), norm.scale().length, norm.inputDim());
        ObjectNode n = root.putObject("normalizer");
        n.put("centre", "normalizer/centre.npy");
        n.put("scale", "normalizer/scale.npy");
        ObjectNode sums = n.putObject("sha256");
        sums.put("centre", ModelArrays.sha256(dir.resolve("normalizer/centre.npy")));
        sums.put("scale", ModelArrays.sha256(dir.resolve("normalizer/scale.npy")));
        SpeakerStandardisation speakers = model.speakerStandardisation();
        if (speakers != null) {
            // The target domain's raw statistics, every encoder layer: what a new speaker is shrunk towards.
            int layers = speakers.domainMean().length;
            int width = speakers.domainMean()[0].length;
            Npy.writeFloat32(dir.resolve(SPEAKER_MEAN), flatten(toFloat(speakers.domainMean())), layers, width);
            Npy.writeFloat32(dir.resolve(SPEAKER_VAR), flatten(toFloat(speakers.domainVar())), layers, width);
            ObjectNode sp = n.putObject("speakers");
            sp.put("shrinkage", speakers.shrinkage());
            sp.put("speaker_mean", SPEAKER_MEAN);
            sp.put("speaker_var", SPEAKER_VAR);
            sums.put("speaker_mean", ModelArrays.sha256(dir.resolve(SPEAKER_MEAN)));
            sums.put("speaker_var", ModelArrays.sha256(dir.resolve(SPEAKER_VAR)));
        }
        Files.writeString(dir.resolve(MODEL_JSON), JSON.writeValueAsString(root));
        ModelJsonSignature.sign(dir);
        TrainingConfigFiles.write(model.description().config(), dir.resolve("config.yaml"));
    }

    private static void writeWeight(Path dir, ArrayNode list, String name, float[] values, int[] shape) throws IOException {
        String file = "weights/" + name + ".npy";
        Npy.writeFloat32(dir.resolve(file), values, longs(shape));
        ObjectNode w = list.addObject();
        w.put("name", name);
        w.put("file", file);
        ArrayNode s = w.putArray("shape");
        Arrays.stream(shape).forEach(s::add);
        w.put("sha256", ModelArrays.sha256(dir.resolve(file)));
    }

    public static TrainedModel load(Path dir) throws IOException {
        Path json = dir.resolve(MODEL_JSON);
        if (!Files.isRegularFile(json)) {
            throw new IOException(dir + " is not a model folder (no " + MODEL_JSON + ")");
        }
        ModelJsonSignature.verifyIfSigned(dir);
        JsonNode root = readJson(json);
        String format = root.path("format").asText("");
        int version = root.path("formatVersion").asInt(-1);
        if (!ModelDescription.FORMAT.equals(format)) {
            throw new IOException(json + ": not a LayerAnchor model (format '" + format + "')");
        }
        if (version < 1 || version > ModelDescription.FORMAT_VERSION) {
            throw new IOException(json + ": model format version " + version + " is not supported (this LayerAnchor reads versions 1 to "
                    + ModelDescription.FORMAT_VERSION + ")");
        }
        ObjectNode describing = ((ObjectNode) root).deepCopy();
        describing.remove("weights");
        describing.remove("normalizer");
        // Folders written before the pooling option existed used statistics pooling.
        if (describing.path("config") instanceof ObjectNode cfg) {
            if (!cfg.has("pooling")) {
                cfg.put("pooling", TrainingConfig.Pooling.STATISTICS.key());
            }
            // Version 1 knew one head (the network) and standardised everything with source statistics.
            if (!cfg.has("head")) {
                cfg.put("head", TrainingConfig.Head.MLP.key());
            }
            if (!cfg.has("standardisation")) {
                cfg.put("standardisation", TrainingConfig.Standardisation.SOURCE.key());
            }
            TrainingConfig defaults = TrainingConfig.defaults();
            if (!cfg.has("l2")) {
                cfg.put("l2", defaults.l2());
            }
            if (!cfg.has("headInputs")) {
                cfg.put("headInputs", TrainingConfig.HeadInputs.MEAN_STD.key());
            }
            if (!cfg.has("anchorRanking")) {
                cfg.put("anchorRanking", TrainingConfig.AnchorRanking.CONSENSUS.key());
            }
            if (!cfg.has("coralEpsilon")) {
                cfg.put("coralEpsilon", defaults.coralEpsilon());
            }
            // Before the multi-source options, several sources were always ranked and aligned pooled.
            for (String key : List.of("multiSourceRanking", "multiSourceAlignment", "multiSourceHeads")) {
                if (!cfg.has(key)) {
                    cfg.put(key, TrainingConfig.MultiSource.POOLED.key());
                }
            }
            if (!cfg.has("validation")) {
                cfg.put("validation", TrainingConfig.Validation.SPEAKERS.key());
            }
            if (!cfg.has("speakerShrinkage")) {
                cfg.put("speakerShrinkage", defaults.speakerShrinkage());
            }
            // Before rankingInputs, the CORAL ranking always read [mean ‖ std].
            if (!cfg.has("rankingInputs")) {
                cfg.put("rankingInputs", TrainingConfig.RankingInputs.MEAN_STD.key());
            }
        }
        for (String key : REQUIRED_KEYS) {
            if (!describing.hasNonNull(key)) {
                throw new IOException(json + ": missing key '" + key + "' (the model folder is damaged or incomplete)");
            }
        }
        ModelDescription d;
        try {
            d = JSON.treeToValue(describing, ModelDescription.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(json + ": " + jsonProblem(e), e);
        }
        requireDistinctClassNames(d.classes(), json);
        requireConsistentShape(d, json);

        ModelArrays arrays = ModelArrays.of(dir, root);
        ModelJsonSignature.requireSignature(dir, arrays.hasChecksums());
        int[] used = d.usedLayers().stream().mapToInt(Integer::intValue).toArray();
        FeatureNormalizer norm = readNormalizer(arrays, used, d.inputDim());
        SpeakerStandardisation speakers = readSpeakers(arrays, root.path("normalizer").path("speakers"), d, json);
        if (d.config().head() == TrainingConfig.Head.LINEAR) {
            return new TrainedModel(d, null, readLinear(dir, arrays, d), norm, speakers);
        }
        EmotionClassifierNetwork net = new EmotionClassifierNetwork(used, d.inputDim(), d.projectionDim(), d.hiddenDim(),
                d.classes().size(), d.learnedFusion());
        for (Parameter p : net.storedParameters()) {
            NpyArray a = arrays.read("weights/" + p.name() + ".npy", p.name(), longs(p.shape()));
            p.setFromFloats(a.data());
        }
        return new TrainedModel(d, net, null, norm, speakers);
    }

    /** Where a per-speaker model keeps the target domain's raw statistics ([layers, 2·dim], float32). */
    static final String SPEAKER_MEAN = "normalizer/speaker_mean.npy";
    static final String SPEAKER_VAR = "normalizer/speaker_var.npy";

    private static SpeakerStandardisation readSpeakers(ModelArrays arrays, JsonNode node, ModelDescription d, Path json)
            throws IOException {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        double k = node.path("shrinkage").asDouble(Double.NaN);
        if (!(k >= 0) || Double.isInfinite(k)) {
            throw new IOException(json + ": normalizer.speakers.shrinkage is '" + node.path("shrinkage")
                    + "', must be a finite number >= 0");
        }
        long[] shape = {d.featureLayers(), d.inputDim()};
        float[] mean = arrays.read(SPEAKER_MEAN, "speaker statistics (mean)", shape).data();
        float[] var = arrays.read(SPEAKER_VAR, "speaker statistics (variance)", shape).data();
        double[][] m = new double[d.featureLayers()][d.inputDim()];
        double[][] v = new double[d.featureLayers()][d.inputDim()];
        for (int l = 0; l < d.featureLayers(); l++) {
            for (int i = 0; i < d.inputDim(); i++) {
                m[l][i] = mean[l * d.inputDim() + i];
                v[l][i] = var[l * d.inputDim() + i];
                if (!(v[l][i] >= 0)) {
                    throw new IOException(arrays.path(SPEAKER_VAR) + ": value " + (l * d.inputDim() + i) + " is " + v[l][i]
                            + "; a variance cannot be negative (the model is damaged)");
                }
            }
        }
        return new SpeakerStandardisation(m, v, k);
    }

    private static float[][] toFloat(double[][] a) {
        float[][] out = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new float[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                out[i][j] = (float) a[i][j];
            }
        }
        return out;
    }

    /** Keys every model.json has (any version): without them the model cannot be built or checked. */
    private static final List<String> REQUIRED_KEYS = List.of("classes", "encoder", "featureLayers", "featureDim",
            "usedLayers", "inputDim", "config");
    /** Bounds far above any real encoder (Whisper large: 33 layers of 1,280), so a number cannot cost memory. */
    private static final int MAX_LAYERS = 1_024;
    private static final int MAX_WIDTH = 1 << 16;

    /**
     * model.json parsed strictly: a key given twice is refused (Jackson would keep the last silently),
     * and a syntax error is one line with its place, not a parser's reference chain.
     */
    private static JsonNode readJson(Path json) throws IOException {
        try {
            return JSON.reader().with(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .readTree(org.layeranchor.io.RegularFiles.readAllBytes(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(json + ": " + jsonProblem(e), e);
        }
    }

    /** Jackson's message without its source dump and reference chain, with the line and column. */
    private static String jsonProblem(com.fasterxml.jackson.core.JsonProcessingException e) {
        String where = e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        String path = "";
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder p = new StringBuilder(" at ");
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
                p.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
            }
            path = p.toString();
        }
        String msg = e.getOriginalMessage().lines().findFirst().orElse("");
        return "invalid model description" + path + where + ": " + msg;
    }

    /**
     * Every number of the description that sizes or indexes something is checked before it is used: a
     * layer index of 99 in a 7-layer model failed every request later ("Index 99 out of bounds"), and a
     * huge featureLayers ran the service out of memory.
     */
    private static void requireConsistentShape(ModelDescription d, Path json) throws IOException {
        requireWithin(json, "featureLayers", d.featureLayers(), MAX_LAYERS);
        requireWithin(json, "featureDim", d.featureDim(), MAX_WIDTH);
        requireWithin(json, "inputDim", d.inputDim(), MAX_WIDTH);
        if (d.usedLayers().isEmpty()) {
            throw new IOException(json + ": usedLayers is empty");
        }
        Set<Integer> seen = new HashSet<>();
        for (Integer l : d.usedLayers()) {
            if (l == null || l < 0 || l >= d.featureLayers()) {
                throw new IOException(json + ": usedLayers " + d.usedLayers() + " holds " + l + ", not a layer of the "
                        + d.featureLayers() + " (0 to " + (d.featureLayers() - 1) + ") the features have");
            }
            if (!seen.add(l)) {
                throw new IOException(json + ": usedLayers " + d.usedLayers() + " holds layer " + l + " twice");
            }
        }
    }

    private static void requireWithin(Path json, String key, int value, int max) throws IOException {
        if (value < 1 || value > max) {
            throw new IOException(json + ": " + key + " is " + value + " (expected 1 to " + max + ")");
        }
    }

    /**
     * Predictions are reported by class name (a JSON object in the service), so an empty or repeated
     * name would silently merge or hide a class.
     */
    private static void requireDistinctClassNames(List<String> classes, Path json) throws IOException {
        if (classes == null || classes.size() < 2) {
            throw new IOException(json + ": a model needs at least 2 classes, got " + classes);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < classes.size(); i++) {
            String c = classes.get(i);
            if (c == null || c.isBlank()) {
                throw new IOException(json + ": class " + i + " of " + classes + " has an empty name");
            }
            if (!c.codePoints().allMatch(cp -> !Character.isISOControl(cp) && Character.isDefined(cp))) {
                throw new IOException(json + ": class " + i + " has a name with control characters: "
                        + c.replaceAll("\\p{Cntrl}", "?"));
            }
            if (!seen.add(c)) {
                throw new IOException(json + ": class name '" + c + "' appears twice in " + classes);
            }
        }
    }

    private static FeatureNormalizer readNormalizer(ModelArrays arrays, int[] used, int inputDim) throws IOException {
        long[] normShape = {used.length, inputDim};
        NpyArray centre = arrays.read("normalizer/centre.npy", "normalizer centre", normShape);
        NpyArray scale = arrays.read("normalizer/scale.npy", "normalizer scale", normShape);
        for (int i = 0; i < scale.data().length; i++) {
            if (!(scale.data()[i] > 0)) {
                throw new IOException(arrays.path("normalizer/scale.npy") + ": value " + i + " is " + scale.data()[i]
                        + "; a standardisation scale must be positive (the model is damaged)");
            }
        }
        return new FeatureNormalizer(used, unflatten(centre.data(), used.length, inputDim),
                unflatten(scale.data(), used.length, inputDim));
    }

    private static LinearEnsemble readLinear(Path dir, ModelArrays arrays, ModelDescription d) throws IOException {
        if (d.linearMembers().isEmpty()) {
            throw new IOException(dir.resolve(MODEL_JSON) + ": 'head: linear' but no linearMembers");
        }
        List<LinearMember> members = new ArrayList<>();
        int classes = d.classes().size();
        for (int i = 0; i < d.linearMembers().size(); i++) {
            List<Integer> layers = d.linearMembers().get(i);
            for (int l : layers) {
                if (!d.usedLayers().contains(l)) {
                    throw new IOException(dir.resolve(MODEL_JSON) + ": linear member " + i + " reads layer " + l
                            + ", which is not among usedLayers " + d.usedLayers());
                }
            }
            int width = layers.size() * d.inputDim();
            NpyArray w = arrays.read("weights/linear." + i + ".weight.npy", "linear." + i + ".weight", width, classes);
            NpyArray b = arrays.read("weights/linear." + i + ".bias.npy", "linear." + i + ".bias", classes);
            members.add(new LinearMember(layers.stream().mapToInt(Integer::intValue).toArray(),
                    unflatten(w.data(), width, classes), b.data().clone()));
        }
        return new LinearEnsemble(members);
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
