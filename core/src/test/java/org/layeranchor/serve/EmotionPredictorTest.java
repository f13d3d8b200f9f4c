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

    /** low 2 s, pause 1 s, high 2 s, pause 1.2 s, mid 2.5 s, with 0.5 s of silence at each end: 9.7 s. */
    private static Audio threeUtterancesWithPauses() {
        float[] x = org.layeranchor.audio.SyntheticSpeech.concat(new float[8_000], tone("low", 2.0).samples(),
                new float[16_000], tone("high", 2.0).samples(), new float[19_200], tone("mid", 2.5).samples(),
                new float[8_000]);
        return new Audio(x, 16_000, "three.wav");
    }

    @Test
    void aLongRecordingIsCutAtItsPausesIntoSpeechSegmentsAndSilence() throws Exception {
        Audio a = threeUtterancesWithPauses();
        try (EmotionPredictor p = EmotionPredictor.open(tiny.model(), tiny.encoder(), EmotionPredictor.Options.defaults())) {
            Prediction r = p.predict(a);
            List<Prediction.Segment> speech = r.segments().stream().filter(Prediction.Segment::isSpeech).toList();
            assertEquals(List.of("low", "high", "mid"), speech.stream().map(Prediction.Segment::emotion).toList(),
                    r.segments().toString());
            double[] starts = {0.5, 3.5, 6.7};
            for (int i = 0; i < 3; i++) {
                assertEquals(starts[i], speech.get(i).startSeconds(), 0.03);
            }
            // The timeline covers the recording; what is not speech is silence, without probabilities.
            double at = 0;
            for (Prediction.Segment s : r.segments()) {
                assertEquals(at, s.startSeconds(), 1e-12);
                at = s.endSeconds();
                if (!s.isSpeech()) {
                    assertEquals(Prediction.SILENCE, s.emotion());
                    assertEquals(0, s.probabilities().length);
                }
            }
            assertEquals(a.durationSeconds(), at, 1e-12);
            assertEquals(Prediction.SILENCE, r.segments().get(0).emotion());
            // Each speech segment is predicted as if it were its own file.
            Prediction.Segment first = speech.get(0);
            float[] piece = Arrays.copyOfRange(a.samples(), (int) Math.round(first.startSeconds() * 16_000),
                    (int) Math.round(first.endSeconds() * 16_000));
            assertArrayEquals(p.predict(new Audio(piece, 16_000, "x")).probabilities(), first.probabilities(), 0.0);
            // Overall: weighted by speech duration only.
            double speechSeconds = speech.stream().mapToDouble(Prediction.Segment::durationSeconds).sum();
            assertEquals(speechSeconds, r.speechSeconds(), 1e-12);
            for (int c = 0; c < r.classes().size(); c++) {
                double weighted = 0;
                for (Prediction.Segment s : speech) {
                    weighted += s.durationSeconds() / speechSeconds * s.probabilities()[c];
                }
                assertEquals(weighted, r.probabilities()[c], 1e-12);
            }
        }
    }

    @Test
    void withTheSileroDetectorALongRecordingOfRealSpeechIsCutAtItsPauses() throws Exception {
        // Four EmoDB sentences joined by 1-s pauses of -60-dBFS noise: one speech segment per sentence.
        String[] files = {"03a01Fa.flac", "03a01Nc.flac", "03a01Wa.flac", "03a01Fa.flac"};
        float[] x = new float[16_000 * 16];
        java.util.Random noise = new java.util.Random(2);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.001 * noise.nextGaussian());
        }
        int at = 16_000;
        double[] starts = new double[files.length];
        double[] ends = new double[files.length];
        for (int f = 0; f < files.length; f++) {
            float[] s = org.layeranchor.audio.AudioReader.read(
                    org.layeranchor.testing.SharedData.corpus("emodb").resolve("audio/" + files[f])).samples();
            for (int i = 0; i < s.length; i++) {
                x[at + i] += s[i];
            }
            starts[f] = at / 16_000.0;
            ends[f] = (at + s.length) / 16_000.0;
            at += s.length + 16_000;
        }
        Audio a = new Audio(Arrays.copyOf(x, at), 16_000, "four-sentences");
        EmotionPredictor.Options silero = EmotionPredictor.Options.defaults()
                .withVad(org.layeranchor.segmentation.SpeechDetectorKind.SILERO);
        try (EmotionPredictor p = EmotionPredictor.open(tiny.model(), tiny.encoder(), silero)) {
            List<Prediction.Segment> speech = p.predict(a).segments().stream().filter(Prediction.Segment::isSpeech).toList();
            assertEquals(4, speech.size(), speech.toString());
            for (int i = 0; i < 4; i++) {
                assertTrue(speech.get(i).startSeconds() >= starts[i] - 0.1 && speech.get(i).endSeconds() <= ends[i] + 0.1,
                        "segment " + i + " " + speech.get(i) + " outside its sentence [" + starts[i] + ", " + ends[i] + ")");
            }
        }
    }

    @Test
    void recordingsUpToTheSegmentLengthArePredictedWholeAndTheSegmentLengthCapsSegments() throws Exception {
        Audio a = threeUtterancesWithPauses();
        try (EmotionPredictor whole = EmotionPredictor.open(tiny.model(), tiny.encoder(),
                EmotionPredictor.Options.defaults().withSegmentSeconds(10));
             EmotionPredictor capped = EmotionPredictor.open(tiny.model(), tiny.encoder(),
                     EmotionPredictor.Options.defaults().withSegmentSeconds(1.5))) {
            Prediction r = whole.predict(a);
            assertEquals(1, r.segments().size());
            assertEquals(0.0, r.segments().get(0).startSeconds());
            assertEquals(a.durationSeconds(), r.segments().get(0).endSeconds());
            for (Prediction.Segment s : capped.predict(a).segments()) {
                assertTrue(s.durationSeconds() <= 1.5 + 1e-9 || !s.isSpeech(), s.toString());
            }
        }
    }

    @Test
    void smoothingAveragesNeighbouringSegmentsButNotTheOverallPrediction() throws Exception {
        Audio a = threeUtterancesWithPauses();
        try (EmotionPredictor raw = EmotionPredictor.open(tiny.model(), tiny.encoder(), EmotionPredictor.Options.defaults());
             EmotionPredictor smooth = EmotionPredictor.open(tiny.model(), tiny.encoder(),
                     EmotionPredictor.Options.defaults().withSmoothNeighbours(1))) {
            Prediction r = raw.predict(a);
            Prediction s = smooth.predict(a);
            List<Prediction.Segment> rs = r.segments().stream().filter(Prediction.Segment::isSpeech).toList();
            List<Prediction.Segment> ss = s.segments().stream().filter(Prediction.Segment::isSpeech).toList();
            double d0 = rs.get(0).durationSeconds();
            double d1 = rs.get(1).durationSeconds();
            for (int c = 0; c < r.classes().size(); c++) {
                double expected = (d0 * rs.get(0).probabilities()[c] + d1 * rs.get(1).probabilities()[c]) / (d0 + d1);
                assertEquals(expected, ss.get(0).probabilities()[c], 1e-12);
            }
            assertArrayEquals(r.probabilities(), s.probabilities(), 1e-12);
        }
    }

    @Test
    void aLongRecordingWithoutSpeechIsSilenceNotAnEmotion() throws Exception {
        try (EmotionPredictor p = EmotionPredictor.open(tiny.model(), tiny.encoder(), EmotionPredictor.Options.defaults())) {
            Prediction r = p.predict(new Audio(new float[16_000 * 12], 16_000, "quiet.wav"));
            assertEquals(Prediction.SILENCE, r.emotion());
            assertEquals(1, r.segments().size());
            assertEquals(Prediction.SILENCE, r.segments().get(0).emotion());
            assertEquals(0.0, r.speechSeconds());
            assertArrayEquals(new double[r.classes().size()], r.probabilities(), 0.0);
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
        assertThrows(IllegalArgumentException.class, () -> EmotionPredictor.Options.defaults().withSmoothNeighbours(-1));
    }
}
