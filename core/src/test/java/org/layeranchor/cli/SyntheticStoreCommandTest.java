package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.bench.SyntheticStoreTest;

/** {@code layeranchor bench synthetic-store} end to end: the store it writes passes {@code store verify}. */
class SyntheticStoreCommandTest {
    @Test
    void commandLineWritesAStoreThatVerifies(@TempDir Path tmp) throws Exception {
        SyntheticStoreTest.realStore(tmp.resolve("real"), tmp.resolve("splits"));
        LayerAnchorCliTest.Run made = LayerAnchorCliTest.run("bench", "synthetic-store", "--from", tmp.resolve("real").toString(),
                "--splits", tmp.resolve("splits").toString(), "--out", tmp.resolve("big").toString(), "--utterances", "25");
        assertEquals(0, made.code(), made.err());
        assertTrue(made.out().contains("wrote 25 synthetic utterances {alpha=13, beta=12}"), made.out());
        assertTrue(Files.isRegularFile(tmp.resolve("big-splits").resolve("beta.adapt-test.csv")));
        LayerAnchorCliTest.Run verify = LayerAnchorCliTest.run("store", "verify", "--store", tmp.resolve("big").toString());
        assertEquals(0, verify.code(), verify.out());
        assertTrue(verify.out().contains(": 25 index rows, 25 entry files checked"), verify.out());
    }

    @Test
    void linkFramesGivesEveryCopyItsRealFrames(@TempDir Path tmp) throws Exception {
        SyntheticStoreTest.realStore(tmp.resolve("real"), tmp.resolve("splits"), true);
        LayerAnchorCliTest.Run made = LayerAnchorCliTest.run("bench", "synthetic-store", "--from", tmp.resolve("real").toString(),
                "--splits", tmp.resolve("splits").toString(), "--out", tmp.resolve("big").toString(), "--utterances", "25",
                "--link-frames");
        assertEquals(0, made.code(), made.err());
        LayerAnchorCliTest.Run verify = LayerAnchorCliTest.run("store", "verify", "--store", tmp.resolve("big").toString());
        assertEquals(0, verify.code(), verify.out());
        assertTrue(verify.out().contains(": 25 index rows, 50 entry files checked"), verify.out());
    }
}
