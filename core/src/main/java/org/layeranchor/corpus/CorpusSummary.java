package org.layeranchor.corpus;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code corpus info} prints about one corpus, computed from its manifest alone (no audio is
 * opened, so hours come from {@code duration_s}).
 *
 * @param name               corpus name
 * @param dir                corpus folder
 * @param languages          distinct language codes, sorted ("" left out)
 * @param utterances         well-formed rows
 * @param speakersByGender   gender ("" = not given) → distinct speakers
 * @param speakers           distinct speaker ids ("" not counted)
 * @param hours              sum of duration_s over rows that have one
 * @param rowsWithoutDuration rows whose duration_s is empty
 * @param classCounts        class → utterances after merges, in class-set order (zeros included)
 * @param outsideClassSet    label → utterances not in the class set, sorted by label
 * @param problems           rows rejected by the manifest reader
 */
public record CorpusSummary(String name, Path dir, Set<String> languages, int utterances, int speakers,
                            Map<String, Integer> speakersByGender, double hours, int rowsWithoutDuration,
                            Map<String, Integer> classCounts, Map<String, Integer> outsideClassSet, int problems) {

    public static CorpusSummary of(Corpus corpus, ClassSet classSet) {
        List<Utterance> all = corpus.utterances();
        Set<String> languages = new TreeSet<>();
        Set<String> speakers = new TreeSet<>();
        Map<String, Set<String>> speakersOfGender = new TreeMap<>();
        double seconds = 0;
        int withoutDuration = 0;
        for (Utterance u : all) {
            if (!u.language().isEmpty()) {
                languages.add(u.language());
            }
            if (!u.speaker().isEmpty()) {
                speakers.add(u.speaker());
                speakersOfGender.computeIfAbsent(u.gender(), g -> new TreeSet<>()).add(u.speaker());
            }
            if (Double.isNaN(u.durationS())) {
                withoutDuration++;
            } else {
                seconds += u.durationS();
            }
        }
        Map<String, Integer> byGender = new TreeMap<>();
        speakersOfGender.forEach((g, s) -> byGender.put(g, s.size()));
        ClassSet.Selection selection = classSet.select(all);
        Map<String, Integer> classCounts = new LinkedHashMap<>();
        for (String c : classSet.classes()) {
            classCounts.put(c, 0);
        }
        for (Utterance u : selection.kept()) {
            classCounts.merge(u.emotion(), 1, Integer::sum);
        }
        return new CorpusSummary(corpus.name(), corpus.dir(), Collections.unmodifiableSet(languages), all.size(),
                speakers.size(), Collections.unmodifiableMap(byGender), seconds / 3600, withoutDuration,
                Collections.unmodifiableMap(classCounts), selection.dropped(), corpus.problems().size());
    }

    public int outsideCount() {
        return outsideClassSet.values().stream().mapToInt(Integer::intValue).sum();
    }
}
