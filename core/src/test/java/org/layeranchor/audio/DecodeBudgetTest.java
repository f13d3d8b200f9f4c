package org.layeranchor.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.layeranchor.testing.TestFlac;
import org.layeranchor.testing.TestMp3;
import org.layeranchor.testing.ThreadAllocation;

/**
 * The decode budget does not trust headers (issue 18): streams whose headers say nothing, or say
 * too little, are stopped once the decoded samples pass the budget, having allocated about the
 * budget and one frame, far less than decoding them whole would.
 */
class DecodeBudgetTest {
    private static final AudioLimits TEN_SECONDS = AudioLimits.ofSeconds(10);

    /**
     * {@code longer} is the same stream going on twice as long: refusing it must cost the same, because
     * decoding stops at the budget, and far less than decoding the stream whole would.
     */
    private static void assertStoppedAtTheBudget(byte[] bytes, byte[] longer, String name, int rate, long wholeSamples) {
        refuse(bytes, name); // once first, so that class loading and static tables are not counted
        ThreadAllocation.Result r = refuse(bytes, name);
        ThreadAllocation.Result twice = refuse(longer, name);
        // The buffer grows to at most the budget (4 bytes a sample, copied once when it doubles); the
        // decoder's tables and per-frame garbage come on top (mp3spi: ~4 MB, then ~1 KB a frame).
        long budgetBytes = 4L * 10 * rate;
        assertTrue(r.bytes() < 4 * budgetBytes + (8 << 20), name + ": refusing allocated " + r.bytes()
                + " bytes; the budget is " + budgetBytes);
        assertTrue(r.bytes() * 10 < 4L * wholeSamples, name + ": refusing allocated " + r.bytes()
                + " bytes, not far below decoding it whole (" + 4L * wholeSamples + ")");
        assertTrue(Math.abs(twice.bytes() - r.bytes()) < r.bytes() / 5, name + ": refusing a stream twice as long "
                + "allocated " + twice.bytes() + " bytes instead of " + r.bytes());
        assertTrue(r.seconds() < 5 && twice.seconds() < 5, name + ": " + r.seconds() + " s, " + twice.seconds() + " s");
    }

    private static ThreadAllocation.Result refuse(byte[] bytes, String name) {
        ThreadAllocation.Result r = ThreadAllocation.measure(() -> AudioReader.decode(bytes, name, TEN_SECONDS));
        AudioException e = assertInstanceOf(AudioException.class, r.thrown(), "expected a refusal, got " + r.thrown());
        assertEquals(AudioException.Kind.TOO_LONG, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith(name + ": too long: decoding passed 10.0 s"), e.getMessage());
        return r;
    }

    @Test
    void aFlacDeclaringZeroSamplesIsStoppedAtTheBudget() {
        // 2,000 constant frames of 65,535 samples: 40 KB that decode to 2,730 s at 48 kHz.
        int frames = 2000;
        byte[] flac = TestFlac.constant(48_000, 0, TestFlac.MAX_BLOCK, frames, TestFlac.MAX_BLOCK, (short) 100);
        assertTrue(flac.length < 50_000, "size " + flac.length);
        byte[] longer = TestFlac.constant(48_000, 0, TestFlac.MAX_BLOCK, 2 * frames, TestFlac.MAX_BLOCK, (short) 100);
        assertStoppedAtTheBudget(flac, longer, "unknown-total.flac", 48_000, (long) frames * TestFlac.MAX_BLOCK);
    }

    @Test
    void aFlacWhoseFramesAreLargerThanItsHeaderSaysIsStoppedAtTheBudget() {
        // STREAMINFO promises blocks of at most 16 samples; every frame holds 65,535.
        byte[] flac = TestFlac.constant(16_000, 0, 16, 1000, TestFlac.MAX_BLOCK, (short) 100);
        byte[] longer = TestFlac.constant(16_000, 0, 16, 2000, TestFlac.MAX_BLOCK, (short) 100);
        assertStoppedAtTheBudget(flac, longer, "lying-blocks.flac", 16_000, 1000L * TestFlac.MAX_BLOCK);
    }

    @Test
    void aVariableBitRateMp3WithoutAFrameCountIsStoppedAtTheBudget() {
        // The first frame says 320 kbit/s, the 20,000 others are 32 kbit/s: a bit-rate estimate would be
        // ten times too short, so none is made (nothing is declared) and the budget holds while decoding.
        int frames = 20_000;
        byte[] mp3 = TestMp3.silentFrames(320, 32, frames);
        assertTrue(DeclaredDuration.of(mp3).isEmpty());
        assertStoppedAtTheBudget(mp3, TestMp3.silentFrames(320, 32, 2 * frames), "vbr.mp3", TestMp3.RATE,
                (long) frames * TestMp3.SAMPLES_PER_FRAME);
    }

    @Test
    void streamsWithinTheBudgetDecodeWhole() throws AudioException {
        byte[] flac = TestFlac.constant(48_000, 0, TestFlac.MAX_BLOCK, 7, TestFlac.MAX_BLOCK, (short) 16384);
        Audio a = AudioReader.decode(flac, "ok.flac", TEN_SECONDS);
        assertEquals(7 * TestFlac.MAX_BLOCK, a.samples().length);
        assertEquals(0.5f, a.samples()[a.samples().length - 1], 0f);

        Audio m = AudioReader.decode(TestMp3.silentFrames(320, 32, 200), "ok.mp3", TEN_SECONDS);
        assertEquals(200 * TestMp3.SAMPLES_PER_FRAME, m.samples().length);
        assertEquals(TestMp3.RATE, m.sampleRate());
    }

    @Test
    void aWavOverTheBudgetIsRefusedBeforeItsSamplesAreConverted() {
        byte[] wav = org.layeranchor.testing.TestWav.wav(org.layeranchor.testing.TestWav.PCM, 16, 8_000, false,
                new float[8_000 * 11]);
        ThreadAllocation.Result r = ThreadAllocation.measure(() -> AudioReader.decode(wav, "long.wav", TEN_SECONDS));
        AudioException e = assertInstanceOf(AudioException.class, r.thrown());
        assertEquals(AudioException.Kind.TOO_LONG, e.kind());
        assertTrue(e.getMessage().contains("88,000 samples (11.0 s at 8,000 Hz)"), e.getMessage());
        assertTrue(r.bytes() < 100_000, "allocated " + r.bytes());
    }
}
