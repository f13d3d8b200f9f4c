package org.layeranchor.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.testing.TinyCorpus;

/** Manifest reading: each kind of bad row is reported with its line, and never costs the other rows. */
class CorpusManifestTest {
    @TempDir
    Path tmp;

    private static final String GOOD_1 = "audio/a.wav,s1,f,happy,en,t1,1.5";
    private static final String GOOD_2 = "audio/b.wav,s2,m,sad,en,t2,2.0";

    /** A corpus with a good row, the given row on line 3, and another good row on line 4. */
    private Corpus withBadRowOnLine3(String badRow) {
        return Corpus.load(TinyCorpus.in(tmp, "c").row(GOOD_1).row(badRow).row(GOOD_2).write());
    }

    private static void assertOneProblem(Corpus c, int line, String expected) {
        assertEquals(1, c.problems().size(), c.problems().toString());
        CorpusProblem p = c.problems().get(0);
        assertEquals(line, p.line(), p.toString());
        assertTrue(p.message().contains(expected), "expected '" + expected + "' in: " + p);
        assertTrue(p.toString().startsWith(c.manifest() + ":" + line + ": "), p.toString());
        assertEquals(List.of("audio/a.wav", "audio/b.wav"), c.utterances().stream().map(Utterance::path).toList());
    }

    @Test
    void goodRowsBecomeUtterancesWithTheirLineNumbers() {
        Path dir = TinyCorpus.withHeader(tmp, "mini", "path,emotion,speaker,session,duration_s")
                .row("audio/x.flac,Angry ,spk1,s01,3.25")
                .row("\"audio/with, comma.wav\",neutral,spk2,s02,")
                .write();
        Corpus c = Corpus.load(dir);
        assertEquals(List.of(), c.problems());
        assertEquals("mini", c.name());
        Utterance x = c.utterances().get(0);
        assertEquals("audio/x.flac", x.path());
        assertEquals("angry", x.emotion()); // labels are trimmed and lower-cased
        assertEquals("spk1", x.speaker());
        assertEquals("", x.gender());       // optional columns that are absent read as ""
        assertEquals(3.25, x.durationS());
        assertEquals(Map.of("session", "s01"), x.extra());
        assertEquals(2, x.line());
        assertEquals(dir.resolve("audio/x.flac"), x.audioFile());
        Utterance y = c.utterances().get(1);
        assertEquals("audio/with, comma.wav", y.path());
        assertTrue(Double.isNaN(y.durationS()));
        assertEquals(3, y.line());
    }

    @Test
    void pathEscapingTheCorpusFolder() {
        assertOneProblem(withBadRowOnLine3("../x.flac,s3,f,sad,en,,1"), 3, "../x.flac: path escapes the corpus folder");
        assertOneProblem(withBadRowOnLine3("audio/../../x.flac,s3,f,sad,en,,1"), 3, "path escapes the corpus folder");
        assertOneProblem(withBadRowOnLine3("..\\x.flac,s3,f,sad,en,,1"), 3, "path escapes the corpus folder");
    }

    @Test
    void absolutePaths() {
        assertOneProblem(withBadRowOnLine3("/data/x.flac,s3,f,sad,en,,1"), 3,
                "/data/x.flac: absolute path (paths must be relative to the corpus folder)");
        assertOneProblem(withBadRowOnLine3("C:\\data\\x.flac,s3,f,sad,en,,1"), 3, "absolute path");
    }

    @Test
    void aPathThatStaysInsideAfterDotDotIsFine() {
        Corpus c = Corpus.load(TinyCorpus.in(tmp, "c").row("audio/../other/a.wav,s1,f,sad,en,,1").write());
        assertEquals(List.of(), c.problems());
    }

    @Test
    void unknownEmotion() {
        assertOneProblem(withBadRowOnLine3("audio/c.wav,s3,f,hapy,en,,1"), 3, "audio/c.wav: unknown emotion 'hapy'");
    }

    @Test
    void emptyEmotion() {
        assertOneProblem(withBadRowOnLine3("audio/c.wav,s3,f,  ,en,,1"), 3, "audio/c.wav: empty emotion");
    }

