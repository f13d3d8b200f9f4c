package org.layeranchor.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.testing.SharedData;

class SpeakerSplitsTest {
    private static Utterance u(String speaker, String gender, int i) {
        return new Utterance("tiny", Path.of("tiny"), "audio/" + speaker + "_" + i + ".wav", speaker, gender, "sad", "en", "",
                1.0, Map.of(), i + 2);
    }

    /** Three female and three male speakers with four utterances each. */
    private static List<Utterance> sixSpeakers() {
        List<Utterance> list = new ArrayList<>();
        for (String s : List.of("f1", "f2", "f3", "m1", "m2", "m3")) {
            for (int i = 0; i < 4; i++) {
                list.add(u(s, s.substring(0, 1), list.size()));
            }
        }
        return list;
    }

    @Test
    void theSplitIsPinnedByTheHashOfSeedAndSpeaker() {
        // Computed independently with Python's hashlib: speakers sorted by sha256(seed + "\n" + "tiny/" + id),
        // females first, then dealt adapt, test, adapt, ... continuing into the males.
        assertEquals(Map.of("tiny/f1", "adapt", "tiny/f2", "adapt", "tiny/f3", "test",
                        "tiny/m1", "adapt", "tiny/m2", "test", "tiny/m3", "test"),
                SpeakerSplits.adaptTest(sixSpeakers(), "layeranchor").splitOf());
        assertEquals(Map.of("tiny/f1", "adapt", "tiny/f2", "adapt", "tiny/f3", "test",
                        "tiny/m1", "test", "tiny/m2", "adapt", "tiny/m3", "test"),
                SpeakerSplits.adaptTest(sixSpeakers(), "other").splitOf());
    }

    @Test
    void inputOrderDoesNotMatter() {
        List<Utterance> shuffled = new ArrayList<>(sixSpeakers());
        Collections.shuffle(shuffled, new Random(7));
        assertEquals(SpeakerSplits.adaptTest(sixSpeakers(), "x").splitOf(), SpeakerSplits.adaptTest(shuffled, "x").splitOf());
        assertEquals(SpeakerSplits.kFold(sixSpeakers(), 3, "x").splitOf(), SpeakerSplits.kFold(shuffled, 3, "x").splitOf());
    }

    @Test
    void adaptAndTestAreSpeakerDisjointAndGenderBalanced() {
        List<Utterance> all = sixSpeakers();
        SplitAssignment a = SpeakerSplits.adaptTest(all, "layeranchor");
        Map<String, List<Utterance>> parts = a.partition(all);
        Set<String> adaptSpeakers = speakers(parts.get("adapt"));
        Set<String> testSpeakers = speakers(parts.get("test"));
        assertTrue(Collections.disjoint(adaptSpeakers, testSpeakers));
        assertEquals(all.size(), parts.get("adapt").size() + parts.get("test").size());
        assertEquals(3, adaptSpeakers.size());
        assertEquals(3, testSpeakers.size());
        // Three of each gender cannot split evenly: 2+1 and 1+2.
        assertEquals(1, Math.abs(count(adaptSpeakers, "f") - count(testSpeakers, "f")));
        assertEquals(1, Math.abs(count(adaptSpeakers, "m") - count(testSpeakers, "m")));
    }

    @Test
    void foldsCoverEverySpeakerOnceWithSizesWithinOne() {
        List<Utterance> all = sixSpeakers();
        for (int k = 2; k <= 6; k++) {
            SplitAssignment a = SpeakerSplits.kFold(all, k, "seed");
            assertEquals(k, a.splits().size());
            assertEquals("fold1", a.splits().get(0));
            assertEquals(6, a.splitOf().size());
            int min = Integer.MAX_VALUE;
            int max = 0;
            for (String fold : a.splits()) {
                int n = a.speakersIn(fold).size();
                min = Math.min(min, n);
                max = Math.max(max, n);
                long females = a.speakersIn(fold).stream().filter(s -> s.startsWith("tiny/f")).count();
                assertTrue(females <= (3 + k - 1) / k, "fold " + fold + " of " + k + " has " + females + " female speakers");
            }
            assertTrue(max - min <= 1, "k=" + k + " sizes " + min + ".." + max);
        }
    }

    @Test
    void impossibleSplitsAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpeakerSplits.kFold(sixSpeakers(), 7, "s"))
                .getMessage().contains("6 speaker(s) cannot be split 7 ways"));
        assertThrows(IllegalArgumentException.class, () -> SpeakerSplits.kFold(sixSpeakers(), 1, "s"));
        List<Utterance> anonymous = new ArrayList<>(sixSpeakers());
        anonymous.add(u("", "f", 99));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpeakerSplits.adaptTest(anonymous, "s"))
                .getMessage().contains("1 utterance(s) have no speaker id"));
    }

    @Test
    void splitFilesRoundTripAndAreCheckedWhenRead(@TempDir Path dir) throws IOException {
        List<Utterance> all = sixSpeakers();
        Corpus corpus = new Corpus("tiny", Path.of("tiny"), all, List.of());
        SplitAssignment a = SpeakerSplits.kFold(all, 3, "seed");
        Path file = dir.resolve("splits/tiny.folds3.csv");
        SplitFile.write(file, all, a);
        List<String> lines = Files.readAllLines(file);
        assertEquals("path,speaker,gender,split", lines.get(0));
        assertEquals(all.size() + 1, lines.size());
        assertEquals("audio/f1_0.wav,f1,f," + a.splitOf(all.get(0)), lines.get(1));
        assertEquals(a.partition(all), SplitFile.apply(file, corpus).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));

        List<String> tampered = new ArrayList<>(lines);
        String[] last = tampered.get(tampered.size() - 1).split(",");
        String otherFold = last[3].equals("fold1") ? "fold2" : "fold1";
        tampered.set(tampered.size() - 1, String.join(",", last[0], last[1], last[2], otherFold));
        Files.write(file, tampered);
        IOException e = assertThrows(IOException.class, () -> SplitFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ":" + tampered.size() + ": speaker " + last[1] + " is in both"),
                e.getMessage());

        Files.write(file, List.of("path,speaker,gender,split", "audio/unknown.wav,f1,f,fold1"));
        IOException unknown = assertThrows(IOException.class, () -> SplitFile.apply(file, corpus));
        assertTrue(unknown.getMessage().contains("audio/unknown.wav is not a usable row"), unknown.getMessage());
    }

    @Test
    void ravdessHalvesHaveSixWomenAndSixMenEach() {
        Corpus ravdess = Corpus.load(SharedData.corpus("ravdess"));
        SplitAssignment a = SpeakerSplits.adaptTest(ravdess.utterances(), SpeakerSplits.DEFAULT_SEED);
        Map<String, String> genderOf = new HashMap<>();
        ravdess.utterances().forEach(x -> genderOf.put(SpeakerSplits.speakerKey(x), x.gender()));
        for (String split : a.splits()) {
            List<String> speakers = a.speakersIn(split);
            assertEquals(12, speakers.size());
            assertEquals(6, speakers.stream().filter(s -> genderOf.get(s).equals("f")).count(), split);
        }
        assertNotEquals(a.splitOf(), SpeakerSplits.adaptTest(ravdess.utterances(), "another seed").splitOf());
    }

    private static Set<String> speakers(List<Utterance> list) {
        Set<String> s = new HashSet<>();
        list.forEach(x -> s.add(x.speaker()));
        return s;
    }

    private static long count(Set<String> speakers, String gender) {
        return speakers.stream().filter(s -> s.startsWith(gender)).count();
    }
}
