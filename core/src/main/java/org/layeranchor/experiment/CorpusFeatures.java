package org.layeranchor.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.layeranchor.corpus.ClassSet;
import org.layeranchor.io.CsvReader;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.IndexRow;
import org.layeranchor.features.VowelFeatures;

/**
 * One corpus's features in the roles the protocol gives them. As a source: its labelled rows in the
 * class set. As a target: the speaker-disjoint halves of the published split file, with labels
 * blanked wherever the protocol forbids reading them.
 *
 * <p>Unlabelled target data is every utterance of the chosen speakers, whatever its emotion:
 * keeping only the four classes would itself read the target's labels.
 */
public final class CorpusFeatures {
    public final String corpus;
    private final List<IndexRow> rows;         // every stored row of the corpus, labels as in the manifest
    private final Map<String, String> splitOf;  // path -> adapt | test
    private final ClassSet classes;
    private final FeatureSet all;               // pooled over all frames, every row, in `rows` order
    private final FeatureSet allVowel;          // pooled over vowel frames, or null without --frames

    private CorpusFeatures(String corpus, List<IndexRow> rows, Map<String, String> splitOf, ClassSet classes,
                           FeatureSet all, FeatureSet allVowel) {
        this.corpus = corpus;
        this.rows = rows;
        this.splitOf = splitOf;
        this.classes = classes;
        this.all = all;
        this.allVowel = allVowel;
    }

    public static CorpusFeatures load(FeatureStore store, String key, String corpus, Path splitFile, ClassSet classes,
                               boolean vowels, int threads) throws IOException {
        List<IndexRow> rows = store.rows(key, List.of(corpus));
        if (rows.isEmpty()) {
            throw new IOException(store.root() + ": no features of corpus '" + corpus + "' (run extract on it)");
        }
        Map<String, String> splitOf = readSplit(splitFile);
        FeatureSet all = store.load(key, rows);
        FeatureSet vowel = vowels ? VowelFeatures.load(store, key, rows, threads).features() : null;
        return new CorpusFeatures(corpus, rows, splitOf, classes, all, vowel);
    }

    private static Map<String, String> readSplit(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException(file + ": no split file (make one with 'layeranchor corpus split DIR --scheme adapt-test')");
        }
        Map<String, String> out = new HashMap<>();
        CsvReader.Table t = CsvReader.read(file);
        if (!t.problems().isEmpty()) {
            throw new IOException(file + ":" + t.problems().get(0).line() + ": " + t.problems().get(0).message());
        }
        for (int i = 1; i < t.rows().size(); i++) {
            List<String> f = t.rows().get(i).fields();
            out.put(f.get(0), f.get(3));
        }
        return out;
    }

    /**
     * Labels of this corpus that are outside the class set (and not merged into it), with their
     * counts: what a labelled source leaves out, for the user to see (e.g. RAVDESS 'calm').
     */
    public Map<String, Integer> labelsOutsideClasses() {
        Map<String, Integer> out = new TreeMap<>();
        for (IndexRow r : rows) {
            if (!r.emotion().isEmpty() && classes.classOf(r.emotion()).isEmpty()) {
                out.merge(r.emotion(), 1, Integer::sum);
            }
        }
        return out;
    }

    /** The labelled rows in the class set (as a source, or for evaluation): indices into {@code rows}. */
    private int[] labelled(String split) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if ((split == null || split.equals(splitOf.get(rows.get(i).path())))
                    && classes.classOf(rows.get(i).emotion()).isPresent()) {
                idx.add(i);
            }
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Every row of a split (null = all rows), labels not consulted. */
    private int[] unlabelled(String split) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (split == null || split.equals(splitOf.get(rows.get(i).path()))) {
                idx.add(i);
            }
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Labelled source data: every row in the class set, relabelled with its class. */
    public FeatureSet asSource(boolean vowel) {
        return relabelled(pick(vowel), labelled(null));
    }

    /** Unlabelled target data: the adapt half (inductive) or everything (transductive), labels blanked. */
    public FeatureSet asUnlabelledTarget(boolean transductive, boolean vowel) {
        return blanked(pick(vowel).subset(unlabelled(transductive ? null : "adapt")));
    }

    /** Every row of the corpus, labels blanked: per-speaker statistics of a source read all its utterances. */
    public FeatureSet everyRow(boolean vowel) {
        return blanked(pick(vowel));
    }

    /**
     * The test half, every row whatever its emotion, labels blanked: the unlabelled audio a deployed model
     * would have of the test speakers at test time, or the files a user would hand to {@code predict} in one
     * batch (batch-only adaptation re-estimates statistics from them).
     */
    public FeatureSet asUnlabelledTestHalf() {
        return blanked(all.subset(unlabelled("test")));
    }

    /** Labelled target test data: the test half (inductive) or everything (transductive), in the class set. */
    public FeatureSet asTargetTest(boolean transductive) {
        return relabelled(all, labelled(transductive ? null : "test"));
    }

    /** Labelled adapt half: only for the within-target upper bound, never for cross-lingual training. */
    public FeatureSet asOracleTraining() {
        return relabelled(all, labelled("adapt"));
    }

    private FeatureSet pick(boolean vowel) {
        if (vowel && allVowel == null) {
            throw new IllegalStateException("vowel features were not loaded");
        }
        return vowel ? allVowel : all;
    }

    private FeatureSet relabelled(FeatureSet set, int[] idx) {
        FeatureSet s = set.subset(idx);
        List<Utterance> u = new ArrayList<>(s.rows());
        for (Utterance x : s.utterances()) {
            u.add(x.withEmotion(classes.classOf(x.emotion()).orElseThrow()));
        }
        return new FeatureSet(u, s.mean(), s.std());
    }

    private static FeatureSet blanked(FeatureSet s) {
        List<Utterance> u = new ArrayList<>(s.rows());
        for (Utterance x : s.utterances()) {
            u.add(x.withEmotion(""));
        }
        return new FeatureSet(u, s.mean(), s.std());
    }
}
