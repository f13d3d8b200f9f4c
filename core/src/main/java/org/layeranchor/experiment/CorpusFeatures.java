package org.layeranchor.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.layeranchor.analysis.DeterministicSubsample;
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
    private final FeatureSet allVowel;          // pooled over vowel frames (null slots: not pooled), or null without --frames
    private final Reading reading;              // which rows of `all` were loaded
    private final int vowelRowsNeeded;          // rows `reading` names
    private final int vowelRowsPooled;          // of which allVowel holds (at most VOWEL_RANKING_ROWS; 0 without vowels)

    /**
     * At most this many rows of a corpus are pooled over vowel frames. The vowel features only rank
     * layers (lam-vowel), from each side's mean and covariance, which a few thousand rows estimate as
     * well as every row; pooling decodes each utterance's audio again and reads its frames (about 28 ms of
     * CPU and 28 KB of memory an utterance with whisper-base), which at 100,000 utterances was nearly all
     * of lam-vowel's 7.5 minutes and 8 GB. Above the cap, a seeded subsample (the same rows on every run);
     * below it, every row, so no corpus of the benchmark (at most 1,440 utterances) is touched.
     */
    public static final int VOWEL_RANKING_ROWS = 5000;
    private static final long VOWEL_SAMPLE_SEED = 20261207L;

    private CorpusFeatures(String corpus, List<IndexRow> rows, Map<String, String> splitOf, ClassSet classes,
                           FeatureSet all, FeatureSet allVowel, Reading reading, int vowelRowsNeeded, int vowelRowsPooled) {
        this.corpus = corpus;
        this.rows = rows;
        this.splitOf = splitOf;
        this.classes = classes;
        this.all = all;
        this.allVowel = allVowel;
        this.reading = reading;
        this.vowelRowsNeeded = vowelRowsNeeded;
        this.vowelRowsPooled = vowelRowsPooled;
    }

    /** Every row of the corpus, for callers that use it in several roles (the benchmark). */
    public static CorpusFeatures load(FeatureStore store, String key, String corpus, Path splitFile, ClassSet classes,
                               boolean vowels, int threads) throws IOException {
        return load(store, key, corpus, splitFile, classes, vowels, threads, Reading.EVERY_ROW);
    }

    /**
     * The rows {@code reading} names, the others left unread: a role that needs a row not loaded fails
     * ({@link IllegalStateException}) instead of seeing partial data. With {@code vowels}, the same rows
     * pooled over vowel frames too, at most {@link #VOWEL_RANKING_ROWS} of them.
     */
    public static CorpusFeatures load(FeatureStore store, String key, String corpus, Path splitFile, ClassSet classes,
                               boolean vowels, int threads, Reading reading) throws IOException {
        return load(store, key, corpus, splitFile, classes, vowels, threads, reading, VOWEL_RANKING_ROWS);
    }

    /** As above with another cap on the vowel-pooled rows (tests, which cannot afford thousands). */
    static CorpusFeatures load(FeatureStore store, String key, String corpus, Path splitFile, ClassSet classes,
                               boolean vowels, int threads, Reading reading, int vowelCap) throws IOException {
        List<IndexRow> rows = store.rows(key, List.of(corpus));
        if (rows.isEmpty()) {
            throw new IOException(store.root() + ": no features of corpus '" + corpus + "' (run extract on it)");
        }
        Map<String, String> splitOf = readSplit(splitFile);
        int[] read = reading.rowsOf(rows, splitOf, classes);
        FeatureSet all = loadRows(store, key, rows, read);
        FeatureSet vowel = vowels ? loadVowelRows(store, key, rows, read, threads, vowelCap) : null;
        return new CorpusFeatures(corpus, rows, splitOf, classes, all, vowel, reading, read.length,
                vowels ? Math.min(read.length, vowelCap) : 0);
    }

    /** Rows {@code read} pooled over vowel frames, or a seeded subsample of {@code cap} of them. */
    private static FeatureSet loadVowelRows(FeatureStore store, String key, List<IndexRow> rows, int[] read, int threads,
                                            int cap) throws IOException {
        int[] sample = DeterministicSubsample.indices(read.length, cap, VOWEL_SAMPLE_SEED);
        int[] pooledRows = new int[sample.length];
        List<IndexRow> wanted = new ArrayList<>(sample.length);
        for (int i = 0; i < sample.length; i++) {
            pooledRows[i] = read[sample[i]];
            wanted.add(rows.get(pooledRows[i]));
        }
        return placed(VowelFeatures.load(store, key, wanted, threads).features(), rows, pooledRows);
    }

    /**
     * When the vowel-pooled rows are a subsample ({@link #VOWEL_RANKING_ROWS}), a line saying how many of
     * how many, for the command to print; empty when every row the roles read was pooled.
     */
    public Optional<String> vowelSubsampleNote() {
        if (!vowelSubsample()) {
            return Optional.empty();
        }
        return Optional.of(corpus + ": layers are ranked on the vowel frames of " + vowelRowsPooled + " of its "
                + vowelRowsNeeded + " utterances (a seeded subsample: the ranking reads each side's mean and covariance)");
    }

    private boolean vowelSubsample() {
        return vowelRowsPooled < vowelRowsNeeded && allVowel != null;
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
        return placed(store.load(key, wanted), rows, read);
    }

    /** {@code loaded}'s rows put at indices {@code read} among {@code rows}; the other slots null. */
    private static FeatureSet placed(FeatureSet loaded, List<IndexRow> rows, int[] read) {
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

    /**
     * Labelled source data: every row in the class set, relabelled with its class. Vowel-pooled: the
     * rows that were pooled ({@link #VOWEL_RANKING_ROWS}), for ranking layers.
     */
    public FeatureSet asSource(boolean vowel) {
        return relabelled(pick(vowel), pooledAmong(vowel, labelled(null)));
    }

    /**
     * Unlabelled target data: the adapt half (inductive) or everything (transductive), labels blanked.
     * Vowel-pooled: the rows that were pooled, as {@link #asSource}.
     */
    public FeatureSet asUnlabelledTarget(boolean transductive, boolean vowel) {
        return blanked(rowsOf(pick(vowel), pooledAmong(vowel, unlabelled(transductive ? null : "adapt"))));
    }

    /** Every row of the corpus, labels blanked: per-speaker statistics of a source read all its utterances. */
    public FeatureSet everyRow() {
        return blanked(rowsOf(all, unlabelled(null)));
    }

    /**
     * {@code idx} itself for the pooled features; for the vowel-pooled ones, those of {@code idx} that were
     * pooled, so that a role of a large corpus gets its subsample. A row the role needs but {@link Reading}
     * did not load is kept, so that it still fails in {@link #rowsOf}: it was never a candidate for the subsample.
     */
    private int[] pooledAmong(boolean vowel, int[] idx) {
        if (!vowel || !vowelSubsample()) {
            return idx;
        }
        return java.util.Arrays.stream(idx).filter(i -> allVowel.mean()[0][i] != null || all.mean()[0][i] == null)
                .toArray();
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
        if ((reading != Reading.EVERY_ROW || set == allVowel) && set.layers() > 0) {
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
