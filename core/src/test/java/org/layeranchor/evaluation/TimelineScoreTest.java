package org.layeranchor.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layeranchor.serve.Prediction;

class TimelineScoreTest {
    private static final List<String> CLASSES = List.of("angry", "sad");

    private static Prediction.Segment says(double from, double to, String emotion) {
        return new Prediction.Segment(from, to, emotion, emotion.equals("angry") ? new double[] {0.9, 0.1} : new double[] {0.1, 0.9});
    }

    @Test
    void scoresEachStretchOfSpeechByTheSegmentCoveringItInTime() {
        // Truth: angry 0-2 s, pause, sad 3-5 s. Timeline: silence 0-0.5, angry 0.5-3.5 (half a second into sad),
        // sad 3.5-5, silence to 6.
        List<TimelineScore.TruthSpan> truth = List.of(new TimelineScore.TruthSpan(0, 2, "angry"),
                new TimelineScore.TruthSpan(3, 5, "sad"));
        List<Prediction.Segment> timeline = List.of(Prediction.Segment.silence(0, 0.5), says(0.5, 3.5, "angry"),
                says(3.5, 5, "sad"), Prediction.Segment.silence(5, 6));
        TimelineScore score = new TimelineScore(CLASSES);
        score.add(truth, timeline, 6);
        assertEquals(4.0, score.speechSeconds(), 1e-9);
        // Labelled speech: angry 1.5 s, all right; sad 2 s, 1.5 right → UAR (1 + 0.75) / 2.
        assertEquals((1 + 0.75) / 2, score.uar(), 1e-9);
        // Strict: the missed 0.5 s of angry counts as wrong → (1.5/2 + 0.75) / 2.
        assertEquals((0.75 + 0.75) / 2, score.strictUar(), 1e-9);
        assertEquals(3.5 / 4, score.labelledSpeechShare(), 1e-9);
        // Pauses: 2-3 s and 5-6 s; the angry segment covers 2-3 s.
        assertEquals(2.0, score.pauseSeconds(), 1e-9);
        assertEquals(0.5, score.labelledPauseShare(), 1e-9);
        assertEquals(150, score.confusion().count(0, 0));
        assertEquals(50, score.confusion().count(1, 0));
    }

    @Test
    void recordingsAccumulateIntoOneScore() {
        TimelineScore score = new TimelineScore(CLASSES);
        score.add(List.of(new TimelineScore.TruthSpan(0, 1, "angry")), List.of(says(0, 1, "angry")), 1);
        score.add(List.of(new TimelineScore.TruthSpan(0, 3, "sad")), List.of(says(0, 3, "angry")), 3);
        assertEquals((1.0 + 0.0) / 2, score.uar(), 1e-9);
        assertEquals(4.0, score.speechSeconds(), 1e-9);
        assertEquals(1.0, score.labelledSpeechShare(), 1e-9);
    }

    @Test
    void anEmotionOutsideTheClassesIsRefusedByName() {
        TimelineScore score = new TimelineScore(CLASSES);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> score.add(List.of(new TimelineScore.TruthSpan(0, 1, "boredom")), List.of(says(0, 1, "sad")), 1));
        assertEquals("'boredom' is not one of the scored classes [angry, sad]", e.getMessage());
    }
}
