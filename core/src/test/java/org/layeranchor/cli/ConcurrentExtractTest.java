package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyWhisper;

/**
 * Two {@code extract} processes started together on one store (the reported failure: the second
 * removed the first's live temporaries and died). They must both succeed and leave exactly the
 * store that one uninterrupted run leaves.
 */
class ConcurrentExtractTest {
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) utterances: (\\d+) extracted, (\\d+) already in the store, 0 failed");

    /** A corpus of distinct tones (no two corpora share audio, so each entry has one owner row). */
    static Path corpus(Path dir, int n, int baseHz) throws IOException {
        Files.createDirectories(dir.resolve("audio"));
        StringBuilder m = new StringBuilder("path,speaker,gender,emotion,language,text,duration_s\n");
        for (int i = 0; i < n; i++) {
            String p = "audio/u" + i + ".wav";
            TestWav.writeMono16(dir.resolve(p), 16000, TestWav.tone(baseHz + 11 * i, 16000, 1.0, 0.2));
            m.append(p).append(",spk").append(i % 3).append(",f,").append(i % 2 == 0 ? "happy" : "sad").append(",xx,,1.0\n");
        }
        Files.writeString(dir.resolve("manifest.csv"), m.toString());
        return dir;
    }

    @Test
    void twoProcessesExtractingIntoOneStoreAtOnceLeaveTheStoreOfASingleRun(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        TinyWhisper.write(model, 21);
        Path x = corpus(tmp.resolve("x"), 10, 140);
        Path y = corpus(tmp.resolve("y"), 10, 700);

        Path reference = tmp.resolve("reference");
        LayerAnchorCliTest.Run single = LayerAnchorCliTest.run("extract", "--model", model.toString(), "--corpus",
                x.toString(), y.toString(), "--store", reference.toString(), "--threads", "1", "--frames");
        assertEquals(0, single.code(), single.err());

        // The two runs take the corpora in opposite orders, so they meet in the middle on the same entries.
        Path store = tmp.resolve("store");
        Process a = extract(model, store, tmp.resolve("a.log"), x, y);
        Process b = extract(model, store, tmp.resolve("b.log"), y, x);
        Set<String> writersSeenTogether = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while ((a.isAlive() || b.isAlive()) && System.nanoTime() < deadline) {
            List<String> journals = journals(store);
            if (journals.size() >= 2) {
                writersSeenTogether.addAll(journals);
            }
            Thread.sleep(3);
        }
        assertTrue(a.waitFor(10, TimeUnit.SECONDS) && b.waitFor(10, TimeUnit.SECONDS), "extract runs did not finish");
        String logA = Files.readString(tmp.resolve("a.log"));
        String logB = Files.readString(tmp.resolve("b.log"));
        assertEquals(0, a.exitValue(), logA);
        assertEquals(0, b.exitValue(), logB);
        assertTrue(writersSeenTogether.size() >= 2,
                "the two runs never wrote at the same time, so this proves nothing; make the corpora larger");

        // Each run accounted for every utterance; between them every entry was computed at least once ...
        int[] sa = summary(logA);
        int[] sb = summary(logB);
        assertEquals(20, sa[0], logA);
        assertEquals(20, sb[0], logB);
        assertTrue(sa[1] + sb[1] >= 20, logA + logB);
        // ... and, meeting in the middle, each took over entries the other had finished rather than encode them again.
        assertTrue(sa[1] + sb[1] < 40, "no work was shared: " + logA + logB);

        // The same files with the same bytes as the single run: entries, index.csv (with checksums), failures.csv.
        List<String> expected = relativeFiles(reference);
        assertEquals(expected, relativeFiles(store), "no temporaries or journals are left, and nothing is missing");
        for (String f : expected) {
            assertArrayEquals(Files.readAllBytes(reference.resolve(f)), Files.readAllBytes(store.resolve(f)), f);
        }
        assertTrue(expected.stream().anyMatch(f -> f.endsWith("index.csv")));
        LayerAnchorCliTest.Run verify = LayerAnchorCliTest.run("store", "verify", "--store", store.toString());
        assertEquals(0, verify.code(), verify.out() + verify.err());
        assertTrue(verify.out().contains("20 index rows, 40 entry files checked"), verify.out());
    }

    private static Process extract(Path model, Path store, Path log, Path... corpora) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                LayerAnchorCli.class.getName(), "extract", "--model", model.toString(), "--store", store.toString(),
                "--threads", "1", "--frames", "--corpus"));
        for (Path c : corpora) {
            cmd.add(c.toString());
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int[] summary(String log) {
        Matcher m = SUMMARY.matcher(log);
        assertTrue(m.find(), log);
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }

    private static List<String> journals(Path store) throws IOException {
        if (!Files.isDirectory(store)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(store, 2)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("journal-")).toList();
        } catch (UncheckedIOException e) {
            return List.of(); // a journal removed while listing
        }
    }

    static List<String> relativeFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
