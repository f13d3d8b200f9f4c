package org.layeranchor.corpus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which split each speaker belongs to.
 *
 * @param splits    split names in their natural order (e.g. adapt, test; or fold1..foldK)
 * @param splitOf   {@link SpeakerSplits#speakerKey speaker key} → split name, sorted by speaker key
 */
public record SplitAssignment(List<String> splits, Map<String, String> splitOf) {
    public SplitAssignment {
        splits = List.copyOf(splits);
        splitOf = Collections.unmodifiableMap(new TreeMap<>(splitOf));
        for (String s : splitOf.values()) {
            if (!splits.contains(s)) {
                throw new IllegalArgumentException("speaker assigned to unknown split '" + s + "'");
            }
        }
    }

    /** The split of an utterance's speaker, or null when the speaker is not assigned. */
    public String splitOf(Utterance u) {
        return splitOf.get(SpeakerSplits.speakerKey(u));
    }

    /** The utterances in each split, in split order and, within a split, in input order. */
    public Map<String, List<Utterance>> partition(List<Utterance> utterances) {
        Map<String, List<Utterance>> parts = new LinkedHashMap<>();
        for (String s : splits) {
            parts.put(s, new ArrayList<>());
        }
        for (Utterance u : utterances) {
            String s = splitOf(u);
            if (s != null) {
                parts.get(s).add(u);
            }
        }
        parts.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(parts);
    }

    /** The speakers (keys) of one split, sorted. */
    public List<String> speakersIn(String split) {
        return splitOf.entrySet().stream().filter(e -> e.getValue().equals(split)).map(Map.Entry::getKey).toList();
    }
}
