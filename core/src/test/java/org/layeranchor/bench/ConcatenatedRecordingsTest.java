package org.layeranchor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layeranchor.audio.Audio;
import org.layeranchor.evaluation.TimelineScore;

class ConcatenatedRecordingsTest {
    private static ConcatenatedRecordings.Clip clip(String emotion, double seconds, float value) {
        float[] x = new float[(int) Math.round(seconds * 16_000)];
        java.util.Arrays.fill(x, value);
        return new ConcatenatedRecordings.Clip(new Audio(x, 16_000, emotion), emotion);
    }

    @Test
    void everyUtteranceIsUsedOnceWithItsEmotionWhereItWasPutAndPausesBetween() {
        List<ConcatenatedRecordings.Clip> clips = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            clips.add(clip(i % 2 == 0 ? "angry" : "sad", 1.0 + 0.25 * i, 0.5f + 0.01f * i));
        }
        List<ConcatenatedRecordings.Recording> recordings = ConcatenatedRecordings.build(clips, 2, 0.3, 1.5, 42);
        assertEquals(2, recordings.size());
        assertEquals(7, recordings.get(0).clips().size() + recordings.get(1).clips().size());
        for (ConcatenatedRecordings.Recording r : recordings) {
            double previousEnd = 0;
            for (int i = 0; i < r.truth().size(); i++) {
                TimelineScore.TruthSpan t = r.truth().get(i);
                ConcatenatedRecordings.Clip c = r.clips().get(i);
                double pause = t.startSeconds() - previousEnd;
                assertTrue(pause >= 0.3 - 1e-4 && pause <= 1.5 + 1e-4, "pause of " + pause + " s");
                assertEquals(c.emotion(), t.emotion());
                assertEquals(c.audio().durationSeconds(), t.endSeconds() - t.startSeconds(), 1e-9);
                // The utterance's samples are where its truth says, untouched.
                int start = (int) Math.round(t.startSeconds() * 16_000);
                assertEquals(c.audio().samples()[0], r.audio().samples()[start]);
                assertEquals(c.audio().samples()[0], r.audio().samples()[start + c.audio().samples().length - 1]);
                previousEnd = t.endSeconds();
            }
            // Pauses are quiet noise, not digital silence.
            float before = r.audio().samples()[(int) Math.round(r.truth().get(0).startSeconds() * 16_000) - 1];
            assertTrue(before != 0 && Math.abs(before) < 0.01f, "pause sample " + before);
        }
        // The same seed gives the same recordings.
        assertEquals(recordings.get(0).truth(), ConcatenatedRecordings.build(clips, 2, 0.3, 1.5, 42).get(0).truth());
    }

    @Test
    void refusesMoreRecordingsThanUtterances() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConcatenatedRecordings.build(List.of(clip("sad", 1, 0.1f)), 2, 0.3, 1.5, 0));
        assertEquals("cannot deal 1 utterances into 2 recordings", e.getMessage());
    }
}
