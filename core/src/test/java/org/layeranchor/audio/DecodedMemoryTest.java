package org.layeranchor.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.layeranchor.testing.TestFlac;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.ThreadAllocation;

/**
 * Issue 25 row 3: decoded audio counts against the decode budget as memory, not only as seconds.
 * Audio read for prediction is converted to 16 kHz as it is decoded, so 299 s of compressed silence at
 * 192 kHz (within every limit) is held as 299 s at 16 kHz, and the conversion gives exactly what
 * resampling the whole decoded signal gives.
 */
class DecodedMemoryTest {
    private static final AudioLimits SERVICE = AudioLimits.ofSeconds(300);

    @Test
    void threeHundredSecondsOfCompressedSilenceAt192kHzCostsWhatItsSixteenKilohertzSamplesDo() throws AudioException {
        int frames = 299 * 192_000 / TestFlac.MAX_BLOCK;
        long total = (long) frames * TestFlac.MAX_BLOCK;
        byte[] silence = TestFlac.constant(192_000, total, TestFlac.MAX_BLOCK, frames, TestFlac.MAX_BLOCK, (short) 0);
        assertTrue(silence.length < 200_000, "a small file: " + silence.length);
        AudioReader.read(TestFlac.constant(192_000, 0, 4096, 2, 4096, (short) 0), "warm-up.flac", SERVICE)
                .samples(); // class loading and the filter design are not what is measured
        float[][] kept = new float[1][];
        ThreadAllocation.Result r = ThreadAllocation.measure(
                () -> kept[0] = AudioReader.read(silence, "silence-192k.flac", SERVICE).samples());
        assertNull(r.thrown());
        long atTarget = 4L * kept[0].length;
        assertEquals(total / 12, kept[0].length, 1.0, "299 s at 16 kHz");
        // Decoding at 192 kHz first allocated 4 B × 57.4 M samples (230 MB) with its growth copies on top.
        long atSource = 4L * total;
        assertTrue(r.bytes() < 4 * atTarget + (8 << 20), "allocated " + r.bytes() + " bytes for " + atTarget
                + " bytes of 16-kHz samples");
        assertTrue(r.bytes() < atSource / 2, "allocated " + r.bytes() + " bytes; the samples at 192 kHz are " + atSource);
    }

    @Test
    void convertingWhileDecodingGivesExactlyWhatResamplingTheWholeSignalGives() throws AudioException {
        for (int rate : new int[] {8_000, 11_025, 44_100, 48_000, 96_000, 192_000, 191_999}) {
            float[] tone = TestWav.tone(440, rate, 2.3, 0.4);
            byte[] wav = TestWav.wav(TestWav.PCM, 16, rate, false, tone);
            float[] whole = Resampler.toRate(AudioReader.decode(wav, "w.wav"), Audio.TARGET_RATE).samples();
            float[] streamed = AudioReader.read(wav, "w.wav").samples();
            assertArrayEquals(whole, streamed, rate + " Hz");
        }
        // A FLAC in frames of odd sizes, whose last frame runs past the declared total.
        byte[] flac = TestFlac.constant(44_100, 100_000, 4099, 25, 4099, (short) 1234);
        assertArrayEquals(Resampler.toRate(AudioReader.decode(flac, "f.flac"), Audio.TARGET_RATE).samples(),
                AudioReader.read(flac, "f.flac").samples());
    }
}
