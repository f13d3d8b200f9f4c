package org.layeranchor.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layeranchor.encoder.whisper.Precision;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.features.Pooling;
import org.layeranchor.training.EncoderIdentity;

/** A model opens its encoder with the mode and precision its features were extracted with, and pools as they were pooled. */
class EncoderSettingsOfModelTest {
    private static EncoderIdentity identity(Map<String, String> settings) {
        Map<String, String> p = new java.util.LinkedHashMap<>(Map.of("family", "whisper", "identity", "whisper-0123",
                "layers", "7", "dim", "512"));
        p.putAll(settings);
        return EncoderIdentity.of(p);
    }

    @Test
    void aModelFromInt8FeaturesRunsTheInt8Encoder() {
        assertEquals(Precision.INT8, EmotionPredictor.precisionOf(identity(Map.of("mode", "fast", "precision", "int8"))));
        assertEquals(WhisperEncoder.Mode.FAST, EmotionPredictor.modeOf(identity(Map.of("mode", "fast", "precision", "int8"))));
    }

    /** End to end: the model folder alone says int8, and the predictor's encoder runs in int8. */
    @Test
    void aModelTrainedOnInt8FeaturesOpensItsEncoderInInt8(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        org.layeranchor.testing.TinyEmotionModel tiny = org.layeranchor.testing.TinyEmotionModel.create(tmp,
                WhisperEncoder.Mode.FAST, 1, org.layeranchor.training.TrainingConfig.Head.LINEAR, Precision.INT8);
        try (EmotionPredictor p = EmotionPredictor.open(tiny.model(), tiny.encoder(), EmotionPredictor.Options.defaults())) {
            assertEquals("int8", p.encoderInfo().settings().get(WhisperEncoder.PRECISION_SETTING));
            assertEquals("fast", p.encoderInfo().settings().get("mode"));
        }
        // The same encoder opened in float32 is another encoder for this model: refused, naming the precision.
        try (org.layeranchor.encoder.SpeechEncoder fp32 = org.layeranchor.encoder.Encoders.open(tiny.encoder(),
                new org.layeranchor.encoder.Encoders.Settings(WhisperEncoder.Mode.FAST, 1))) {
            org.layeranchor.encoder.EncoderException e = assertThrows(org.layeranchor.encoder.EncoderException.class,
                    () -> EmotionPredictor.of(org.layeranchor.training.TrainedModel.load(tiny.model()), fp32,
                            EmotionPredictor.Options.defaults()));
            assertTrue(e.getMessage().contains("precision"), e.getMessage());
        }
    }

    /**
     * End to end: a model trained on features pooled over speech pools what it predicts over speech —
     * exactly the model's output on the statistics of the speech frames, not of the whole clip.
     */
    @Test
    void aModelTrainedOnSpeechPooledFeaturesPoolsItsInputOverSpeech(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        org.layeranchor.testing.TinyEmotionModel tiny = org.layeranchor.testing.TinyEmotionModel.create(tmp,
                WhisperEncoder.Mode.FAST, 1, org.layeranchor.training.TrainingConfig.Head.LINEAR, Precision.FP32,
                Pooling.SPEECH);
        float[] tone = org.layeranchor.testing.TestWav.tone(org.layeranchor.testing.TinyEmotionModel.pitchOf("mid"), 16_000,
                1.0, 0.3);
        float[] x = new float[(int) (2.4 * 16_000)];
        System.arraycopy(tone, 0, x, (int) (0.6 * 16_000), tone.length); // 0.6 s of silence, the tone, 0.8 s of silence
        org.layeranchor.audio.Audio a = new org.layeranchor.audio.Audio(x, 16_000, "mid.wav");
        org.layeranchor.training.TrainedModel model = org.layeranchor.training.TrainedModel.load(tiny.model());
        double[] overSpeech;
        double[] overWhole;
        try (org.layeranchor.encoder.SpeechEncoder enc = org.layeranchor.encoder.Encoders.open(tiny.encoder(),
                new org.layeranchor.encoder.Encoders.Settings(WhisperEncoder.Mode.FAST, 1))) {
            org.layeranchor.encoder.HiddenStates hs = enc.encode(a);
            overSpeech = model.predictProba(features(Pooling.SPEECH.pool(hs, a)))[0];
            overWhole = model.predictProba(features(Pooling.WHOLE.pool(hs, a)))[0];
        }
        try (EmotionPredictor p = EmotionPredictor.open(tiny.model(), tiny.encoder(), EmotionPredictor.Options.defaults())) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(overSpeech, p.predict(a).probabilities(), 0.0);
        }
        assertTrue(!java.util.Arrays.equals(overSpeech, overWhole), "the silence changes the whole clip's statistics");
        assertEquals(Pooling.SPEECH, EmotionPredictor.poolingOf(model.description().encoder()));
    }

    private static org.layeranchor.features.FeatureSet features(float[][][] pooled) {
        float[][][] mean = new float[pooled.length][1][];
        float[][][] std = new float[pooled.length][1][];
        for (int l = 0; l < pooled.length; l++) {
            mean[l][0] = pooled[l][0];
            std[l][0] = pooled[l][1];
        }
        org.layeranchor.corpus.Utterance u = new org.layeranchor.corpus.Utterance("c", java.nio.file.Path.of("."), "a.wav",
                "", "", "", "", "", 2.4, Map.of(), 2);
        return new org.layeranchor.features.FeatureSet(java.util.List.of(u), mean, std);
    }

    @Test
    void modelsThatNameNoPoolingPoolEveryFrameAndAnUnknownOneIsNamed() {
        assertEquals(Pooling.WHOLE, EmotionPredictor.poolingOf(identity(Map.of("mode", "faithful"))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmotionPredictor.poolingOf(identity(Map.of("pooling", "vowels"))));
        assertEquals("the model's encoder identity names an unknown pooling 'vowels' (expected whole or speech)",
                e.getMessage());
    }

    @Test
    void modelsThatNameNoPrecisionAreFloat32() {
        assertEquals(Precision.FP32, EmotionPredictor.precisionOf(identity(Map.of("mode", "faithful"))));
    }

    @Test
    void anUnknownPrecisionIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmotionPredictor.precisionOf(identity(Map.of("precision", "fp4"))));
        assertTrue(e.getMessage().contains("unknown precision 'fp4'"), e.getMessage());
    }
}
