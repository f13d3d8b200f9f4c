package org.layeranchor.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.bench.SyntheticStoreTest;
import org.layeranchor.corpus.ClassSet;
import org.layeranchor.experiment.CorpusFeatures.Reading;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.IndexRow;
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
        assertThrows(IllegalStateException.class, () -> labelled.everyRow(false));
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
        assertEquals(6, whole.everyRow(false).rows());
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
            splits = tmp.resolve("splits");
            key = SyntheticStoreTest.realStore(tmp.resolve("store"), splits);
            store = FeatureStore.openExisting(tmp.resolve("store"));
        }

        CorpusFeatures load(Reading reading) throws IOException {
            return CorpusFeatures.load(store, key, "alpha", splits.resolve("alpha.adapt-test.csv"), ANGRY, false, 1,
                    reading);
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
