package org.layeranchor.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layeranchor.segmentation.SampleRange;

class SpeechDetectionScoreTest {
    private static final int RATE = 16_000;

    @Test
    void countsSpeechFoundAndPauseCalledSpeechFrameByFrame() {
        // 10 s: utterances at [1, 3) and [5, 9); detected [2, 4) and [5, 9).
        List<TimelineScore.TruthSpan> truth = List.of(new TimelineScore.TruthSpan(1, 3, "sad"),
                new TimelineScore.TruthSpan(5, 9, "angry"));
        List<SampleRange> detected = List.of(new SampleRange(2 * RATE, 4 * RATE), new SampleRange(5 * RATE, 9 * RATE));
        SpeechDetectionScore s = new SpeechDetectionScore();
        s.add(truth, detected, RATE, 10);
        assertEquals(5.0 / 6, s.recall(), 1e-9);             // 1 s of 6 s of speech missed
        assertEquals(5.0 / 6, s.precision(), 1e-9);          // 1 s of the 6 s called speech is pause
        assertEquals(1.0 / 4, s.pauseCalledSpeech(), 1e-9);  // 1 s of 4 s of pause
        assertEquals(5.0 / 6, s.f1(), 1e-9);
    }

    @Test
    void nothingDetectedFindsNoSpeechAndHasNoPrecision() {
        SpeechDetectionScore s = new SpeechDetectionScore();
        s.add(List.of(new TimelineScore.TruthSpan(1, 2, "sad")), List.of(), RATE, 3);
        assertEquals(0.0, s.recall(), 1e-9);
        assertEquals(0.0, s.pauseCalledSpeech(), 1e-9);
        assertTrue(Double.isNaN(s.precision()));
    }
}
