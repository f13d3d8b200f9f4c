package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.IndexRow;
import org.layeranchor.testing.TinyWhisper;

/** {@code layeranchor store verify} end to end. */
class StoreCommandTest {
    @Test
    void verifyNamesEachDamagedFileAndExitsOne(@TempDir Path tmp) throws Exception {
        TinyWhisper.write(tmp.resolve("model"), 41);
        Path corpus = ConcurrentExtractTest.corpus(tmp.resolve("tones"), 4, 300);
        Path store = tmp.resolve("store");
        LayerAnchorCliTest.Run ex = LayerAnchorCliTest.run("extract", "--model", tmp.resolve("model").toString(), "--corpus",
                corpus.toString(), "--store", store.toString(), "--mode", "fast", "--frames");
        assertEquals(0, ex.code(), ex.err());

        LayerAnchorCliTest.Run clean = LayerAnchorCliTest.run("store", "verify", "--store", store.toString());
        assertEquals(0, clean.code(), clean.out() + clean.err());
        assertTrue(clean.out().contains(": 4 index rows, 8 entry files checked"), clean.out());
        assertTrue(clean.out().strip().endsWith("ok: no damaged files"), clean.out());

        FeatureStore fs = FeatureStore.openExisting(store);
        String key = fs.encoderKeys().get(0);
        List<IndexRow> rows = fs.rows(key, List.of());
        Path corrupt = fs.encoderDir(key).resolve(rows.get(0).pooledFile());
        Path missing = fs.encoderDir(key).resolve(rows.get(1).framesFile());
        byte[] b = Files.readAllBytes(corrupt);
        b[b.length - 1] ^= 1;
        Files.write(corrupt, b);
        Files.delete(missing);

        LayerAnchorCliTest.Run damaged = LayerAnchorCliTest.run("store", "verify", "--store", store.toString());
        assertEquals(1, damaged.code(), damaged.out());
        assertTrue(damaged.out().contains(corrupt + ": corrupt (CRC-32 "), damaged.out());
        assertTrue(damaged.out().contains(missing + ": missing (listed for tones/audio/u1.wav)"), damaged.out());
        assertTrue(damaged.out().strip().endsWith("2 damaged file(s)"), damaged.out());

        LayerAnchorCliTest.Run quick = LayerAnchorCliTest.run("store", "verify", "--store", store.toString(), "--skip-frames");
        assertEquals(1, quick.code());
        assertTrue(quick.out().contains("4 entry files checked (frame files skipped)"), quick.out());
        assertFalse(quick.out().contains(missing.toString()), quick.out());

        // A damaged index is named with its line.
        Files.writeString(fs.encoderDir(key).resolve("index.csv"), "a,b,c\n", StandardOpenOption.APPEND);
        LayerAnchorCliTest.Run badIndex = LayerAnchorCliTest.run("store", "verify", "--store", store.toString());
        assertEquals(1, badIndex.code());
        assertTrue(badIndex.out().contains(fs.encoderDir(key).resolve("index.csv") + ": unreadable (line 6: expected 14 columns"),
                badIndex.out());

        LayerAnchorCliTest.Run none = LayerAnchorCliTest.run("store", "verify", "--store", tmp.resolve("nothing").toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("nothing: no feature store here"), none.err());
    }
}
