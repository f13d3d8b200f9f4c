package org.layeranchor.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.encoder.weights.WeightSources;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.testing.TinyWhisper;

/**
 * Issue 25 row 13: one NaN inside a store entry, its checksum recomputed as a writer that produced NaN
 * would have, passed store verify and changed training silently. Now it is named by store verify and by
 * every load (train, analyze, evaluate), and extract refuses to store it in the first place.
 */
class FiniteFeaturesTest {
    @TempDir
    static Path modelDir;
    private static WhisperEncoder encoder;

    @BeforeAll
    static void model() throws Exception {
        TinyWhisper.write(modelDir, 13);
        encoder = WhisperEncoder.load(WeightSources.open(modelDir), new WhisperEncoder.Options(WhisperEncoder.Mode.FAST, 1));
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void aNanWrittenWithItsChecksumIsNamedByVerifyAndByLoading(@TempDir Path tmp) throws Exception {
        List<Utterance> utts = FeatureStoreTest.corpus(tmp.resolve("c"), "c", 3, false);
        FeatureStore store = FeatureStore.open(tmp.resolve("store"));
        String key = new FeatureExtractor(encoder, store, new FeatureExtractor.Options(false, 1))
                .run(utts, FeatureExtractor.Listener.NONE).encoderKey();
        Path dir = store.encoderDir(key);
        List<IndexRow> rows = store.rows(key, List.of());
        IndexRow victim = rows.get(1);
        Path entry = dir.resolve(victim.pooledFile());
        byte[] b = Files.readAllBytes(entry);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(b.length - 4 * 7, Float.NaN);
        Files.write(entry, b);
        Path index = dir.resolve("index.csv");
        Files.writeString(index, Files.readString(index).replace(victim.pooledCrc32(), EntryChecksum.of(b)));

        StoreVerifier.Report report = new StoreVerifier(store, false).verify(key);
        assertEquals(1, report.problems().size(), report.problems().toString());
        String line = report.problems().get(0).line();
        assertTrue(line.startsWith(entry + ": non finite (1 value(s) are NaN or infinite (first at index ["), line);

        List<IndexRow> reread = store.rows(key, List.of());
        FeatureStore.CorruptEntryException e = assertThrows(FeatureStore.CorruptEntryException.class,
                () -> store.load(key, reread));
        assertTrue(e.getMessage().startsWith(entry + ": 1 value(s) are NaN or infinite"), e.getMessage());
    }

    @Test
    void extractRefusesToStoreNonFiniteFeatures(@TempDir Path tmp) throws Exception {
        List<Utterance> utts = FeatureStoreTest.corpus(tmp.resolve("c"), "c", 1, false);
        FeatureStore store = FeatureStore.open(tmp.resolve("store"));
        String key = store.prepare(encoder.info());
        float[][][] layers = new float[2][3][4];
        layers[1][2][3] = Float.POSITIVE_INFINITY;
        FiniteFeatures.NonFiniteException e = assertThrows(FiniteFeatures.NonFiniteException.class,
                () -> store.writeEntry(key, utts.get(0), "ab".repeat(32), 1.0, new HiddenStates(layers, 50), false));
        assertEquals("the encoder produced 1 value(s) that are NaN, infinite (first at layer 1, frame 2, dimension 3: "
                + "Infinity); not stored", e.getMessage());
        // Frames are stored as float16: a value beyond its range would become infinity there.
        float[][][] loud = new float[2][3][4];
        loud[0][0][0] = 70_000f;
        assertThrows(FiniteFeatures.NonFiniteException.class,
                () -> store.writeEntry(key, utts.get(0), "cd".repeat(32), 1.0, new HiddenStates(loud, 50), true));
        assertFalse(Files.exists(store.encoderDir(key).resolve("pooled")) && Files.list(store.encoderDir(key)
                .resolve("pooled")).findAny().isPresent(), "nothing was stored");
    }
}
