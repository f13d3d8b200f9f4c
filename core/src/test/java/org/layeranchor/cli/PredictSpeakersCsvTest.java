package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.testing.PerSpeakerTestModel;
import org.layeranchor.testing.SharedData;

/**
 * {@code predict --speakers FILE.csv} on real EmoDB clips of two speakers: the same predictions as the
 * equivalent {@code --speaker-pattern}; a file without a row is predicted with the domain's statistics
 * and said once; bad tables fail before anything is predicted, naming the CSV and the line.
 */
class PredictSpeakersCsvTest {
    @TempDir
    static Path tmp;
    static Path model;
    static Path clips;
    /** Speaker 03's and speaker 08's clips, in the order predict is given them. */
    static final List<String> NAMES = List.of("03a01Wa", "03a02Fc", "03a04Ad", "08a01Fd", "08a02Na", "08a04Tb");

    @BeforeAll
    static void perSpeakerModelAndClips() throws Exception {
        model = PerSpeakerTestModel.shared();
        clips = Files.createDirectories(tmp.resolve("recordings/clips"));
        for (Path f : PerSpeakerTestModel.emodb(NAMES.toArray(String[]::new))) {
            Files.copy(f, clips.resolve(f.getFileName()));
        }
    }

    private static LayerAnchorCliTest.Run withoutSpeakers;

    /** The predictions without speaker ids (every file with the domain's statistics), run once. */
    private static synchronized String withoutSpeakers() {
        if (withoutSpeakers == null) {
            withoutSpeakers = predict();
            assertEquals(0, withoutSpeakers.code(), withoutSpeakers.err());
        }
        return withoutSpeakers.out();
    }

    private static LayerAnchorCliTest.Run predict(String... speakerOptions) {
        List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString(), "--encoder",
                SharedData.whisperBase().toString(), "--format", "csv", "--no-batch-adapt"));
        args.addAll(List.of(speakerOptions));
        args.add(clips.toString());
        return LayerAnchorCliTest.run(args.toArray(String[]::new));
    }

    private static Path table(String name, String content) throws Exception {
        return Files.writeString(tmp.resolve("recordings").resolve(name), content);
    }

    /** The CSV output's row of one clip (the overall prediction, segment "all"). */
    private static String rowOf(String out, String name) {
        return out.lines().filter(l -> l.contains(name + ".flac,all,")).findFirst().orElseThrow(() -> new AssertionError(out));
    }

    @Test
    void aSpeakerTableGivesTheSamePredictionsAsTheEquivalentFileNamePattern() throws Exception {
        // Relative to the CSV's folder, or absolute: both name the same files.
        StringBuilder csv = new StringBuilder("file,speaker\n");
        for (String n : NAMES) {
            String file = n.startsWith("03") ? "clips/" + n + ".flac" : clips.resolve(n + ".flac").toString();
            csv.append(file).append(',').append(n, 0, 2).append('\n');
        }
        Path speakers = table("speakers.csv", csv.toString());

        LayerAnchorCliTest.Run byTable = predict("--speakers", speakers.toString());
        assertEquals(0, byTable.code(), byTable.err());
        assertTrue(byTable.err().contains("speakers: 2, heard from 6 speech segments of 6 files"), byTable.err());
        LayerAnchorCliTest.Run byPattern = predict("--speaker-pattern", "^(\\d\\d)");
        assertEquals(0, byPattern.code(), byPattern.err());
        assertEquals(byPattern.out(), byTable.out());

        for (String n : NAMES) {
            assertNotEquals(rowOf(withoutSpeakers(), n), rowOf(byTable.out(), n), "its speaker's statistics must change " + n);
        }
    }

    @Test
    void aFileWithoutARowIsPredictedWithTheDomainStatisticsAndSaidOnce() throws Exception {
        StringBuilder csv = new StringBuilder("file,speaker\n");
        for (String n : NAMES.subList(1, NAMES.size())) { // 03a01Wa has no row
            csv.append("clips/").append(n).append(".flac,").append(n, 0, 2).append('\n');
        }
        csv.append("clips/elsewhere.flac,99\n"); // a row for a file outside the batch is allowed
        LayerAnchorCliTest.Run r = predict("--speakers", table("partial.csv", csv.toString()).toString());
        assertEquals(0, r.code(), r.err());
        List<String> notes = r.err().lines().filter(l -> l.contains("no row in")).toList();
        assertEquals(1, notes.size(), r.err());
        assertTrue(notes.get(0).contains("1 of 6 file(s)") && notes.get(0).contains("03a01Wa.flac")
                && notes.get(0).contains("domain's statistics"), notes.get(0));

        assertEquals(rowOf(withoutSpeakers(), "03a01Wa"), rowOf(r.out(), "03a01Wa"), "no row: the domain's statistics");
        assertNotEquals(rowOf(withoutSpeakers(), "03a02Fc"), rowOf(r.out(), "03a02Fc"));
    }

    @Test
    void badTablesFailNamingTheFileAndTheLine() throws Exception {
        LayerAnchorCliTest.Run both = predict("--speakers", table("ok.csv", "file,speaker\n").toString(),
                "--speaker-pattern", "^(\\d\\d)");
        assertEquals(2, both.code(), both.err());
        assertTrue(both.err().contains("--speakers and --speaker-pattern"), both.err());

        assertFails("header.csv", "path,speaker\nclips/03a01Wa.flac,03\n", "header.csv line 1: the header must be 'file,speaker'");
        assertFails("fields.csv", "file,speaker\nclips/03a01Wa.flac,03\nclips/03a02Fc.flac,03,x\n",
                "fields.csv line 3: expected 2 fields (file,speaker), got 3");
        assertFails("empty-speaker.csv", "file,speaker\nclips/03a01Wa.flac,\n",
                "empty-speaker.csv line 2: the speaker of clips/03a01Wa.flac is empty");
        assertFails("twice.csv", "file,speaker\nclips/03a01Wa.flac,03\n" + clips.resolve("03a01Wa.flac") + ",08\n",
                "twice.csv line 3: " + clips.resolve("03a01Wa.flac") + " is listed again (line 2 gives it speaker '03')");
        assertFails("quote.csv", "file,speaker\n\"clips/03a01Wa.flac,03\n", "quote.csv line 2: ");
        assertFails("two-problems.csv", "file,speaker\nx,\ny,1,2\n", "two-problems.csv line 2: the speaker of x is empty "
                + "(and 1 more problem(s) in the file)");
        LayerAnchorCliTest.Run missing = predict("--speakers", tmp.resolve("none.csv").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("--speakers " + tmp.resolve("none.csv") + ": no such file"), missing.err());
    }

    private static void assertFails(String name, String content, String expected) throws Exception {
        LayerAnchorCliTest.Run r = predict("--speakers", table(name, content).toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().isEmpty(), "nothing is predicted: " + r.out());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), r.err());
        assertTrue(errors.get(0).contains(tmp.resolve("recordings") + "/" + expected), r.err());
    }
}
