package org.layeranchor.training;

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
                                 java.util.List<SourceCorpus> sources) {
    public TrainingProvenance {
        sources = sources == null ? java.util.List.of() : java.util.List.copyOf(sources);
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
    public record SourceCorpus(String corpus, java.util.List<String> languages, int utterances, String fingerprint,
                               java.util.Map<String, Integer> classCounts) {
    }

    /** The source corpora of {@code rows}, in first-seen order, with counts over {@code classes}. */
    public static java.util.List<SourceCorpus> sourcesOf(java.util.List<org.layeranchor.corpus.Utterance> rows,
                                                         java.util.List<String> classes) {
        java.util.Map<String, java.util.List<org.layeranchor.corpus.Utterance>> by = new java.util.LinkedHashMap<>();
        for (org.layeranchor.corpus.Utterance u : rows) {
            by.computeIfAbsent(u.corpus(), k -> new java.util.ArrayList<>()).add(u);
        }
        java.util.List<SourceCorpus> out = new java.util.ArrayList<>();
        for (java.util.Map.Entry<String, java.util.List<org.layeranchor.corpus.Utterance>> e : by.entrySet()) {
            java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
            classes.forEach(c -> counts.put(c, 0));
            java.util.Set<String> languages = new java.util.TreeSet<>();
            for (org.layeranchor.corpus.Utterance u : e.getValue()) {
                counts.merge(u.emotion(), 1, Integer::sum);
                languages.add(u.language());
            }
            out.add(new SourceCorpus(e.getKey(), java.util.List.copyOf(languages), e.getValue().size(),
                    DataFingerprint.of(e.getValue().stream().map(org.layeranchor.corpus.Utterance::id).toList()), counts));
        }
        return out;
    }
}
