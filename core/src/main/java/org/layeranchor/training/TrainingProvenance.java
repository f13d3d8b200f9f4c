package org.layeranchor.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.layeranchor.corpus.Utterance;

/**
 * Which data and code produced a model.
 *
 * @param sourceFingerprint SHA-256 over the sorted source utterance ids ({@link DataFingerprint})
 * @param sourceUtterances  source rows given (training + validation)
 * @param targetFingerprint the same for the unlabelled target rows ("" when none were given)
 * @param targetUtterances  target rows given
 * @param seed              the config's seed
 * @param gitCommit         {@code git rev-parse HEAD} of the working directory, or "unknown"
 * @param javaVersion       the JVM that trained
 * @param sources           every source corpus among the source rows (several when sources were pooled),
 *                          with its own fingerprint, size, languages and per-class counts; empty in
 *                          folders written before it existed
 */
public record TrainingProvenance(String sourceFingerprint, int sourceUtterances, String targetFingerprint,
                                 int targetUtterances, long seed, String gitCommit, String javaVersion,
                                 List<SourceCorpus> sources) {
    public TrainingProvenance {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /**
     * One source corpus of a model.
     *
     * @param corpus      its name
     * @param languages   the languages its utterances declare
     * @param utterances  its labelled rows
     * @param fingerprint SHA-256 over its sorted utterance ids
     * @param classCounts rows per class, every class of the model listed (0 for a class it lacks)
     */
    public record SourceCorpus(String corpus, List<String> languages, int utterances, String fingerprint,
                               Map<String, Integer> classCounts) {
    }

    /** The source corpora of {@code rows}, in first-seen order, with counts over {@code classes}. */
    public static List<SourceCorpus> sourcesOf(List<Utterance> rows, List<String> classes) {
        Map<String, List<Utterance>> by = new LinkedHashMap<>();
        for (Utterance u : rows) {
            by.computeIfAbsent(u.corpus(), k -> new ArrayList<>()).add(u);
        }
        List<SourceCorpus> out = new ArrayList<>();
        for (Map.Entry<String, List<Utterance>> e : by.entrySet()) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            classes.forEach(c -> counts.put(c, 0));
            Set<String> languages = new TreeSet<>();
            for (Utterance u : e.getValue()) {
                counts.merge(u.emotion(), 1, Integer::sum);
                languages.add(u.language());
            }
            out.add(new SourceCorpus(e.getKey(), List.copyOf(languages), e.getValue().size(),
                    DataFingerprint.of(e.getValue().stream().map(Utterance::id).toList()), counts));
        }
        return out;
    }
}
