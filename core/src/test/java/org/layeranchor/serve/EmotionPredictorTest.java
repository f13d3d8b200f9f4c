package org.layeranchor.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.audio.Audio;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.Encoders;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.encoder.SpeechEncoder;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.features.PooledStatistics;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyEmotionModel;
import org.layeranchor.testing.TinyWhisper;
import org.layeranchor.training.TrainedModel;

class EmotionPredictorTest {
    @TempDir
    static Path dir;
    static TinyEmotionModel tiny;

    @BeforeAll
    static void trainTinyModel() throws Exception {
        tiny = TinyEmotionModel.create(dir, WhisperEncoder.Mode.FAST);
    }

    private static Audio tone(String emotion, double seconds) {
        return new Audio(TestWav.tone(TinyEmotionModel.pitchOf(emotion), 16_000, seconds, 0.3), 16_000, emotion + ".wav");
    }

    @Test
    void predictsTheEmotionOfEachToneRangeItWasTrainedOn() throws Exception {
        try (EmotionPredictor p = EmotionPredictor.open(tiny.model(), tiny.encoder(), EmotionPredictor.Options.defaults())) {
            assertEquals(TinyEmotionModel.CLASSES, p.classes());
            for (String emotion : TinyEmotionModel.CLASSES) {
                Prediction r = p.predict(tone(emotion, 0.8));
                assertEquals(emotion, r.emotion(), () -> emotion + ": " + Arrays.toString(r.probabilities()));
                assertEquals(1.0, Arrays.stream(r.probabilities()).sum(), 1e-9);
                assertEquals(0.8, r.durationSeconds(), 1e-9);
                assertEquals(1, r.segments().size());
            }
        }
    }

    @Test
    void givesExactlyWhatTheModelGivesOnFeaturesPooledAsTheStorePoolsThem() throws Exception {
        Audio a = tone("mid", 1.1);
        TrainedModel model = TrainedModel.load(tiny.model());
        double[] expected;
        try (SpeechEncoder enc = Encoders.open(tiny.encoder(), new Encoders.Settings(WhisperEncoder.Mode.FAST, 1))) {
            HiddenStates hs = enc.encode(a);
            float[][][] mean = new float[hs.layerCount()][1][];
            float[][][] std = new float[hs.layerCount()][1][];
            for (int l = 0; l < hs.layerCount(); l++) {
                float[][] pooled = PooledStatistics.of(hs.layers()[l]);
                mean[l][0] = pooled[0];
                std[l][0] = pooled[1];
            }
            Utterance u = new Utterance("c", dir, "a.wav", "", "", "", "", "", 1.1, Map.of(), 2);
            expected = model.predictProba(new FeatureSet(List.of(u), mean, std))[0];
        }
        try (EmotionPredictor p = EmotionPredictor.open(tiny.model(), tiny.encoder(), EmotionPredictor.Options.defaults())) {
            assertArrayEquals(expected, p.predict(a).probabilities(), 0.0);
        }
    }

    @Test
    void aLongRecordingGetsOnePredictionPerSegmentAndADurationWeightedOverall() throws Exception {
        // 1 s low, 1 s high, 0.5 s mid: with 1-s segments the 0.5-s tail joins the second segment.
        float[] x = org.layeranchor.audio.SyntheticSpeech.concat(tone("low", 1.0).samples(), tone("high", 1.0).samples(), tone("mid", 0.5).samples());
        Audio a = new Audio(x, 16_000, "three.wav");
        try (EmotionPredictor p = EmotionPredictor.open(tiny.model(), tiny.encoder(),
                EmotionPredictor.Options.defaults().withSegmentSeconds(1.0))) {
            Prediction r = p.predict(a);
            assertEquals(2, r.segments().size());
            Prediction.Segment first = r.segments().get(0);
            Prediction.Segment second = r.segments().get(1);
            assertEquals(0.0, first.startSeconds());
            assertEquals(1.0, first.endSeconds());
            assertEquals(1.0, second.startSeconds());
            assertEquals(2.5, second.endSeconds());
            assertEquals("low", first.emotion());
            // Each segment is predicted as if it were its own file.
            assertArrayEquals(p.predict(new Audio(Arrays.copyOf(x, 16_000), 16_000, "x")).probabilities(),
                    first.probabilities(), 0.0);
            for (int c = 0; c < r.classes().size(); c++) {
                double weighted = (1.0 * first.probabilities()[c] + 1.5 * second.probabilities()[c]) / 2.5;
                assertEquals(weighted, r.probabilities()[c], 1e-12);
            }
        }
    }

    @Test
    void segmentsCoverTheRecordingAndAShortTailJoinsThePreviousSegment() {
        int rate = 16_000;
        assertBounds(EmotionPredictor.segmentBounds(10 * rate, rate, 30), rate, 0, 10);
        assertBounds(EmotionPredictor.segmentBounds(75 * rate, rate, 30), rate, 0, 30, 30, 60, 60, 75);
        assertBounds(EmotionPredictor.segmentBounds(60 * rate + rate / 2, rate, 30), rate, 0, 30, 30, 60.5);
        assertBounds(EmotionPredictor.segmentBounds(rate * 6 / 5, rate, 0.5), rate, 0, 0.5, 0.5, 1.2);
        assertBounds(EmotionPredictor.segmentBounds(rate / 10, rate, 30), rate, 0, 0.1);
    }

    private static void assertBounds(List<int[]> bounds, int rate, double... startEndSeconds) {
        assertEquals(startEndSeconds.length / 2, bounds.size());
        for (int i = 0; i < bounds.size(); i++) {
            assertEquals(Math.round(startEndSeconds[2 * i] * rate), bounds.get(i)[0]);
            assertEquals(Math.round(startEndSeconds[2 * i + 1] * rate), bounds.get(i)[1]);
        }
    }

    @Test
    void opensTheEncoderInTheModeTheModelWasTrainedIn() throws Exception {
        try (EmotionPredictor p = EmotionPredictor.open(tiny.model(), tiny.encoder(), EmotionPredictor.Options.defaults())) {
            assertEquals("fast", p.encoderInfo().settings().get("mode"));
        }
    }

    @Test
    void refusesAnEncoderTheModelWasNotTrainedOn(@TempDir Path other) throws Exception {
        TinyWhisper.write(other, 99); // same shapes, other weights
        EncoderException e = assertThrows(EncoderException.class,
                () -> EmotionPredictor.open(tiny.model(), other, EmotionPredictor.Options.defaults()));
        assertTrue(e.getMessage().contains("identity") && e.getMessage().contains(other.toString()), e.getMessage());
    }

    @Test
    void rejectsSegmentLengthsThatAreNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> EmotionPredictor.Options.defaults().withSegmentSeconds(0));
        assertThrows(IllegalArgumentException.class, () -> EmotionPredictor.Options.defaults().withSegmentSeconds(Double.NaN));
    }
}
