package org.layeranchor.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassSetTest {
    private static Utterance u(String path, String emotion) {
        return new Utterance("c", Path.of("c"), path, "s", "f", emotion, "en", "", Double.NaN, Map.of(), 2);
    }

    private static final List<Utterance> SAMPLE = List.of(u("1", "neutral"), u("2", "calm"), u("3", "happy"),
            u("4", "fear"), u("5", "angry"), u("6", "calm"), u("7", "sad"), u("8", "disgust"));

    @Test
    void theDefaultIsTheFourClassTaskInIndexOrder() {
        assertEquals(List.of("neutral", "happy", "sad", "angry"), ClassSet.FOUR.classes());
        assertEquals(3, ClassSet.FOUR.indexOf("angry"));
        assertEquals(-1, ClassSet.FOUR.indexOf("calm"));
    }

    @Test
    void labelsOutsideTheSetAreDroppedAndCounted() {
        ClassSet.Selection s = ClassSet.FOUR.select(SAMPLE);
        assertEquals(List.of("1", "3", "5", "7"), s.kept().stream().map(Utterance::path).toList());
        assertEquals(Map.of("calm", 2, "disgust", 1, "fear", 1), s.dropped());
        assertEquals(4, s.droppedCount());
    }

    @Test
    void calmBecomesNeutralOnlyWhenAsked() {
        ClassSet merged = ClassSet.FOUR.withMerges(List.of("calm=neutral"));
        ClassSet.Selection s = merged.select(SAMPLE);
        assertEquals(List.of("1", "2", "3", "5", "6", "7"), s.kept().stream().map(Utterance::path).toList());
        assertEquals(List.of("neutral", "neutral", "happy", "angry", "neutral", "sad"),
                s.kept().stream().map(Utterance::emotion).toList());
        assertEquals(Map.of("disgust", 1, "fear", 1), s.dropped());
        assertEquals("neutral,happy,sad,angry (calm=neutral)", merged.toString());
    }

    @Test
    void invalidSetsAndMergesAreRejectedWithAReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClassSet.parse("sad,happy,sad")).getMessage()
                .contains("'sad' is listed twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClassSet.parse("sad,,happy")).getMessage()
                .contains("empty class name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClassSet.FOUR.withMerges(List.of("calm=relaxed")))
                .getMessage().contains("'relaxed' is not one of the classes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClassSet.FOUR.withMerges(List.of("happy=neutral")))
                .getMessage().contains("'happy' is itself a class"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClassSet.FOUR.withMerges(List.of("calm")))
                .getMessage().contains("must look like source=class"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ClassSet.FOUR.withMerges(List.of("calm=neutral", "calm=sad"))).getMessage()
                .contains("merged into both neutral and sad"));
    }
}
