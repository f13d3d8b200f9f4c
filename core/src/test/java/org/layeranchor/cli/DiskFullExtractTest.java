package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.StoreVerifier;
import org.layeranchor.testing.TinyWhisper;

/**
 * {@code extract} on a genuinely full file system: a 2 MiB tmpfs, mostly taken by a ballast file.
 * Mounting needs root (CAP_SYS_ADMIN), as in CI and on the project machine; elsewhere the test is
 * skipped with the reason.
 */
class DiskFullExtractTest {
    @Test
    void aFullDiskStopsExtractWithOneLineKeepsEveryEntryAndARerunFinishesTheStore(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        TinyWhisper.write(model, 31);
        // 20 one-second clips with --frames: about 45 KiB each on tmpfs (whole 4-KiB pages), 0.9 MiB in all.
        Path corpus = ConcurrentExtractTest.corpus(tmp.resolve("tones"), 20, 260);
        Path reference = tmp.resolve("reference");
        LayerAnchorCliTest.Run single = LayerAnchorCliTest.run("extract", "--model", model.toString(), "--corpus",
                corpus.toString(), "--store", reference.toString(), "--threads", "1", "--frames");
        assertEquals(0, single.code(), single.err());

        Path disk = Files.createDirectories(tmp.resolve("disk"));
        mountTmpfs(disk, "2m");
        try {
            Path ballast = disk.resolve("ballast");
            Files.write(ballast, new byte[1536 * 1024]); // leaves room for about half the store
            Path store = disk.resolve("store");

            LayerAnchorCliTest.Run full = extract(model, corpus, store);
            assertEquals(1, full.code(), full.out() + full.err());
            List<String> errors = full.err().lines().toList();
            assertEquals(1, errors.size(), "one line: " + full.err());
            assertTrue(errors.get(0).startsWith("error: " + store) && errors.get(0).contains("the disk is full")
                    && errors.get(0).endsWith("entries already in the store are intact: free space and run extract again to finish"),
                    errors.get(0));

            // Every entry on the full disk is complete: none damaged, no temporaries (each failed write removed its own).
            FeatureStore fs = FeatureStore.openExisting(store);
            String key = fs.encoderKeys().get(0);
            StoreVerifier.Report report = new StoreVerifier(fs, true).verify(key);
            assertTrue(report.ok(), report.problems().toString());
            assertEquals(0, report.temporaries());
            int finished = countEntries(store.resolve(key).resolve("pooled"));
            assertTrue(finished > 0 && finished < 20, finished + " entries fit before the disk was full");
            // Their rows wait in the run's journal (the index could not be merged) and were checked with them.
            assertTrue(report.journalRows() >= finished - 1 && report.journalRows() <= finished, report.toString());

            // Space freed: the rerun reuses what was finished and completes the store.
            Files.delete(ballast);
            LayerAnchorCliTest.Run rerun = extract(model, corpus, store);
            assertEquals(0, rerun.code(), rerun.out() + rerun.err());
            Matcher m = Pattern.compile("20 utterances: (\\d+) extracted, (\\d+) already in the store").matcher(rerun.out());
            assertTrue(m.find(), rerun.out());
            assertTrue(Integer.parseInt(m.group(2)) > 0, "entries finished before the disk was full are reused: " + rerun.out());

            List<String> expected = ConcurrentExtractTest.relativeFiles(reference);
            assertEquals(expected, ConcurrentExtractTest.relativeFiles(store));
            for (String f : expected) {
                assertArrayEquals(Files.readAllBytes(reference.resolve(f)), Files.readAllBytes(store.resolve(f)), f);
            }
        } finally {
            if (run("umount", disk.toString()) != null) {
                run("umount", "-l", disk.toString()); // busy: detach now, freed when the last file closes
            }
        }
    }

    private static LayerAnchorCliTest.Run extract(Path model, Path corpus, Path store) {
        return LayerAnchorCliTest.run("extract", "--model", model.toString(), "--corpus", corpus.toString(), "--store",
                store.toString(), "--threads", "1", "--frames");
    }

    private static void mountTmpfs(Path dir, String size) throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "tmpfs needs Linux");
        String out = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        Assumptions.assumeTrue(out == null, "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): " + out);
    }

    /** Runs a command; null on success, else what it printed. */
    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", cmd) + ": timed out";
        }
        return p.exitValue() == 0 ? null : out.strip() + " (exit " + p.exitValue() + ")";
    }

    private static int countEntries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var s = Files.walk(dir)) {
            return (int) s.filter(p -> p.toString().endsWith(".npy")).count();
        }
    }
}
