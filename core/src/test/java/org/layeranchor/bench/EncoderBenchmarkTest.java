package org.layeranchor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EncoderBenchmarkTest {
    private static EncoderBenchmark.Row row(String mode, double clip, double secondsPerClip, double gflops) {
        return new EncoderBenchmark.Row(mode, clip, secondsPerClip, clip / secondsPerClip, gflops * secondsPerClip, gflops);
    }

    @Test
    void headlinesAreRatiosOfThisRunsOwnMeasurements() {
        EncoderBenchmark.Result r = new EncoderBenchmark.Result(400, 2, List.of(
                row("faithful", 3, 0.3, 290), row("faithful", 30, 0.25, 300),
                row("fast", 3, 0.02, 310), row("fast", 30, 0.26, 320)));
        String text = r.headlines();
        assertEquals(String.format("faithful mode, one 30-s window: 0.250 s, 75%% of the roofline%n"
                + "fast mode, 3-s clips: 150x real time%n"), text);
        // No verdict against constants from elsewhere (another program's timing, a target).
        assertFalse(text.contains("whisper.cpp") || text.contains("target") || text.contains("OK"), text);
    }

    /**
     * Whisper base (d 512, 8 heads, 6 blocks, ffn 2048), one 30-s window (3000 log-mel frames, 1500
     * encoder frames), worked by hand: the convolutions 2·3000·512·80·3 + 2·1500·512²·3 = 3,096,576,000;
     * a block 2·1500·512·1536 + 4·1500²·512 + 2·1500·512² + 4·1500·512·2048 = 14,045,184,000. The last
     * block on 150 kept frames: k and v 2·1500·512·1024, q and the output projection 2·150·512² each,
     * scores and context 4·150·1500·512, fc1 and fc2 4·150·512·2048: 2,820,096,000.
     */
    @Test
    void flopCountsFollowTheirDefinition() {
        org.layeranchor.encoder.whisper.WhisperConfig base = new org.layeranchor.encoder.whisper.WhisperConfig(80, 512, 8, 6, 2048, 1500);
        double conv = 3_096_576_000.0;
        double block = 14_045_184_000.0;
        assertEquals(conv + 6 * block, EncoderBenchmark.encoderFlop(base, 3000), 1);
        assertEquals(conv + 5 * block + 2_820_096_000.0, EncoderBenchmark.encoderFlop(base, 3000, 150), 1);
        assertEquals(EncoderBenchmark.encoderFlop(base, 3000), EncoderBenchmark.encoderFlop(base, 3000, 1500), 1,
                "every frame kept: the whole block");
    }

    @Test
    void aMissingConfigurationIsNamed() {
        EncoderBenchmark.Result r = new EncoderBenchmark.Result(400, 2, List.of(row("faithful", 30, 0.25, 300)));
        IllegalStateException e = assertThrows(IllegalStateException.class, r::headlines);
        assertEquals("no fast row for 3.0-s clips", e.getMessage());
    }

    @Test
    void otherPrecisionsAreComparedWithFloat32OfTheSameRun() {
        EncoderBenchmark.Result r = new EncoderBenchmark.Result(400, 2, List.of(
                row("faithful", 30, 0.6, 145), row("fast", 3, 0.02, 310),
                new EncoderBenchmark.Row("int8", "faithful", 30, 0.3, 100, 87, 290)));
        String text = r.headlines();
        assertTrue(text.endsWith(String.format("int8, faithful mode, one 30-s window: 0.300 s, 2.00x float32, "
                + "effective 290 GFLOP/s, 73%% of the float32 roofline%n")), text);
        assertTrue(r.toText().contains("2.00x"), r.toText());
    }
}