    @Test
    void labelsNamedByTheClassSetAreNotUnknown() {
        Path dir = TinyCorpus.in(tmp, "c").row("audio/c.wav,s3,f,frustration,en,,1").write();
        assertEquals(1, Corpus.load(dir).problems().size());
        assertEquals(List.of(), Corpus.load(dir, ClassSet.parse("neutral,frustration")).problems());
        assertEquals(List.of(), Corpus.load(dir, ClassSet.FOUR.withMerges(List.of("frustration=angry"))).problems());
    }

    @Test
    void duplicatePath() {
        Corpus c = withBadRowOnLine3("audio/./a.wav,s3,f,sad,en,,1");
        assertOneProblem(c, 3, "audio/./a.wav: duplicate path (first listed on line 2)");
    }

    @Test
    void malformedCsvLine() {
        assertOneProblem(withBadRowOnLine3("\"audio/c.wav,s3,f,sad,en,,1"), 3, "unclosed quote");
        assertOneProblem(withBadRowOnLine3("audio/c\".wav,s3,f,sad,en,,1"), 3, "quote inside unquoted field 1");
    }

    @Test
    void wrongColumnCount() {
        assertOneProblem(withBadRowOnLine3("audio/c.wav,s3,f,sad"), 3, "wrong number of columns: 4 fields, the header has 7");
        assertOneProblem(withBadRowOnLine3("audio/c.wav,s3,f,sad,en,,1,extra"), 3, "8 fields, the header has 7");
    }

    @Test
    void nonUtf8Bytes() {
        String text = TinyCorpus.HEADER + "\n" + GOOD_1 + "\naudio/c.wav,s3,f,sad,en,Gr\u00fc\u00dfe,1\n" + GOOD_2 + "\n";
        Corpus c = Corpus.load(TinyCorpus.in(tmp, "c").writeRaw(text.getBytes(StandardCharsets.ISO_8859_1)));
        assertOneProblem(c, 3, "not valid UTF-8: byte 0xfc at column 27");
    }

    @Test
    void badDuration() {
        assertOneProblem(withBadRowOnLine3("audio/c.wav,s3,f,sad,en,,two"), 3, "duration_s is not a number: 'two'");
        assertOneProblem(withBadRowOnLine3("audio/c.wav,s3,f,sad,en,,-1"), 3, "duration_s must be a non-negative number");
    }

    @Test
    void manyBadRowsAreAllReportedInLineOrder() {
        Path dir = TinyCorpus.in(tmp, "c")
                .row(GOOD_1)                              // 2
                .row("../up.wav,s,f,sad,en,,1")           // 3
                .row("audio/e.wav,s,f,,en,,1")            // 4
                .row("audio/a.wav,s,f,sad,en,,1")         // 5 duplicate
                .row("audio/f.wav,s,f")                   // 6
                .row(GOOD_2)                              // 7
                .row("audio/g.wav,s,f,joyy,en,,1")        // 8
                .write();
        Corpus c = Corpus.load(dir);
        assertEquals(List.of(3, 4, 5, 6, 8), c.problems().stream().map(CorpusProblem::line).toList());
        assertEquals(List.of(2, 7), c.utterances().stream().map(Utterance::line).toList());
    }

    @Test
    void headerWithoutRequiredColumnsRejectsTheManifest() {
        Corpus c = Corpus.load(TinyCorpus.withHeader(tmp, "c", "file,speaker,label").row("a.wav,s,sad").write());
        assertEquals(0, c.utterances().size());
        assertEquals(2, c.problems().size());
        assertTrue(c.problems().get(0).message().contains("header has no 'path' column (found: file,speaker,label)"),
                c.problems().toString());
        assertTrue(c.problems().get(1).message().contains("no 'emotion' column"), c.problems().toString());
    }

    @Test
    void missingFolderOrManifest() throws IOException {
        Corpus none = Corpus.load(tmp.resolve("nowhere"));
        assertEquals("corpus folder not found", none.problems().get(0).message());
        Corpus noManifest = Corpus.load(Files.createDirectories(tmp.resolve("bare")));
        assertTrue(noManifest.problems().get(0).message().startsWith("manifest not found"), noManifest.problems().toString());
        assertEquals(0, noManifest.problems().get(0).line());
    }
}
