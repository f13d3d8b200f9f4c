package org.layeranchor.corpus;

import org.layeranchor.io.CsvReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.testing.SharedData;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyCorpus;

class CorpusValidatorTest {
    @TempDir
    Path tmp;

    /** Good rows on lines 2, 6 and 9; a different problem on each other line (3-5, 7, 8, 10, 11). */
    private Path corpusWithEveryKindOfProblem() {
        byte[] good = TestWav.wav(TestWav.PCM, 16, 16_000, false, TestWav.tone(300, 16_000, 0.5, 0.3));
        return TinyCorpus.in(tmp, "messy")
                .utterance("audio/ok1.wav", "s1", "f", "happy", 0.5)                  // 2
                .row("audio/missing.wav,s1,f,sad,xx,,1")                               // 3
                .file("audio/text.wav", "not audio at all".getBytes(StandardCharsets.UTF_8))
                .row("audio/text.wav,s2,m,sad,xx,,1")                                  // 4
                .file("audio/cut.wav", Arrays.copyOf(good, good.length - 100))
                .row("audio/cut.wav,s2,m,angry,xx,,0.5")                               // 5
                .utterance("audio/ok2.wav", "s2", "m", "neutral", 0.5)                // 6
                .row("../outside.wav,s2,m,sad,xx,,1")                                  // 7
                .row("audio/ok1.wav,s1,f,happy,xx,,0.5")                               // 8 duplicate
                .utterance("audio/blip.wav", "s3", "f", "sad", 0.05)                  // 9 short: a warning only
                .row("audio,s3,f,sad,xx,,1")                                           // 10 a folder
                .row("audio/ok3.wav,s3,f,hapy,xx,,1")                                  // 11 unknown emotion
                .write();
    }

    @Test
    void everyProblemIsReportedOnceWithItsLineAndTheGoodRowsSurvive() {
        Path dir = corpusWithEveryKindOfProblem();
        CorpusValidator.Report report = new CorpusValidator(ClassSet.FOUR, 2).validate(List.of(dir));
        Path manifest = dir.resolve("manifest.csv");
        List<String> errors = report.errors().stream().map(CorpusProblem::toString).toList();
        assertEquals(7, errors.size(), String.join("\n", errors));
        assertEquals(manifest + ":3: audio/missing.wav: file not found (in " + dir + ")", errors.get(0));
        assertTrue(errors.get(1).startsWith(manifest + ":4: audio/text.wav: not an audio file"), errors.get(1));
        assertTrue(errors.get(2).startsWith(manifest + ":5: audio/cut.wav: truncated: data chunk declares"), errors.get(2));
        assertEquals(manifest + ":7: ../outside.wav: path escapes the corpus folder", errors.get(3));
        assertEquals(manifest + ":8: audio/ok1.wav: duplicate path (first listed on line 2)", errors.get(4));
        assertEquals(manifest + ":10: audio: is a directory, not an audio file", errors.get(5));
        assertTrue(errors.get(6).startsWith(manifest + ":11: audio/ok3.wav: unknown emotion 'hapy'"), errors.get(6));
        CorpusValidator.CorpusResult r = report.corpora().get(0);
        assertEquals(List.of(2, 6, 9), r.good().stream().map(Utterance::line).toList());
        assertEquals(List.of(manifest + ":9: audio/blip.wav: very short: 0.050 s (under 0.1 s)"),
                report.warnings().stream().map(CorpusProblem::toString).toList());
        assertEquals(1.05, r.audioSeconds(), 1e-9);
        assertTrue(!report.ok());
    }

    @Test
    void theReportIsTheSameWhateverTheNumberOfThreads() {
        Path dir = corpusWithEveryKindOfProblem();
        CorpusValidator.Report one = new CorpusValidator(ClassSet.FOUR, 1).validate(List.of(dir, dir));
        CorpusValidator.Report four = new CorpusValidator(ClassSet.FOUR, 4).validate(List.of(dir, dir));
        assertEquals(one.errors(), four.errors());
        assertEquals(one.warnings(), four.warnings());
    }

    @Test
    void skippedRowsAreWrittenAsCsvThatReadsBack() throws IOException {
        Path dir = corpusWithEveryKindOfProblem();
        CorpusValidator.Report report = new CorpusValidator(ClassSet.FOUR, 2).validate(List.of(dir));
        Path out = tmp.resolve("reports/skipped.csv");
        report.writeSkipped(out);
        CsvReader.Table t = CsvReader.read(out);
        assertEquals(List.of(), t.problems());
        assertEquals(List.of("file", "line", "problem"), t.rows().get(0).fields());
        assertEquals(report.errors().size() + 1, t.rows().size());
        assertEquals(List.of(dir.resolve("manifest.csv").toString(), "3", "audio/missing.wav: file not found (in " + dir + ")"),
                t.rows().get(1).fields());
    }

    @Test
    void silentAudioAndWrongDurationsAreWarningsNotErrors() {
        Path dir = TinyCorpus.in(tmp, "quiet")
                .file("audio/zeros.wav", TestWav.wav(TestWav.PCM, 16, 16_000, false, new float[8000]))
                .row("audio/zeros.wav,s1,f,sad,xx,,0.5")
                .file("audio/long.wav", TestWav.wav(TestWav.PCM, 16, 16_000, false, TestWav.tone(200, 16_000, 0.5, 0.3)))
                .row("audio/long.wav,s1,f,sad,xx,,2.0") // the manifest claims 2 s for a 0.5 s file
                .write();
        CorpusValidator.Report report = new CorpusValidator(ClassSet.FOUR, 2).validate(List.of(dir));
        assertTrue(report.ok(), report.errors().toString());
        List<String> warnings = report.warnings().stream().map(CorpusProblem::message).toList();
        assertEquals(List.of("audio/zeros.wav: silent: every sample is zero",
                "audio/long.wav: duration_s is 2.000 but the audio lasts 0.500 s"), warnings);
    }

    @Test
    void aMissingCorpusIsAnErrorAndTheOthersAreStillChecked() {
        Path good = TinyCorpus.in(tmp, "good").utterance("a.wav", "s", "f", "sad", 0.2).write();
        CorpusValidator.Report report = new CorpusValidator(ClassSet.FOUR, 2).validate(List.of(tmp.resolve("gone"), good));
        assertEquals(1, report.errors().size());
        assertEquals(tmp.resolve("gone") + ": corpus folder not found", report.errors().get(0).toString());
        assertEquals(1, report.corpora().get(1).good().size());
    }

    @Test
    void theSharedCorporaAreClean() {
        List<Path> dirs = List.of(SharedData.corpus("emodb"), SharedData.corpus("emovo"), SharedData.corpus("ravdess"),
                SharedData.corpus("urdu"));
        CorpusValidator.Report report = new CorpusValidator(ClassSet.FOUR, Runtime.getRuntime().availableProcessors())
                .validate(dirs);
        assertEquals(List.of(), report.errors());
        assertEquals(List.of(535, 588, 1440, 400), report.corpora().stream().map(r -> r.good().size()).toList());
        // emodb: every file is exactly 2.0 s (shared/README.md).
        assertEquals(535 * 2.0, report.corpora().get(0).audioSeconds(), 1e-9);
        assertTrue(Files.isDirectory(dirs.get(0)));
    }
}
