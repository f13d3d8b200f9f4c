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
    private final Reading reading;              // which rows of `all` were loaded

    private CorpusFeatures(String corpus, List<IndexRow> rows, Map<String, String> splitOf, ClassSet classes,
                           FeatureSet all, FeatureSet allVowel, Reading reading) {
        this.corpus = corpus;
        this.rows = rows;
        this.splitOf = splitOf;
        this.classes = classes;
        this.all = all;
        this.allVowel = allVowel;
        this.reading = reading;
    }

    /** Every row of the corpus, for callers that use it in several roles (the benchmark). */
    public static CorpusFeatures load(FeatureStore store, String key, String corpus, Path splitFile, ClassSet classes,
                               boolean vowels, int threads) throws IOException {
        return load(store, key, corpus, splitFile, classes, vowels, threads, Reading.EVERY_ROW);
    }

    /**
     * The rows {@code reading} names, the others left unread: a role that needs a row not loaded fails
     * ({@link IllegalStateException}) instead of seeing partial data. With {@code vowels}, every row.
     */
    public static CorpusFeatures load(FeatureStore store, String key, String corpus, Path splitFile, ClassSet classes,
                               boolean vowels, int threads, Reading reading) throws IOException {
        List<IndexRow> rows = store.rows(key, List.of(corpus));
        if (rows.isEmpty()) {
            throw new IOException(store.root() + ": no features of corpus '" + corpus + "' (run extract on it)");
        }
        Map<String, String> splitOf = readSplit(splitFile);
        Reading read = vowels ? Reading.EVERY_ROW : reading;
        FeatureSet all = loadRows(store, key, rows, read.rowsOf(rows, splitOf, classes));
        FeatureSet vowel = vowels ? VowelFeatures.load(store, key, rows, threads).features() : null;
        return new CorpusFeatures(corpus, rows, splitOf, classes, all, vowel, read);
    }

    /**
     * Which rows of a corpus a command reads, so that only those are loaded. Pooled features of every
     * layer are 29 KB per utterance with whisper-base; a 100,000-utterance store's RAVDESS is 48,600
     * utterances, of which a four-class source trains on 22,680 (the rest are other emotions), and a
     * target's inductive training reads its adapt half only.
     */
    public enum Reading {
        /** Every row: any role. */
        EVERY_ROW,
        /** The rows in the class set ({@link #asSource}, {@link #asOracleTraining}, {@link #asTargetTest}). */
        LABELLED,
        /**
         * The adapt half, every emotion ({@link #asUnlabelledTarget} inductive). Chosen by the split file
         * alone: loading a target reads no label.
         */
        ADAPT_HALF;

        int[] rowsOf(List<IndexRow> rows, Map<String, String> splitOf, ClassSet classes) {
            return switch (this) {
                case EVERY_ROW -> unlabelled(rows, splitOf, null);
                case LABELLED -> labelled(rows, splitOf, classes, null);
                case ADAPT_HALF -> unlabelled(rows, splitOf, "adapt");
            };
        }
    }

    /**
     * The features of rows {@code read}, placed at their index among {@code rows}; the other rows'
     * arrays are null, which {@link #rowsOf} refuses to hand out. Every row keeps its utterance, so that
     * indices into {@code rows} mean the same whatever was loaded.
     */
    private static FeatureSet loadRows(FeatureStore store, String key, List<IndexRow> rows, int[] read) throws IOException {
        List<IndexRow> wanted = new ArrayList<>(read.length);
        for (int i : read) {
            wanted.add(rows.get(i));
        }
        FeatureSet loaded = store.load(key, wanted);
        if (read.length == rows.size()) {
            return loaded; // read lists every row in order
        }
        float[][][] mean = new float[loaded.layers()][rows.size()][];
        float[][][] std = new float[loaded.layers()][rows.size()][];
        for (int l = 0; l < loaded.layers(); l++) {
            for (int i = 0; i < read.length; i++) {
                mean[l][read[i]] = loaded.mean()[l][i];
                std[l][read[i]] = loaded.std()[l][i];
            }
        }
        List<Utterance> utterances = new ArrayList<>(rows.size());
        for (IndexRow r : rows) {
            utterances.add(r.toUtterance());
        }
        return new FeatureSet(utterances, mean, std);
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
        return labelled(rows, splitOf, classes, split);
    }

    private static int[] labelled(List<IndexRow> rows, Map<String, String> splitOf, ClassSet classes, String split) {
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
        return unlabelled(rows, splitOf, split);
    }

    private static int[] unlabelled(List<IndexRow> rows, Map<String, String> splitOf, String split) {
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
        return blanked(rowsOf(pick(vowel), unlabelled(transductive ? null : "adapt")));
    }

    /** Every row of the corpus, labels blanked: per-speaker statistics of a source read all its utterances. */
    public FeatureSet everyRow(boolean vowel) {
        return blanked(rowsOf(pick(vowel), unlabelled(null)));
    }

    /**
     * The test half, every row whatever its emotion, labels blanked: the unlabelled audio a deployed model
     * would have of the test speakers at test time, or the files a user would hand to {@code predict} in one
     * batch (batch-only adaptation re-estimates statistics from them).
     */
    public FeatureSet asUnlabelledTestHalf() {
        return blanked(rowsOf(all, unlabelled("test")));
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

    /**
     * Rows {@code idx} of {@code set}; fails when one of them was not loaded ({@link Reading}), so a
     * role the caller did not load for is an error, never a set with missing rows.
     */
    private FeatureSet rowsOf(FeatureSet set, int[] idx) {
        if (reading != Reading.EVERY_ROW && set.layers() > 0) {
            for (int i : idx) {
                if (set.mean()[0][i] == null) {
                    throw new IllegalStateException(corpus + " was loaded for " + reading + ": row " + rows.get(i).path()
                            + " was not read (load it with a Reading that covers this role)");
                }
            }
        }
        return set.subset(idx);
    }

    private FeatureSet relabelled(FeatureSet set, int[] idx) {
        FeatureSet s = rowsOf(set, idx);
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
