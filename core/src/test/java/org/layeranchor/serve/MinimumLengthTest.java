package org.layeranchor.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.audio.Audio;
import org.layeranchor.audio.AudioException;
import org.layeranchor.audio.AudioLimits;
import org.layeranchor.audio.AudioTooShortException;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyEmotionModel;
import org.layeranchor.training.TrainingConfig;

/**
 * Audio under {@link AudioLimits#MIN_PREDICT_SECONDS} is refused where audio enters the predictor,
 * so predict and serve share the rule (issue 20: a 1-sample clip was "neutral" with probability 1.0,
 * a prediction from padding alone); --adapt-on leaves such files out for the same reason.
 */
class MinimumLengthTest {
    @Test
    void tooLittleAudioIsRefusedAndTheMinimumItselfIsPredicted(@TempDir Path dir) throws Exception {
        TinyEmotionModel tiny = TinyEmotionModel.create(dir.resolve("m"), WhisperEncoder.Mode.FAST, 1,
                TrainingConfig.Head.LINEAR);
        try (EmotionPredictor p = EmotionPredictor.open(tiny.model(), tiny.encoder(), EmotionPredictor.Options.defaults())) {
            int minimum = (int) Math.round(AudioLimits.MIN_PREDICT_SECONDS * Audio.TARGET_RATE);
            float[] tone = TestWav.tone(TinyEmotionModel.pitchOf("mid"), Audio.TARGET_RATE, 1.0, 0.3);
            for (int samples : new int[] {1, minimum - 1}) {
                Audio shortAudio = new Audio(Arrays.copyOf(tone, samples), Audio.TARGET_RATE, "short.wav");
                AudioTooShortException e = assertThrows(AudioTooShortException.class, () -> p.predict(shortAudio));
                assertEquals(AudioException.Kind.TOO_SHORT, e.kind());
                assertTrue(e.getMessage().startsWith("short.wav: too short to predict"), e.getMessage());
            }
            Prediction atMinimum = p.predict(new Audio(Arrays.copyOf(tone, minimum), Audio.TARGET_RATE, "ok.wav"));
            assertEquals(0.1, atMinimum.durationSeconds(), 1e-9);

            Path domain = Files.createDirectories(dir.resolve("domain"));
            Path good = TestWav.writeMono16(domain.resolve("good.wav"), 16_000, tone);
            Path other = TestWav.writeMono16(domain.resolve("other.wav"), 16_000,
                    TestWav.tone(TinyEmotionModel.pitchOf("low"), Audio.TARGET_RATE, 1.0, 0.3));
            Path tiny1 = TestWav.writeMono16(domain.resolve("one-sample.wav"), 16_000, new float[] {0.1f});
            List<String> skipped = new ArrayList<>();
            assertEquals(2, p.adaptTo(List.of(good, tiny1, other), skipped::add));
            assertEquals(1, skipped.size());
            assertTrue(skipped.get(0).contains("one-sample.wav") && skipped.get(0).contains("too short"), skipped.get(0));
        }
    }
}
