package org.layeranchor.corpus;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A corpus as its manifest describes it: the rows that are well-formed, and the problems of those
 * that are not (a bad row never costs the others). Audio files are not opened here; see
 * {@link CorpusValidator}.
 *
 * @param name       the folder name
 * @param dir        the corpus folder
 * @param utterances the well-formed rows, in manifest order
 * @param problems   one per rejected row, plus any whole-manifest problem (line 0 or 1)
 */
public record Corpus(String name, Path dir, List<Utterance> utterances, List<CorpusProblem> problems) {
    public Corpus {
        utterances = List.copyOf(utterances);
        problems = List.copyOf(problems);
    }

    /** Reads {@code dir/manifest.csv}, accepting the {@link EmotionLabels#KNOWN} emotion words. */
    public static Corpus load(Path dir) {
        return ManifestReader.read(dir, Set.of());
    }

    /** Like {@link #load(Path)}, also accepting the labels of {@code classSet} and its merges. */
    public static Corpus load(Path dir, ClassSet classSet) {
        Set<String> extra = new LinkedHashSet<>(classSet.classes());
        extra.addAll(classSet.merges().keySet());
        return ManifestReader.read(dir, extra);
    }

    public Path manifest() {
        return dir.resolve(ManifestReader.FILE_NAME);
    }
}
