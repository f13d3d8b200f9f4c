package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.cli.LayerAnchorCliTest.Run;
import org.layeranchor.corpus.Corpus;
import org.layeranchor.corpus.SplitFile;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.testing.TinyCorpus;

/** End to end through the command line, on corpora of a few WAV files the test writes. */
class CorpusCommandTest {
    @TempDir
    Path tmp;

    /** Two women and two men, two utterances each, 0.3 s per file; one "calm" row. */
    private Path tinyCorpus() {
        return TinyCorpus.in(tmp, "tiny")
                .utterance("audio/f1a.wav", "f1", "f", "happy", 0.3)
                .utterance("audio/f1b.wav", "f1", "f", "calm", 0.3)
                .utterance("audio/f2a.wav", "f2", "f", "sad", 0.3)
                .utterance("audio/f2b.wav", "f2", "f", "angry", 0.3)
                .utterance("audio/m1a.wav", "m1", "m", "neutral", 0.3)
                .utterance("audio/m1b.wav", "m1", "m", "happy", 0.3)
                .utterance("audio/m2a.wav", "m2", "m", "sad", 0.3)
                .utterance("audio/m2b.wav", "m2", "m", "angry", 0.3)
                .write();
    }

    private static Run run(Object... args) {
        return LayerAnchorCliTest.run(Arrays.stream(args).map(Object::toString).toArray(String[]::new));
    }

    @Test
    void infoPrintsTheStatistics() {
        Run r = run("corpus", "info", tinyCorpus());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("tiny  ("), r.out());
        assertTrue(r.out().contains("  languages   xx\n"), r.out());
        assertTrue(r.out().contains("  utterances  8\n"), r.out());
        assertTrue(r.out().contains("  speakers    4 (f 2, m 2)\n"), r.out());
        assertTrue(r.out().contains("  hours       0.00\n"), r.out());
        assertTrue(r.out().contains("    neutral        1\n    happy          2\n    sad            2\n    angry          2\n"),
                r.out());
        assertTrue(r.out().contains("    (outside)      1  calm 1\n"), r.out());

        Run merged = run("corpus", "info", "--merge", "calm=neutral", tinyCorpus());
        assertTrue(merged.out().contains("    neutral        2\n"), merged.out());
        assertTrue(merged.out().contains("class set neutral,happy,sad,angry (calm=neutral)"), merged.out());
    }

    @Test
    void validatePassesOnAGoodCorpus() {
        Run r = run("corpus", "validate", tinyCorpus());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("tiny           8 good rows,    0 problem(s),    0 warning(s), 0.00 h of audio"), r.out());
        assertTrue(r.out().contains("OK: no problems"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void validateListsEveryProblemOnStderrAndFails() throws IOException {
        Path dir = tinyCorpus();
        Files.delete(dir.resolve("audio/f2a.wav"));
        Files.writeString(dir.resolve("audio/m2b.wav"), "oops");
        Files.writeString(dir.resolve("manifest.csv"), "../escape.wav,m2,m,sad,xx,,1\n", StandardOpenOption.APPEND);
        Run r = run("corpus", "validate", dir);
        assertEquals(1, r.code());
        Path manifest = dir.resolve("manifest.csv");
        List<String> errors = r.err().lines().toList();
        assertEquals(List.of(
                "error: " + manifest + ":4: audio/f2a.wav: file not found (in " + dir + ")",
                "error: " + manifest + ":9: audio/m2b.wav: not an audio file: starts with bytes 6f 6f 70 73, "
                        + "not a WAV (RIFF/WAVE), FLAC (fLaC) or MP3 header",
                "error: " + manifest + ":10: ../escape.wav: path escapes the corpus folder"), errors);
        assertTrue(r.out().contains("FAILED: 3 problem(s)"), r.out());
    }

    @Test
    void skipBadSucceedsAndWritesTheSkippedRows() throws IOException {
        Path dir = tinyCorpus();
        Files.delete(dir.resolve("audio/f2a.wav"));
        Path skipped = tmp.resolve("out/skipped.csv");
        Run r = run("corpus", "validate", "--skip-bad", "--skipped", skipped, dir);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("skipped 1 row(s), listed in " + skipped), r.out());
        assertEquals(List.of("file,line,problem",
                dir.resolve("manifest.csv") + ",4,audio/f2a.wav: file not found (in " + dir + ")"), Files.readAllLines(skipped));
    }

    @Test
    void skipBadStillFailsWhenACorpusHasNothingLeft() {
        Run r = run("corpus", "validate", "--skip-bad", "--skipped", tmp.resolve("s.csv"), tmp.resolve("no-such-corpus"));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("corpus folder not found"), r.err());
    }

    @Test
    void splitWritesFilesThatReadBack() throws IOException {
        Path dir = tinyCorpus();
        Path out = tmp.resolve("splits");
        Run r = run("corpus", "split", dir, "--out", out);
        assertEquals(0, r.code(), r.err());
        Path file = out.resolve("tiny.adapt-test.csv");
        assertTrue(r.out().contains("tiny -> " + file + " (seed 'layeranchor')"), r.out());
        assertTrue(r.out().contains("  adapt    2 speakers (f 1, m 1),     4 utterances"), r.out());
        assertTrue(r.out().contains("  test     2 speakers (f 1, m 1),     4 utterances"), r.out());
        Map<String, List<Utterance>> parts = SplitFile.apply(file, Corpus.load(dir));
        assertEquals(List.of("adapt", "test"), parts.keySet().stream().sorted().toList());

        Run again = run("corpus", "split", dir, "--out", tmp.resolve("again"));
        assertEquals(Files.readString(file), Files.readString(tmp.resolve("again/tiny.adapt-test.csv")));

        Run folds = run("corpus", "split", "--scheme", "folds", "--folds", "2", "--seed", "x", "-o", out, dir);
        assertEquals(0, folds.code(), folds.err());
        assertTrue(Files.exists(out.resolve("tiny.folds2.csv")));
        Run tooMany = run("corpus", "split", "--scheme", "folds", "--folds", "5", "-o", out, dir);
        assertEquals(1, tooMany.code());
        assertTrue(tooMany.err().contains("4 speaker(s) cannot be split 5 ways"), tooMany.err());
    }

    @Test
    void badUsageExitsWithTwo() {
        assertEquals(2, run("corpus").code());
        assertEquals(2, run("corpus", "info").code());
        Run merge = run("corpus", "info", "--merge", "calm", tmp);
        assertEquals(2, merge.code());
        assertTrue(merge.err().contains("invalid class set: merge 'calm' must look like source=class"), merge.err());
        assertEquals(2, run("corpus", "split", "--scheme", "random", "-o", tmp, tmp).code());
        assertEquals(2, run("corpus", "validate", "--threads", "0", tmp).code());
        assertFalse(run("corpus", "validate", "--help").out().isEmpty());
    }
}
