package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyWhisper;

/** {@code layeranchor extract} end to end, including a real process killed with SIGKILL mid-run. */
class ExtractCommandTest {
    static Path corpus(Path dir, int n) throws IOException {
        Files.createDirectories(dir.resolve("audio"));
        StringBuilder m = new StringBuilder("path,speaker,gender,emotion,language,text,duration_s\n");
        String[] emotions = {"neutral", "happy", "sad", "angry"};
        for (int i = 0; i < n; i++) {
            String p = "audio/u" + i + ".wav";
            TestWav.writeMono16(dir.resolve(p), 16000, TestWav.tone(150 + 13 * i, 16000, 1.0, 0.2));
            m.append(p).append(",spk").append(i % 4).append(',').append(i % 2 == 0 ? "f" : "m").append(',')
                    .append(emotions[(i / 4) % 4]).append(",xx,,1.0\n");
        }
        Files.writeString(dir.resolve("manifest.csv"), m.toString());
        return dir;
    }

    @Test
    void extractsACorpusAndReportsAFailedFileWithExitOne(@TempDir Path tmp) throws Exception {
        TinyWhisper.write(tmp.resolve("model"), 3);
        Path c = corpus(tmp.resolve("tiny"), 4);
        Files.writeString(c.resolve("audio/u2.wav"), "not audio at all");
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("extract", "--model", tmp.resolve("model").toString(),
                "--corpus", c.toString(), "--store", tmp.resolve("store").toString(), "--mode", "fast");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("4 utterances: 3 extracted, 0 already in the store, 1 failed"), r.out());
        assertTrue(r.out().contains("failed: tiny/audio/u2.wav (manifest line 4)"), r.out());
        // The good entries are kept: a rerun computes nothing and still reports the bad file.
        LayerAnchorCliTest.Run again = LayerAnchorCliTest.run("extract", "--model", tmp.resolve("model").toString(),
                "--corpus", c.toString(), "--store", tmp.resolve("store").toString(), "--mode", "fast");
        assertEquals(1, again.code());
        assertTrue(again.out().contains("0 extracted, 3 already in the store, 1 failed"), again.out());
    }

    @Test
    void aMisspelledCorpusFolderFailsTheRun(@TempDir Path tmp) throws Exception {
        TinyWhisper.write(tmp.resolve("model"), 3);
        Path c = corpus(tmp.resolve("tiny"), 2);
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("extract", "--model", tmp.resolve("model").toString(),
                "--corpus", c.toString(), tmp.resolve("tinny").toString(), "--store", tmp.resolve("store").toString(),
                "--mode", "fast");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("tinny"), r.err());
        assertTrue(r.out().contains("2 extracted"), "the good corpus is still extracted: " + r.out());
    }

    @Test
    void aRunKilledMidwayResumesToTheSameStoreAsAnUninterruptedRun(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        TinyWhisper.write(model, 5);
        Path c = corpus(tmp.resolve("tiny"), 60);

        // Uninterrupted reference run, in this JVM.
        Path reference = tmp.resolve("reference");
        LayerAnchorCliTest.Run ok = LayerAnchorCliTest.run("extract", "--model", model.toString(), "--corpus", c.toString(),
                "--store", reference.toString(), "--threads", "1");
        assertEquals(0, ok.code(), ok.err());

        // A separate process, killed with SIGKILL once a few entries are journaled.
        Path store = tmp.resolve("store");
        Process p = extractProcess(model, c, store);
        boolean killed = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (journalLines(store) >= 5) {
                p.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no finally blocks
                killed = true;
                break;
            }
            Thread.sleep(5);
        }
        p.waitFor(30, TimeUnit.SECONDS);
        assertTrue(killed, "the extraction finished before it could be killed; make the corpus larger");
        assertTrue(countFiles(store, ".npy") < 60, "killed run should not have finished");

        // Every entry on disk is complete: it loads as a whole .npy of the right shape.
        try (Stream<Path> s = Files.walk(store)) {
            for (Path f : s.filter(x -> x.toString().endsWith(".npy")).toList()) {
                assertArrayEquals(new long[] {TinyWhisper.BLOCKS + 1, 2, TinyWhisper.D},
                        org.layeranchor.io.Npy.read(f).shape(), f.toString());
            }
        }

        // A temporary the killed process left behind is removed once it is provably stale (its process
        // is gone, and it is older than the policy's minimum age): age the leftovers past that minimum.
        try (Stream<Path> s = Files.walk(store)) {
            for (Path f : s.filter(x -> x.getFileName().toString().contains(".tmp-")).toList()) {
                Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.from(
                        Instant.now().minus(Duration.ofHours(1))));
            }
        }
        LayerAnchorCliTest.Run resumed = LayerAnchorCliTest.run("extract", "--model", model.toString(), "--corpus", c.toString(),
                "--store", store.toString(), "--threads", "1");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("already in the store"), resumed.out());
        assertTrue(!resumed.out().contains(" 0 already in the store"), "nothing was reused: " + resumed.out());

        // Same files, same bytes; no temporaries left.
        List<String> a = relativeFiles(reference);
        List<String> b = relativeFiles(store);
        assertEquals(a, b);
        for (String f : a) {
            assertArrayEquals(Files.readAllBytes(reference.resolve(f)), Files.readAllBytes(store.resolve(f)), f);
        }
    }

    private static Process extractProcess(Path model, Path corpus, Path store) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                LayerAnchorCli.class.getName(), "extract", "--model", model.toString(), "--corpus", corpus.toString(),
                "--store", store.toString(), "--threads", "1"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Lines in the store's journals (each writer has its own: journal-PID@HOST-RANDOM.csv). */
    static long journalLines(Path store) throws IOException {
        if (!Files.isDirectory(store)) {
            return 0;
        }
        long lines = 0;
        List<Path> journals;
        try (Stream<Path> s = Files.walk(store, 2)) {
            journals = s.filter(x -> x.getFileName().toString().startsWith("journal-")).toList();
        } catch (UncheckedIOException e) {
            return 0; // a temporary renamed while listing: look again at the next poll
        }
        for (Path j : journals) {
            try {
                lines += new String(Files.readAllBytes(j), StandardCharsets.UTF_8).chars().filter(ch -> ch == '\n').count();
            } catch (NoSuchFileException e) {
                // merged and removed meanwhile
            }
        }
        return lines;
    }

    private static long countFiles(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(x -> x.toString().endsWith(suffix)).count();
        }
    }

    private static List<String> relativeFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(x -> dir.relativize(x).toString()).sorted().toList();
        }
    }
}
