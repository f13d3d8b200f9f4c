package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.audio.AudioException;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.IndexRow;
import org.layeranchor.testing.TinyWhisper;

/**
 * Issue 25 row 7: a named pipe (FIFO) or an entry symlinked to /dev/zero, as an audio file or a store
 * entry, made corpus validate, extract and store verify hang for ever or run out of memory. Each is now
 * refused by its type, before it is opened, in one line naming it.
 */
class SpecialFilesTest {
    private static final Duration NO_HANG = Duration.ofSeconds(120);

    private static void mkfifo(Path p) throws Exception {
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assumeTrue(mk.waitFor() == 0 && Files.exists(p), "mkfifo is not available here");
    }

    @Test
    void audioFilesThatArePipesOrDevicesAreRefusedByType(@TempDir Path tmp) throws Exception {
        Path fifo = tmp.resolve("pipe.wav");
        mkfifo(fifo);
        Path zero = Files.createSymbolicLink(tmp.resolve("zero.wav"), Paths.get("/dev/zero"));
        AudioException p = assertTimeoutPreemptively(NO_HANG,
                () -> org.junit.jupiter.api.Assertions.assertThrows(AudioException.class, () -> AudioReader.read(fifo)));
        assertEquals(fifo + ": is a named pipe (FIFO), not a regular file", p.getMessage());
        AudioException z = assertTimeoutPreemptively(NO_HANG,
                () -> org.junit.jupiter.api.Assertions.assertThrows(AudioException.class, () -> AudioReader.read(zero)));
        assertEquals(zero + ": is a character device, not a regular file", z.getMessage());
    }

    @Test
    void corpusValidateExtractAndStoreVerifyNameAPipeAndADeviceAndDoNotHang(@TempDir Path tmp) throws Exception {
        TinyWhisper.write(tmp.resolve("model"), 41);
        Path corpus = ConcurrentExtractTest.corpus(tmp.resolve("tones"), 4, 300);
        Path fifo = corpus.resolve("audio/u1.wav");
        Files.delete(fifo);
        mkfifo(fifo);
        Path zero = corpus.resolve("audio/u2.wav");
        Files.delete(zero);
        Files.createSymbolicLink(zero, Paths.get("/dev/zero"));

        LayerAnchorCliTest.Run validate = assertTimeoutPreemptively(NO_HANG,
                () -> LayerAnchorCliTest.run("corpus", "validate", corpus.toString()));
        String all = validate.out() + validate.err();
        assertTrue(all.contains("audio/u1.wav") && all.contains("is a named pipe (FIFO), not a regular file"), all);
        assertTrue(all.contains("audio/u2.wav") && all.contains("is a character device, not a regular file"), all);

        Path store = tmp.resolve("store");
        LayerAnchorCliTest.Run extract = assertTimeoutPreemptively(NO_HANG, () -> LayerAnchorCliTest.run("extract",
                "--model", tmp.resolve("model").toString(), "--corpus", corpus.toString(), "--store", store.toString(),
                "--mode", "fast"));
        String ex = extract.out() + extract.err();
        assertEquals(1, extract.code(), ex);
        assertTrue(ex.contains("u1.wav: cannot read (is a named pipe (FIFO), not a regular file)"), ex);
        assertTrue(ex.contains("u2.wav: cannot read (is a character device, not a regular file)"), ex);

        FeatureStore fs = FeatureStore.openExisting(store);
        String key = fs.encoderKeys().get(0);
        List<IndexRow> rows = fs.rows(key, List.of());
        assertEquals(2, rows.size());
        Path pipeEntry = fs.encoderDir(key).resolve(rows.get(0).pooledFile());
        Path zeroEntry = fs.encoderDir(key).resolve(rows.get(1).pooledFile());
        Files.delete(pipeEntry);
        mkfifo(pipeEntry);
        Files.delete(zeroEntry);
        Files.createSymbolicLink(zeroEntry, Paths.get("/dev/zero"));
        LayerAnchorCliTest.Run verify = assertTimeoutPreemptively(NO_HANG,
                () -> LayerAnchorCliTest.run("store", "verify", "--store", store.toString()));
        assertEquals(1, verify.code(), verify.out() + verify.err());
        assertTrue(verify.out().contains(pipeEntry + ": ") && verify.out().contains("is a named pipe (FIFO), not a regular file"),
                verify.out());
        assertTrue(verify.out().contains(zeroEntry + ": ") && verify.out().contains("is a character device, not a regular file"),
                verify.out());
    }
}
