package org.layeranchor.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The encoder (and its settings) whose features a model was trained on, as opaque key/value pairs
 * supplied by the caller (e.g. family, weights hash, layer count, front-end mode). A model refuses
 * features from any encoder whose pairs differ.
 */
public record EncoderIdentity(Map<String, String> properties) {
    public EncoderIdentity {
        properties = Collections.unmodifiableSortedMap(new TreeMap<>(properties));
    }

    public static EncoderIdentity of(Map<String, String> properties) {
        return new EncoderIdentity(properties);
    }

    /** Throws, naming every differing key, unless {@code actual} has exactly these properties. */
    public void requireSameAs(EncoderIdentity actual) {
        List<String> differences = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(properties.keySet());
        keys.addAll(actual.properties.keySet());
        for (String k : keys) {
            String expected = properties.get(k);
            String got = actual.properties.get(k);
            if (!Objects.equals(expected, got)) {
                differences.add(k + " (model: " + show(expected) + ", features: " + show(got) + ")");
            }
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("the model was trained on features of another encoder: "
                    + String.join("; ", differences));
        }
    }

    private static String show(String v) {
        return v == null ? "absent" : "'" + v + "'";
    }
}
