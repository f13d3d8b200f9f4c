package org.layeranchor.corpus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The emotion classes an experiment uses, in a fixed order (class index = position), and the explicit
 * merges that map other labels onto them. Nothing is merged unless asked: RAVDESS "calm" is not
 * "neutral" unless a run says {@code calm=neutral}.
 *
 * @param classes the class names in index order
 * @param merges  source label → class it counts as
 */
public record ClassSet(List<String> classes, Map<String, String> merges) {
    /** The usual four-class task. */
    public static final ClassSet FOUR = parse("neutral,happy,sad,angry");

    public ClassSet {
        classes = List.copyOf(classes);
        merges = Collections.unmodifiableMap(new LinkedHashMap<>(merges));
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("a class set needs at least one class");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String c : classes) {
            if (c.isEmpty() || !seen.add(c)) {
                throw new IllegalArgumentException(c.isEmpty() ? "empty class name in " + classes
                        : "class '" + c + "' is listed twice");
            }
        }
        for (Map.Entry<String, String> m : merges.entrySet()) {
            if (!classes.contains(m.getValue())) {
                throw new IllegalArgumentException("merge " + m.getKey() + "=" + m.getValue() + ": '" + m.getValue()
                        + "' is not one of the classes " + String.join(",", classes));
            }
            if (classes.contains(m.getKey())) {
                throw new IllegalArgumentException("merge " + m.getKey() + "=" + m.getValue() + ": '" + m.getKey()
                        + "' is itself a class");
            }
        }
    }

    /** Classes from a comma-separated list such as {@code neutral,happy,sad,angry}, no merges. */
    public static ClassSet parse(String commaSeparated) {
        List<String> classes = new ArrayList<>();
        for (String c : commaSeparated.split(",", -1)) {
            classes.add(EmotionLabels.normalise(c));
        }
        return new ClassSet(classes, Map.of());
    }

    /** Adds merges written as {@code source=class}, e.g. {@code calm=neutral}. */
    public ClassSet withMerges(List<String> specs) {
        Map<String, String> all = new LinkedHashMap<>(merges);
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1 || spec.indexOf('=', eq + 1) >= 0) {
                throw new IllegalArgumentException("merge '" + spec + "' must look like source=class, e.g. calm=neutral");
            }
            String from = EmotionLabels.normalise(spec.substring(0, eq));
            String to = EmotionLabels.normalise(spec.substring(eq + 1));
            String before = all.put(from, to);
            if (before != null && !before.equals(to)) {
                throw new IllegalArgumentException("'" + from + "' is merged into both " + before + " and " + to);
            }
        }
        return new ClassSet(classes, all);
    }

    /** The class an emotion counts as, if any. */
    public Optional<String> classOf(String emotion) {
        if (classes.contains(emotion)) {
            return Optional.of(emotion);
        }
        return Optional.ofNullable(merges.get(emotion));
    }

    /** Position of a class, or -1. */
    public int indexOf(String className) {
        return classes.indexOf(className);
    }

    /**
     * The utterances in the set, relabelled where a merge applies, and the number dropped per label.
     */
    public Selection select(List<Utterance> utterances) {
        List<Utterance> kept = new ArrayList<>();
        Map<String, Integer> dropped = new TreeMap<>();
        for (Utterance u : utterances) {
            Optional<String> c = classOf(u.emotion());
            if (c.isPresent()) {
                kept.add(c.get().equals(u.emotion()) ? u : u.withEmotion(c.get()));
            } else {
                dropped.merge(u.emotion(), 1, Integer::sum);
            }
        }
        return new Selection(kept, dropped);
    }

    /** A description such as {@code neutral,happy,sad,angry (calm=neutral)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.join(",", classes));
        if (!merges.isEmpty()) {
            List<String> m = new ArrayList<>();
            merges.forEach((k, v) -> m.add(k + "=" + v));
            sb.append(" (").append(String.join(", ", m)).append(')');
        }
        return sb.toString();
    }

    /**
     * @param kept    utterances whose label is (or was merged into) a class
     * @param dropped label → number of utterances left out, sorted by label
     */
    public record Selection(List<Utterance> kept, Map<String, Integer> dropped) {
        public Selection {
            kept = List.copyOf(kept);
            dropped = Collections.unmodifiableMap(new TreeMap<>(dropped));
        }

        public int droppedCount() {
            return dropped.values().stream().mapToInt(Integer::intValue).sum();
        }
    }
}
