package org.layeranchor.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.layeranchor.corpus.Utterance;

class ValidationSplitTest {
    private static List<Utterance> rows(int n, int speakers) {
        List<Utterance> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Utterance("c", Path.of("/c"), "u" + i + ".wav", speakers == 0 ? "" : "s" + (i % speakers), "",
                    "neutral", "en", "", Double.NaN, Map.of(), i + 2));
        }
        return out;
    }

    @Test
    void speakersNeverStraddleTheSplitAndTheShareIsReached() {
        List<Utterance> rows = rows(100, 10);
        ValidationSplit split = ValidationSplit.of(rows, 0.2, new SplittableRandom(3));
        Set<String> trainSpeakers = new HashSet<>();
        for (int i : split.train()) {
            trainSpeakers.add(rows.get(i).speaker());
        }
        for (int i : split.validation()) {
            assertTrue(!trainSpeakers.contains(rows.get(i).speaker()), "speaker in both parts: " + rows.get(i).speaker());
            assertTrue(split.validationSpeakers().contains(rows.get(i).speaker()));
        }
        assertEquals(20, split.validation().length); // 2 speakers of 10 utterances
        assertEquals(100, split.train().length + split.validation().length);
    }

    @Test
    void theSplitDependsOnTheSeedAndNotOnRowOrder() {
        List<Utterance> rows = rows(60, 6);
        ValidationSplit a = ValidationSplit.of(rows, 0.3, new SplittableRandom(1));
        List<Utterance> shuffled = new ArrayList<>(rows);
        Collections.reverse(shuffled);
        ValidationSplit b = ValidationSplit.of(shuffled, 0.3, new SplittableRandom(1));
        assertEquals(a.validationSpeakers(), b.validationSpeakers());
        assertArrayEquals(a.validation(), ValidationSplit.of(rows, 0.3, new SplittableRandom(1)).validation());
    }

    @Test
    void withoutSpeakersUtterancesAreSplitOneByOne() {
        ValidationSplit split = ValidationSplit.of(rows(50, 0), 0.2, new SplittableRandom(4));
        assertEquals(10, split.validation().length);
        assertTrue(split.validationSpeakers().isEmpty());
    }

    @Test
    void neverHoldsOutEverySpeakerAndZeroMeansNone() {
        ValidationSplit two = ValidationSplit.of(rows(10, 2), 0.9, new SplittableRandom(5));
        assertEquals(5, two.train().length);
        assertEquals(0, ValidationSplit.of(rows(10, 2), 0.0, new SplittableRandom(5)).validation().length);
        assertThrows(IllegalArgumentException.class, () -> ValidationSplit.of(rows(10, 1), 0.2, new SplittableRandom(5)));
    }

    /**
     * Two source corpora that both call a speaker "s0": the share is held out of each corpus, so both
     * languages are in validation, and one corpus's "s0" can be in validation while the other's trains.
     */
    @Test
    void severalCorporaAreSplitEachOnItsOwn() {
        List<Utterance> rows = new ArrayList<>();
        for (String corpus : List.of("de", "it")) {
            for (int i = 0; i < 50; i++) {
                rows.add(new Utterance(corpus, Path.of("/" + corpus), "u" + i + ".wav", "s" + (i % 5), "", "neutral",
                        corpus, "", Double.NaN, Map.of(), i + 2));
            }
        }
        ValidationSplit split = ValidationSplit.of(rows, 0.2, new SplittableRandom(7));
        int fromDe = 0;
        Set<String> trainKeys = new HashSet<>();
        for (int i : split.train()) {
            trainKeys.add(rows.get(i).corpus() + "/" + rows.get(i).speaker());
        }
        for (int i : split.validation()) {
            String key = rows.get(i).corpus() + "/" + rows.get(i).speaker();
            assertTrue(!trainKeys.contains(key), "speaker in both parts: " + key);
            assertTrue(split.validationSpeakers().contains(key), split.validationSpeakers().toString());
            fromDe += rows.get(i).corpus().equals("de") ? 1 : 0;
        }
        assertEquals(10, fromDe); // one speaker of 10 utterances from each corpus
        assertEquals(20, split.validation().length);
        assertEquals(100, split.train().length + split.validation().length);
        // A corpus with a single speaker stays whole in training; the other still gives validation.
        List<Utterance> oneSpeaker = new ArrayList<>(rows.subList(0, 50));
        for (int i = 0; i < 10; i++) {
            oneSpeaker.add(new Utterance("ur", Path.of("/ur"), "v" + i + ".wav", "only", "", "sad", "ur", "", Double.NaN,
                    Map.of(), i + 2));
        }
        ValidationSplit s2 = ValidationSplit.of(oneSpeaker, 0.2, new SplittableRandom(7));
        for (int i : s2.validation()) {
            assertEquals("de", oneSpeaker.get(i).corpus());
        }
        assertEquals(10, s2.validation().length);
    }
}
