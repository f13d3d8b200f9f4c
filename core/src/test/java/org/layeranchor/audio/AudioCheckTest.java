package org.layeranchor.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layeranchor.testing.TestWav;

class AudioCheckTest {
    private static List<AudioWarning.Kind> kinds(AudioReport r) {
        return r.warnings().stream().map(AudioWarning::kind).toList();
    }

    @Test
    void levelsMeetTheirDefinition() {
        // Sine of amplitude 0.5 over whole periods: peak 20log10(0.5), RMS 20log10(0.5/sqrt 2).
        AudioReport r = AudioCheck.check(new Audio(TestWav.tone(1000, 16_000, 1.0, 0.5), 16_000, "tone"));
        assertEquals(20 * Math.log10(0.5), r.peakDbfs(), 1e-6);
        assertEquals(20 * Math.log10(0.5 / Math.sqrt(2)), r.rmsDbfs(), 1e-4);
        assertEquals(1.0, r.durationS(), 0);
        assertTrue(r.ok(), r.warnings().toString());
    }

    @Test
    void veryShortClipsAreReportedNotRejected() throws AudioException {
        byte[] wav = TestWav.wav(TestWav.PCM, 16, 16_000, false, TestWav.tone(440, 16_000, 0.05, 0.5));
        AudioReport r = AudioCheck.check(AudioReader.read(wav, "blip.wav"));
        assertEquals(List.of(AudioWarning.Kind.SHORT), kinds(r));
        assertEquals("very short: 0.050 s (under 0.1 s)", r.warnings().get(0).message());
    }

    @Test
    void silenceIsReported() throws AudioException {
        byte[] zeros = TestWav.wav(TestWav.PCM, 16, 16_000, false, new float[16_000]);
        AudioReport r = AudioCheck.check(AudioReader.read(zeros, "zeros.wav"));
        assertEquals(List.of(AudioWarning.Kind.SILENT), kinds(r));
        assertEquals("silent: every sample is zero", r.warnings().get(0).message());

        AudioReport hiss = AudioCheck.check(new Audio(TestWav.tone(200, 16_000, 0.5, 0.0003), 16_000, "hiss"));
        assertEquals(List.of(AudioWarning.Kind.SILENT), kinds(hiss)); // peak -70.5 dBFS
    }

    @Test
    void flatTopsAtFullScaleAreClipping() {
        float[] x = TestWav.tone(100, 16_000, 0.5, 2.0);
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.max(-1f, Math.min(1f, x[i]));
        }
        AudioReport r = AudioCheck.check(new Audio(x, 16_000, "hot"));
        assertEquals(List.of(AudioWarning.Kind.CLIPPED), kinds(r));
        assertTrue(r.clippedSamples() > x.length / 2, "clipped " + r.clippedSamples());
    }

    @Test
    void aFullScaleSineThatOnlyTouchesThePeakIsNotClipping() {
        AudioReport r = AudioCheck.check(new Audio(TestWav.tone(1000, 16_000, 0.5, 1.0), 16_000, "loud"));
        assertEquals(0, r.clippedSamples());
        assertTrue(r.ok());
    }
}
