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
