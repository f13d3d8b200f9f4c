package org.layeranchor.corpus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One row of a corpus manifest.
 *
 * @param corpus     corpus name (the folder name unless the caller names it)
 * @param corpusDir  the corpus folder; {@link #audioFile()} resolves {@code path} against it
 * @param path       audio path relative to the corpus folder, as written in the manifest
 * @param speaker    speaker id, or "" when the manifest has none
 * @param gender     gender, or ""
 * @param emotion    emotion label (after any class-set merges)
 * @param language   ISO 639-1 language code, or ""
 * @param text       sentence id or transcript, or ""
 * @param durationS  duration from the manifest in seconds, or NaN when absent
 * @param extra      columns beyond the standard ones, kept as they are
 * @param line       1-based line number in manifest.csv (for error messages)
 */
public record Utterance(String corpus, Path corpusDir, String path, String speaker, String gender,
                        String emotion, String language, String text, double durationS,
                        Map<String, String> extra, int line) {

    public Path audioFile() {
        return corpusDir.resolve(path);
    }

    /** Copy with another emotion label (used by class-set merges). */
    public Utterance withEmotion(String newEmotion) {
        return new Utterance(corpus, corpusDir, path, speaker, gender, newEmotion, language, text, durationS, extra, line);
    }

    /**
     * The positions of each corpus's utterances in {@code rows}, ascending, corpora in name order:
     * how several labelled sources are told apart wherever they are handled each on its own.
     */
    public static SortedMap<String, int[]> rowsByCorpus(List<Utterance> rows) {
        SortedMap<String, List<Integer>> lists = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            lists.computeIfAbsent(rows.get(i).corpus(), c -> new ArrayList<>()).add(i);
        }
        SortedMap<String, int[]> out = new TreeMap<>();
        lists.forEach((c, l) -> out.put(c, l.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    /** Stable id across machines: corpus name and relative path. */
    public String id() {
        return corpus + "/" + path;
    }
}
