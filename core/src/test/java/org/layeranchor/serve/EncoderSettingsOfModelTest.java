package org.layeranchor.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layeranchor.encoder.whisper.Precision;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.training.EncoderIdentity;

/** A model opens its encoder with the mode and precision its features were extracted with. */
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
