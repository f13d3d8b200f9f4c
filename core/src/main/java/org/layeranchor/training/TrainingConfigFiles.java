package org.layeranchor.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes {@link TrainingConfig} as JSON ({@code .json}) or YAML (anything else). Keys
 * missing from a file keep their defaults; a key the config does not have is an error that names it
 * (with the nearest known key), so that a typo never silently trains with a default.
 */
public final class TrainingConfigFiles {
    static final ObjectMapper JSON = configure(new ObjectMapper());
    static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()));

    private static final List<String> KEYS = Arrays.stream(TrainingConfig.class.getRecordComponents())
            .map(RecordComponent::getName).toList();

    private TrainingConfigFiles() {
    }

    private static ObjectMapper configure(ObjectMapper m) {
        return m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * The largest config or run file read: real ones are a few hundred bytes. Checked before parsing,
     * since a 10-MB YAML scalar cost 25 s and 413 MB before the parser refused it.
     */
    public static final long MAX_FILE_BYTES = 1 << 20;

    /** Refuses a config or run file over {@link #MAX_FILE_BYTES}, or one that is not a regular file, before reading it. */
    public static void requireSmallFile(Path file) throws IOException {
        org.layeranchor.io.RegularFiles.require(file);
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException(file + ": " + size + " bytes; a config or run file is at most " + MAX_FILE_BYTES
                    + " bytes (1 MiB)");
        }
    }

    /** Reads a file over the defaults. */
    public static TrainingConfig read(Path file) throws IOException {
        requireSmallFile(file);
        String text = Files.readString(file);
        try {
            return parse(text, isJson(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses JSON ({@code json = true}) or YAML text over the defaults. */
    public static TrainingConfig parse(String text, boolean json) {
        JsonNode tree;
        try {
            tree = (json ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("training config is not valid " + (json ? "JSON" : "YAML") + ": "
                    + e.getOriginalMessage());
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return TrainingConfig.defaults();
        }
        if (!tree.isObject()) {
            throw new IllegalArgumentException("training config must be a mapping of keys to values");
        }
        return merge(TrainingConfig.defaults(), (ObjectNode) tree);
    }

    public static void write(TrainingConfig cfg, Path file) throws IOException {
        Files.writeString(file, toText(cfg, isJson(file)));
    }

    public static String toText(TrainingConfig cfg, boolean json) {
        try {
            return (json ? JSON : YAML).writeValueAsString(cfg);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A config from a value for every key, by name; a key missing is a programming error that names it. */
    static TrainingConfig complete(Map<String, ?> values) {
        List<String> missing = KEYS.stream().filter(k -> !values.containsKey(k)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("training config: no value for " + missing);
        }
        return merge(new ObjectNode(JSON.getNodeFactory()), (ObjectNode) JSON.valueToTree(values));
    }

    static TrainingConfig merge(TrainingConfig base, Map<String, ?> overrides) {
        return merge(base, (ObjectNode) JSON.valueToTree(overrides));
    }

    private static TrainingConfig merge(TrainingConfig base, ObjectNode overrides) {
        return merge((ObjectNode) JSON.valueToTree(base), overrides);
    }

    private static TrainingConfig merge(ObjectNode base, ObjectNode overrides) {
        for (Iterator<String> it = overrides.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown training config key '" + key + "'" + suggestion(key)
                        + " (known keys: " + String.join(", ", KEYS) + ")");
            }
        }
        ObjectNode merged = base.deepCopy();
        merged.setAll(overrides);
        try {
            return JSON.treeToValue(merged, TrainingConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
    }

    private static String describe(JsonProcessingException e) {
        // Our own validation (record constructor, enum parsers) is the most useful message.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof NullPointerException) {
                String m = String.valueOf(t.getMessage());
                return m.startsWith("training config: ") ? m : "training config: " + m;
            }
        }
        String where = e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
                ? " at '" + m.getPath().get(0).getFieldName() + "'" : "";
        return "training config: bad value" + where + ": " + e.getOriginalMessage();
    }

    private static String suggestion(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : KEYS) {
            int d = editDistance(key.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return bestDistance <= 3 ? " (did you mean '" + best + "'?)" : "";
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static boolean isJson(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }
}
