package org.layeranchor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.audio.Audio;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.serve.EmotionPredictor;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyEmotionModel;

/** The measurement end to end on tones the tiny model knows: its timeline should be as right as its utterances. */
class TimelineBenchmarkTest {
    @Test
    void tonesJoinedWithPausesAreFollowedAsWellAsTheyAreJudgedAlone(@TempDir Path dir) throws Exception {
        TinyEmotionModel tiny = TinyEmotionModel.create(dir, WhisperEncoder.Mode.FAST);
        List<ConcatenatedRecordings.Clip> clips = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            String emotion = TinyEmotionModel.CLASSES.get(i % 3);
            float[] x = TestWav.tone(TinyEmotionModel.pitchOf(emotion), 16_000, 1.2 + 0.2 * (i % 4), 0.3);
            clips.add(new ConcatenatedRecordings.Clip(new Audio(x, 16_000, emotion + i), emotion));
        }
        try (EmotionPredictor p = EmotionPredictor.open(tiny.model(), tiny.encoder(), EmotionPredictor.Options.defaults())) {
            List<String> progress = new ArrayList<>();
            TimelineBenchmark.Result r = TimelineBenchmark.run(p, clips, 2, 0, progress::add);
            assertEquals(2, progress.size());
            assertEquals(9, r.utterances().total());
            assertEquals(1.0, r.utterances().uar(), 1e-9, r.toText());
            assertTrue(r.timeline().uar() > 0.9, r.toText());
            assertTrue(r.timeline().labelledSpeechShare() > 0.9, r.toText());
            assertTrue(r.timeline().labelledPauseShare() < 0.5, r.toText());
            assertTrue(r.toText().contains("segment-level UAR"), r.toText());
        }
    }

    @Test
    void theDetectorAloneIsScoredAgainstTheUtterancesWithoutAModel() {
        List<ConcatenatedRecordings.Clip> clips = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            float[] x = TestWav.tone(200 + 100 * i, 16_000, 1.2 + 0.2 * (i % 4), 0.3);
            clips.add(new ConcatenatedRecordings.Clip(new Audio(x, 16_000, "tone" + i), "sad"));
        }
        List<ConcatenatedRecordings.Recording> made = ConcatenatedRecordings.build(clips, 2, 0.5, 1.5, 1);
        TimelineBenchmark.Detection d = TimelineBenchmark.detect(new org.layeranchor.segmentation.VoiceActivityDetector(),
                "energy", org.layeranchor.segmentation.UtteranceSegmenter.Settings.defaults(), made);
        assertEquals(9, d.utterances());
        assertEquals(9, d.stretches(), d.toText());
        assertEquals(9, d.segments(), d.toText());
        // Tones start and stop at once: all of them found, and only the 0.1-s hangover of each pause taken.
        assertTrue(d.raw().recall() > 0.99, d.toText());
        assertTrue(d.raw().pauseCalledSpeech() < 0.15, d.toText());
        assertTrue(d.millisecondsPerMinute() > 0 && Double.isFinite(d.millisecondsPerMinute()), d.toText());
        assertTrue(d.toText().contains("speech time found"), d.toText());
    }
}
