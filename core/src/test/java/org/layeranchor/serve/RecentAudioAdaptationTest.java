package org.layeranchor.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.audio.Audio;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyEmotionModel;
import org.layeranchor.training.TrainingConfig;

/**
 * serve adapting to what it is sent: the last N requests' pooled features, statistics re-estimated
 * from them once the minimum is held, a request predicted with the statistics of those before it,
 * and the window's state visible in the model description (GET /v1/model).
 */
class RecentAudioAdaptationTest {
    private static Audio tone(String emotion, double amplitude) {
        return new Audio(TestWav.tone(TinyEmotionModel.pitchOf(emotion) * 0.97, 16_000, 0.7, amplitude), 16_000, emotion);
    }

    @Test
    void reEstimatesFromTheLastRequestsOnceEnoughAreHeld(@TempDir Path dir) throws Exception {
        TinyEmotionModel tiny = TinyEmotionModel.create(dir, WhisperEncoder.Mode.FAST, 1, TrainingConfig.Head.LINEAR);
        try (EmotionPredictor p = EmotionPredictor.open(tiny.model(), tiny.encoder(), EmotionPredictor.Options.defaults())) {
            double[] before = p.predict(tone("mid", 0.05)).probabilities();
            RecentAudioAdaptation window = RecentAudioAdaptation.attach(p, 3, 2);
            assertEquals("the model's own (too few recent requests yet)", p.adaptation().get("statistics_from"));
            assertEquals(3, p.adaptation().get("window_requests"));
            assertEquals(2, p.adaptation().get("minimum_requests"));

            // The first request is predicted with the model's own statistics: nothing has been re-estimated.
            assertArrayEquals(before, p.predict(tone("mid", 0.05)).probabilities(), 0.0);
            assertEquals(1, window.held());
            assertEquals(0L, p.adaptation().get("re_estimates"));

            p.predict(tone("low", 0.05)); // the second: now two are held, the statistics are re-estimated
            assertEquals("recent requests", p.adaptation().get("statistics_from"));
            assertEquals(1L, p.adaptation().get("re_estimates"));
            double[] after = p.predict(tone("mid", 0.05)).probabilities();
            assertFalse(java.util.Arrays.equals(before, after), "statistics of quieter audio must move the probabilities");

            p.predict(tone("high", 0.05));
            p.predict(tone("high", 0.05));
            assertEquals(3, window.held(), "only the last 3 requests are kept");
            assertEquals(3, p.adaptation().get("held_requests"));
            assertEquals("target", p.model().description().standardisedWith());
        }
    }

    @Test
    void aMinimumOutsideTheWindowIsRefused(@TempDir Path dir) throws Exception {
        TinyEmotionModel tiny = TinyEmotionModel.create(dir, WhisperEncoder.Mode.FAST, 1, TrainingConfig.Head.LINEAR);
        try (EmotionPredictor p = EmotionPredictor.open(tiny.model(), tiny.encoder(), EmotionPredictor.Options.defaults())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecentAudioAdaptation.attach(p, 3, 4));
            assertEquals("adaptation to recent requests needs 2 <= minimum <= window, got minimum 4 and window 3", e.getMessage());
        }
    }
}
