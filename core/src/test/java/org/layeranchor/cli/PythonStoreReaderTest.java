package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.FrameFeatureSet;
import org.layeranchor.features.IndexRow;
import org.layeranchor.io.Npy;
import org.layeranchor.io.NpyArray;
import org.layeranchor.testing.TinyWhisper;

/**
 * scripts/layeranchor_store.py (the numpy-only Python reader) on a store that {@code extract} wrote:
 * it loads the same pooled and frame features as {@link FeatureStore}, lists the store, and its
 * {@code verify} names a flipped byte. Runs where {@code python3} with numpy is on the PATH, skips
 * with a message elsewhere.
 */
class PythonStoreReaderTest {
    private static final Path SCRIPT = Path.of(System.getProperty("layeranchor.root", ".."), "scripts", "layeranchor_store.py");

    @Test
    void readsTheStoreAsJavaDoesAndVerifiesItsChecksums(@TempDir Path tmp) throws Exception {
        Run probe = python(tmp, "-c", "import numpy");
        Assumptions.assumeTrue(probe != null && probe.code() == 0,
                "skipped: python3 with numpy is not available" + (probe == null ? "" : " (" + probe.output().strip() + ")"));
        assertTrue(Files.isRegularFile(SCRIPT), "missing " + SCRIPT);

        TinyWhisper.write(tmp.resolve("model"), 41);
        Path corpus = ConcurrentExtractTest.corpus(tmp.resolve("tones"), 5, 300);
        Path store = tmp.resolve("store");
        LayerAnchorCliTest.Run ex = LayerAnchorCliTest.run("extract", "--model", tmp.resolve("model").toString(), "--corpus",
                corpus.toString(), "--store", store.toString(), "--mode", "fast", "--frames");
        assertEquals(0, ex.code(), ex.err());

        // What Python loads, written back as .npy for comparison with the Java reader.
        Path pooled = tmp.resolve("pooled.npy");
        Path frames = tmp.resolve("frames1.npy");
        Run load = python(tmp, "-c", String.join("\n",
                "import sys, numpy as np",
                "sys.path.insert(0, sys.argv[1])",
                "from layeranchor_store import Store",
                "enc = Store(sys.argv[2]).encoder()",
                "X, rows = enc.pooled(corpus='tones')",
                "np.save(sys.argv[3], X)",
                "np.save(sys.argv[4], enc.frames(rows[1]).astype(np.float32))",
                "index = enc.index()",
                "print('paths', ' '.join(index['path']))",
                "print('frames', ' '.join(str(f) for f in index['frames']), index['frames'].dtype)"),
                SCRIPT.getParent().toString(), store.toString(), pooled.toString(), frames.toString());
        assertEquals(0, load.code(), load.output());

        FeatureStore fs = FeatureStore.openExisting(store);
        String key = fs.encoderKeys().get(0);
        List<IndexRow> rows = fs.rows(key, List.of("tones"));
        FeatureSet loaded = fs.load(key, rows);
        NpyArray x = Npy.read(pooled);
        assertArrayEquals(new long[] {rows.size(), loaded.layers(), 2, loaded.dim()}, x.shape());
        int d = loaded.dim();
        for (int r = 0; r < rows.size(); r++) {
            for (int l = 0; l < loaded.layers(); l++) {
                int at = ((r * loaded.layers() + l) * 2) * d;
                assertArrayEquals(loaded.mean()[l][r], Arrays.copyOfRange(x.data(), at, at + d), "mean, row " + r + " layer " + l);
                assertArrayEquals(loaded.std()[l][r], Arrays.copyOfRange(x.data(), at + d, at + 2 * d), "std, row " + r + " layer " + l);
            }
        }
        FrameFeatureSet javaFrames = fs.loadFrames(key, rows);
        NpyArray f = Npy.read(frames);
        float[][][] one = javaFrames.frames()[1]; // [layer][frame][dim] of row 1
        assertArrayEquals(new long[] {one.length, one[0].length, one[0][0].length}, f.shape());
        assertEquals(one[2][3][4], f.data()[(2 * one[0].length + 3) * d + 4]);
        List<String> paths = rows.stream().map(IndexRow::path).toList();
        assertTrue(load.output().contains("paths " + String.join(" ", paths)), load.output());
        assertTrue(load.output().contains("int64"), load.output());

        Run list = python(tmp, SCRIPT.toString(), "list", store.toString());
        assertEquals(0, list.code(), list.output());
        assertTrue(list.output().contains(key + ": " + loaded.layers() + " layers x " + d + " dims, 5 utterances"), list.output());
        assertTrue(list.output().contains("tones: 5 utterances (5 with frames), emotions happy, sad"), list.output());

        Run clean = python(tmp, SCRIPT.toString(), "verify", store.toString());
        assertEquals(0, clean.code(), clean.output());
        assertTrue(clean.output().contains("5 index rows, 10 entry files checked") && clean.output().contains("ok: no damaged files"),
                clean.output());

        Path corrupt = fs.encoderDir(key).resolve(rows.get(2).framesFile());
        byte[] b = Files.readAllBytes(corrupt);
        b[b.length - 1] ^= 1;
        Files.write(corrupt, b);
        Run damaged = python(tmp, SCRIPT.toString(), "verify", store.toString());
        assertEquals(1, damaged.code(), damaged.output());
        assertTrue(damaged.output().contains(corrupt + ": corrupt (CRC-32 "), damaged.output());
        assertTrue(damaged.output().strip().endsWith("1 damaged file(s)"), damaged.output());
        // Loading the damaged entry fails with one line naming the file; the pooled files are still fine.
        Run refused = python(tmp, "-c", "import sys; sys.path.insert(0, sys.argv[1]); from layeranchor_store import Store; "
                + "enc = Store(sys.argv[2]).encoder(); enc.pooled(); enc.frames(enc.rows()[2])",
                SCRIPT.getParent().toString(), store.toString());
        assertEquals(1, refused.code());
        assertTrue(refused.output().contains("StoreError: " + corrupt + ": corrupt (CRC-32"), refused.output());

        Run none = python(tmp, SCRIPT.toString(), "list", tmp.resolve("nothing").toString());
        assertEquals(1, none.code());
        assertTrue(none.output().strip().endsWith("nothing: no feature store here"), none.output());
    }

    record Run(int code, String output) {
    }

    /** Runs python3 with the arguments; null when there is no python3 to start. */
    private static Run python(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            return null;
        }
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python3 timed out: " + command);
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
