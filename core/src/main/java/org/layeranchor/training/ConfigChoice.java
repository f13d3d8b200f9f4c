package org.layeranchor.training;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses the lower-case name of a config choice (e.g. {@code "adamw"}) into its enum constant. */
final class ConfigChoice {
    private ConfigChoice() {
    }

    static String key(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E>> E parse(Class<E> type, String key, String field) {
        for (E e : type.getEnumConstants()) {
            if (key(e).equals(key)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + field + " '" + key + "' (known: "
                + Arrays.stream(type.getEnumConstants()).map(ConfigChoice::key).collect(Collectors.joining(", ")) + ")");
    }
}
