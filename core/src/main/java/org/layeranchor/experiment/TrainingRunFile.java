package org.layeranchor.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.layeranchor.training.TrainingConfig;
import org.layeranchor.training.TrainingConfigFiles;

/**
 * The file {@code layeranchor train --config FILE} reads (JSON or YAML): which data, and how to train.
 * Every key has a default except {@code source}; unknown keys are rejected. Without {@code target}
 * the model is trained for no language in particular (source-only strategies only) and keeps its
 * sources' statistics ({@code standardisedWith: sources}). The
 * defaults are in docs/TRAINING.md, which a test keeps equal to what this reads. An example:
 *
 * <pre>
 * store: store                 # feature store
 * encoder: ""                  # encoder key in the store, needed only if it holds several
 * source: ravdess              # labelled source corpus (name in the store), or several: [emodb, ravdess]
 *                              #   or "emodb,ravdess": each standardised with its own statistics, then pooled
 * target: emovo                # target corpus; its labels are never read (optional: see above)
 * setting: inductive           # inductive: adapt on the split's adapt half; transductive: on all target audio
 * splits: splits               # folder of CORPUS.adapt-test.csv
 * out: runs/model              # model folder to write
 * vowels: false                # compute the vowel-frame ranking (lam-vowel needs it; needs --frames features)
 * merge: [calm=neutral]        # labels counted as a class (nothing is merged unless asked)
 * training:                    # TrainingConfig keys; classes default to neutral,happy,sad,angry
 *   strategy: lam
 * </pre>
 */
public record TrainingRunFile(Path store, String encoder, String source, String target, boolean transductive,
                              Path splits, Path out, boolean vowels, TrainingConfig training, List<String> merges) {
    /** Whether the run names a target corpus (else: trained for no language in particular). */
    public boolean hasTarget() {
        return !target.isBlank();
    }

    private static final Set<String> KEYS = Set.of("store", "encoder", "source", "target", "setting", "splits", "out",
            "vowels", "training", "merge");
    private static final List<String> FOUR = List.of("neutral", "happy", "sad", "angry");

    /**
     * The name of the run file's copy that {@code train} keeps in the model folder: "run" with the
     * file's own extensions (run.yaml, run.json), so that it is read back as what it is.
     */
    public static String copyName(Path runFile) {
        return "run" + runFile.getFileName().toString().replaceAll("^[^.]*", "");
    }

    /** The copy {@link #copyName} names in {@code modelDir}, if there is one. */
    public static Optional<Path> copyIn(Path modelDir) throws IOException {
        if (!Files.isDirectory(modelDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(modelDir)) {
            return files.filter(f -> f.getFileName().toString().equals(copyName(f)) && Files.isRegularFile(f))
                    .sorted().findFirst();
        }
    }

    public static TrainingRunFile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such run file");
        }
        org.layeranchor.training.TrainingConfigFiles.requireSmallFile(file);
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        ObjectMapper mapper = json ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        JsonNode tree;
        try {
            tree = mapper.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IOException(file + ": not valid " + (json ? "JSON" : "YAML") + " (" + e.getMessage() + ")", e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IOException(file + ": expected a mapping with at least 'source'");
        }
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new IOException(file + ": unknown key '" + k + "' (known: " + new TreeSet<>(KEYS) + ")");
            }
        }
        JsonNode sourceNode = tree.get("source");
        String source;
        if (sourceNode != null && sourceNode.isArray()) {
            List<String> names = new ArrayList<>();
            sourceNode.forEach(n -> names.add(n.asText().trim()));
            source = String.join(",", names);
        } else {
            source = text(tree, "source", null, file);
        }
        if (source.isBlank() || Arrays.stream(source.split(",")).anyMatch(String::isBlank)) {
            throw new IOException(file + ": 'source' names no corpus, or an empty one: '" + source + "'");
        }
        // No target: a model for no language in particular (the default model), trained source-only and
        // adapted at use time; TrainCommand refuses strategies that align with a target.
        String target = text(tree, "target", "", file);
        String setting = text(tree, "setting", "inductive", file);
        if (!setting.equals("inductive") && !setting.equals("transductive")) {
            throw new IOException(file + ": setting must be inductive or transductive, not '" + setting + "'");
        }
        TrainingConfig training;
        try {
            JsonNode t = tree.get("training");
            ObjectNode merged = t == null || t.isNull() ? new ObjectMapper().createObjectNode() : (ObjectNode) t.deepCopy();
            if (!merged.has("classes")) {
                merged.putPOJO("classes", FOUR);
            }
            training = TrainingConfigFiles.parse(new ObjectMapper().writeValueAsString(merged), true);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IOException(file + ": training: " + e.getMessage(), e);
        }
        List<String> merges = new ArrayList<>();
        JsonNode mergeNode = tree.get("merge");
        if (mergeNode != null && mergeNode.isArray()) {
            mergeNode.forEach(n -> merges.add(n.asText().trim()));
        } else if (mergeNode != null && !mergeNode.isNull()) {
            Arrays.stream(text(tree, "merge", "", file).split(",")).map(String::trim)
                    .filter(x -> !x.isEmpty()).forEach(merges::add);
        }
        return new TrainingRunFile(Path.of(text(tree, "store", "store", file)), text(tree, "encoder", "", file), source,
                target, setting.equals("transductive"), Path.of(text(tree, "splits", "splits", file)),
                Path.of(text(tree, "out", "runs/model", file)), tree.path("vowels").asBoolean(false), training,
                List.copyOf(merges));
    }

    /** The labelled source corpora, one or several. */
    public List<String> sources() {
        return Arrays.stream(source.split(",")).map(String::trim).toList();
    }

    private static String text(JsonNode tree, String key, String fallback, Path file) throws IOException {
        JsonNode n = tree.get(key);
        if (n == null || n.isNull()) {
            if (fallback == null) {
                throw new IOException(file + ": missing required key '" + key + "'");
            }
            return fallback;
        }
        if (!n.isValueNode()) {
            throw new IOException(file + ": '" + key + "' must be a single value");
        }
        return n.asText();
    }
}
