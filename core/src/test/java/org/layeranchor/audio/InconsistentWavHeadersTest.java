package org.layeranchor.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.layeranchor.testing.TestWav;

/**
 * Issue 25 row 14 for WAV: headers that contradict each other are refused in one line naming the file,
 * where the last fmt chunk, or float samples ×1e15, used to be decoded silently.
 */
class InconsistentWavHeadersTest {
    private static final float[] TONE = TestWav.tone(440, 16_000, 0.5, 0.3);

    @Test
    void aWavWithTwoFmtChunksIsRefused() {
        byte[] twoFmt = TestWav.riff(TestWav.fmt(TestWav.PCM, 1, 16_000, 16), TestWav.fmt(TestWav.PCM, 1, 8_000, 16),
                TestWav.data(TestWav.encode(TestWav.PCM, 16, TONE)));
        AudioException e = assertThrows(AudioException.class, () -> AudioReader.read(twoFmt, "two-fmt.wav"));
        assertEquals(AudioException.Kind.CORRUPT, e.kind());
        assertEquals("two-fmt.wav: inconsistent WAV header: a second fmt chunk at byte 36", e.getMessage());
    }

    @Test
    void floatSamplesFarOutsideFullScaleAreRefusedNamingTheFirst() {
        float[] scaled = TONE.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 1e15f;
        }
        byte[] wav = TestWav.wav(TestWav.FLOAT, 32, 16_000, false, scaled);
        AudioException e = assertThrows(AudioException.class, () -> AudioReader.read(wav, "x1e15.wav"));
        assertEquals(AudioException.Kind.CORRUPT, e.kind());
        assertTrue(e.problem().startsWith("float WAV sample ") && e.problem().contains("far outside the full scale of ±1"),
                e.problem());
    }

    @Test
    void floatSamplesALittleOverFullScaleStillDecode() throws AudioException {
        float[] hot = new float[8000];
        Arrays.fill(hot, 0, 4000, 1.5f);
        Arrays.fill(hot, 4000, 8000, -(float) WavDecoder.MAX_FLOAT_MAGNITUDE);
        Audio a = AudioReader.decode(TestWav.wav(TestWav.FLOAT, 32, 16_000, false, hot), "hot.wav");
        assertEquals(1.5f, a.samples()[0]);
        assertEquals(-WavDecoder.MAX_FLOAT_MAGNITUDE, a.samples()[7999]);
    }
}
