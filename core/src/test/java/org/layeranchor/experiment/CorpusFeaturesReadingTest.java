package org.layeranchor.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.bench.SyntheticStoreTest;
import org.layeranchor.corpus.ClassSet;
import org.layeranchor.experiment.CorpusFeatures.Reading;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.IndexRow;
import org.layeranchor.features.StoreIndex;
import org.layeranchor.testing.TestWav;
import org.layeranchor.training.TrainingConfig;

/**
 * {@link CorpusFeatures.Reading}: a corpus loaded for one role reads only that role's rows (the other
 * rows' entry files are deleted here, so reading one would fail), hands out the same rows with the same
 * values as a corpus loaded whole, and refuses a role whose rows it did not read.
 *
 * <p>The store: corpora alpha and beta, 6 utterances each, rows 0-1 in the adapt half (speaker 0),
 * rows 2-5 in the test half; even rows 'angry', odd rows 'sad'. With the class set {angry}, the labelled
 * rows are 0, 2, 4 and the adapt half is 0, 1.
 */
class CorpusFeaturesReadingTest {
    private static final ClassSet ANGRY = ClassSet.parse("angry");

    @Test
    void aLabelledSourceReadsOnlyItsClassesRowsAndGivesTheSameSource(@TempDir Path tmp) throws Exception {
        Fixture f = new Fixture(tmp);
        CorpusFeatures whole = f.load(Reading.EVERY_ROW);
        f.deleteEntriesExcept(0, 2, 4);
        assertThrows(IOException.class, () -> f.load(Reading.EVERY_ROW), "the deleted entries are read when loading whole");

        CorpusFeatures labelled = f.load(Reading.LABELLED);
        assertSameRows(whole.asSource(false), labelled.asSource(false));
        assertSameRows(whole.asTargetTest(false), labelled.asTargetTest(false));
        assertSameRows(whole.asOracleTraining(), labelled.asOracleTraining());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> labelled.asUnlabelledTarget(false, false));
        assertEquals("alpha was loaded for LABELLED: row audio/u1.wav was not read (load it with a Reading that covers "
                + "this role)", e.getMessage());
        assertThrows(IllegalStateException.class, () -> labelled.everyRow());
        assertThrows(IllegalStateException.class, labelled::asUnlabelledTestHalf);
    }

    @Test
    void anInductiveTargetReadsOnlyItsAdaptHalf(@TempDir Path tmp) throws Exception {
        Fixture f = new Fixture(tmp);
        CorpusFeatures whole = f.load(Reading.EVERY_ROW);
        f.deleteEntriesExcept(0, 1);

        CorpusFeatures adapt = f.load(Reading.ADAPT_HALF);
        assertSameRows(whole.asUnlabelledTarget(false, false), adapt.asUnlabelledTarget(false, false));
        assertEquals(2, adapt.asUnlabelledTarget(false, false).rows());
        assertThrows(IllegalStateException.class, () -> adapt.asUnlabelledTarget(true, false));
        assertThrows(IllegalStateException.class, () -> adapt.asTargetTest(false));
        assertThrows(IllegalStateException.class, () -> adapt.asSource(false));
    }

    @Test
    void everyRowServesEveryRole(@TempDir Path tmp) throws Exception {
        CorpusFeatures whole = new Fixture(tmp).load(Reading.EVERY_ROW);
        assertEquals(6, whole.everyRow().rows());
        assertEquals(4, whole.asUnlabelledTestHalf().rows());
        assertEquals(6, whole.asUnlabelledTarget(true, false).rows());
        assertEquals(3, whole.asSource(false).rows());
    }

    @Test
    void trainingReadsWhatItsStandardisationNeeds() {
        TrainingConfig perDomain = TrainingConfig.defaults();
        assertEquals(Reading.LABELLED, SpeakerAwareData.sourceRows(perDomain));
        assertEquals(Reading.ADAPT_HALF, SpeakerAwareData.targetRows(perDomain, false));
        assertEquals(Reading.EVERY_ROW, SpeakerAwareData.targetRows(perDomain, true));
        for (TrainingConfig.Standardisation s : List.of(TrainingConfig.Standardisation.PER_SPEAKER,
                TrainingConfig.Standardisation.AUTO)) {
            TrainingConfig cfg = perDomain.withStandardisation(s);
            assertEquals(Reading.EVERY_ROW, SpeakerAwareData.sourceRows(cfg), s.key());
            assertEquals(Reading.EVERY_ROW, SpeakerAwareData.targetRows(cfg, false), s.key());
        }
    }

    /**
     * lam-vowel's features follow the same Reading: a labelled source pools over vowel frames only its
     * class's rows (the others' frame and pooled files are deleted), with the values a whole load gives.
     */
    @Test
    void vowelFeaturesReadOnlyTheRolesRows(@TempDir Path tmp) throws Exception {
        Fixture f = new Fixture(tmp, true);
        CorpusFeatures whole = f.load(Reading.EVERY_ROW, true, 100);
        f.deleteEntriesExcept(0, 2, 4);
        f.deleteFramesExcept(0, 2, 4);

        CorpusFeatures labelled = f.load(Reading.LABELLED, true, 100);
        assertSameRows(whole.asSource(true), labelled.asSource(true));
        assertEquals(3, labelled.asSource(true).rows());
        assertThrows(IllegalStateException.class, () -> labelled.asUnlabelledTarget(false, true));
        assertTrue(labelled.vowelSubsampleNote().isEmpty(), "3 rows under a cap of 100: every row pooled");
    }

    /**
     * Above the cap, a seeded subsample of the rows the roles read is pooled over vowel frames, the same on
     * every load; each role gets its rows among them with the values a whole load gives them, and the pooled
     * (all-frame) features are untouched.
     */
    @Test
    void vowelFeaturesAboveTheCapAreASeededSubsample(@TempDir Path tmp) throws Exception {
        Fixture f = new Fixture(tmp, true);
        CorpusFeatures every = f.load(Reading.EVERY_ROW, true, 100);
        CorpusFeatures capped = f.load(Reading.EVERY_ROW, true, 3);
        CorpusFeatures again = f.load(Reading.EVERY_ROW, true, 3);

        assertEquals(Optional.of("alpha: layers are ranked on the vowel frames of 3 of its 6 utterances (a seeded "
                + "subsample: the ranking reads each side's mean and covariance)"), capped.vowelSubsampleNote());
        FeatureSet source = capped.asSource(true);
        FeatureSet target = capped.asUnlabelledTarget(true, true);
        assertEquals(3, target.rows(), "every row is unlabelled target data transductively: the 3 pooled");
        assertTrue(source.rows() > 0 && source.rows() < 3, "the class rows among the 3 pooled: " + source.rows());
        assertSameRows(source, again.asSource(true));
        assertSameRows(target, again.asUnlabelledTarget(true, true));
        assertSameRows(rowsNamed(every.asSource(true), source), source);
        assertSameRows(rowsNamed(every.asUnlabelledTarget(true, true), target), target);
        assertSameRows(every.asSource(false), capped.asSource(false));
        assertEquals(6, capped.asUnlabelledTarget(true, false).rows());

        // Loaded for its labelled rows (0, 2, 4) under a cap of 2: a role outside them still fails, subsample or not.
        CorpusFeatures labelled = f.load(Reading.LABELLED, true, 2);
        assertEquals(2, labelled.asSource(true).rows());
        assertThrows(IllegalStateException.class, () -> labelled.asUnlabelledTarget(false, true));
    }

    /** The rows of {@code whole} whose utterances {@code subset} has, in subset's order. */
    private static FeatureSet rowsNamed(FeatureSet whole, FeatureSet subset) {
        int[] idx = subset.utterances().stream().mapToInt(whole.utterances()::indexOf).toArray();
        for (int i : idx) {
            assertTrue(i >= 0, "a subsampled row is one of the corpus's rows");
        }
        return whole.subset(idx);
    }

    /** Same utterances, and each row's arrays equal value for value, layer by layer. */
    private static void assertSameRows(FeatureSet expected, FeatureSet actual) {
        assertEquals(expected.utterances(), actual.utterances());
        assertEquals(expected.layers(), actual.layers());
        for (int l = 0; l < expected.layers(); l++) {
            for (int r = 0; r < expected.rows(); r++) {
                assertNotNull(actual.mean()[l][r]);
                assertArrayEquals(expected.mean()[l][r], actual.mean()[l][r], 0f);
                assertArrayEquals(expected.std()[l][r], actual.std()[l][r], 0f);
            }
        }
    }

    /** The two-corpus store of {@link SyntheticStoreTest#realStore}; corpus alpha is the one loaded. */
    private static final class Fixture {
        final FeatureStore store;
        final String key;
        final Path splits;

        Fixture(Path tmp) throws IOException {
            this(tmp, false);
        }

        /**
         * With {@code vowels}, every entry has frames and its audio (2 s of a 150 Hz tone) under
         * tmp/data/CORPUS, where the index says it is, so that the vowel pooling can decode it again.
         */
        Fixture(Path tmp, boolean vowels) throws IOException {
            splits = tmp.resolve("splits");
            key = SyntheticStoreTest.realStore(tmp.resolve("store"), splits, vowels);
            store = FeatureStore.openExisting(tmp.resolve("store"));
            if (vowels) {
                List<IndexRow> moved = new java.util.ArrayList<>();
                for (IndexRow r : store.rows(key, List.of())) {
                    Path dir = tmp.resolve("data").resolve(r.corpus());
                    Files.createDirectories(dir.resolve(r.path()).getParent());
                    TestWav.writeMono16(dir.resolve(r.path()), 16000, TestWav.tone(150, 16000, 2.0, 0.3));
                    moved.add(new IndexRow(r.corpus(), dir.toString(), r.path(), r.speaker(), r.gender(), r.emotion(),
                            r.language(), r.durationS(), r.audioSha256(), r.frames(), r.hasFrames(), r.pooledCrc32(),
                            r.framesCrc32()));
                }
                StoreIndex.write(store.encoderDir(key), moved);
            }
        }

        CorpusFeatures load(Reading reading) throws IOException {
            return load(reading, false, CorpusFeatures.VOWEL_RANKING_ROWS);
        }

        CorpusFeatures load(Reading reading, boolean vowels, int vowelCap) throws IOException {
            return CorpusFeatures.load(store, key, "alpha", splits.resolve("alpha.adapt-test.csv"), ANGRY, vowels, 1,
                    reading, vowelCap);
        }

        /** Deletes the frame files of alpha's rows other than {@code keep}. */
        void deleteFramesExcept(int... keep) throws IOException {
            List<IndexRow> rows = store.rows(key, List.of("alpha"));
            for (int i = 0; i < rows.size(); i++) {
                final int row = i;
                if (java.util.Arrays.stream(keep).noneMatch(k -> k == row)) {
                    Files.delete(store.encoderDir(key).resolve(rows.get(i).framesFile()));
                }
            }
        }

        /** Deletes the pooled entry files of alpha's rows other than {@code keep}. */
        void deleteEntriesExcept(int... keep) throws IOException {
            List<IndexRow> rows = store.rows(key, List.of("alpha"));
            assertEquals(6, rows.size());
            for (int i = 0; i < rows.size(); i++) {
                final int row = i;
                if (java.util.Arrays.stream(keep).noneMatch(k -> k == row)) {
                    Files.delete(store.encoderDir(key).resolve(rows.get(i).pooledFile()));
                }
            }
        }
    }
}
