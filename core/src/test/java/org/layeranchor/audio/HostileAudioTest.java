package org.layeranchor.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.layeranchor.testing.TestFlac;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.ThreadAllocation;

/**
 * The hostile inputs of issue 20, each reproduced byte for byte: every one is now refused in one
 * line naming the source, cheaply, before any memory is spent on what the header claims.
 */
class HostileAudioTest {
    private static final long ONE_MB = 1 << 20;

    /** A mono 16-bit WAV of {@code samples} zeros whose fmt chunk declares {@code rate}. */
    static byte[] wavAtRate(int rate, int samples) {
        byte[] b = TestWav.wav(TestWav.PCM, 16, 16_000, false, new float[samples]);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(24, rate);         // sample rate
        buf.putInt(28, rate * 2);     // byte rate (not read, kept consistent)
        return b;
    }

    private static AudioException refused(byte[] bytes, String name, AudioLimits limits, long maxBytes) {
        ThreadAllocation.Result r = ThreadAllocation.measure(() -> AudioReader.read(bytes, name, limits));
        AudioException e = assertInstanceOf(AudioException.class, r.thrown(), "expected a refusal, got " + r.thrown());
        assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
        assertTrue(r.bytes() < maxBytes, name + " allocated " + r.bytes() + " bytes while being refused");
        assertTrue(r.seconds() < 5, name + " took " + r.seconds() + " s to refuse");
        return e;
    }

    @Test
    void aWavDeclaringTwoBillionHertzIsRefusedFromItsHeader() {
        byte[] b = wavAtRate(Integer.MAX_VALUE, 1);
        assertEquals(46, b.length);
        AudioException e = refused(b, "max-rate.wav", AudioLimits.batch(), ONE_MB);
        assertEquals(AudioException.Kind.UNSUPPORTED, e.kind());
        assertTrue(e.problem().contains("2,147,483,647 Hz") && e.problem().contains("1,000 to 192,000 Hz"), e.problem());
    }

    @Test
    void aWavAtAMegahertzRateCoprimeWithTheTargetIsRefusedWithoutDesigningAFilter() {
        long cacheBefore = Resampler.cachedBytes();
        AudioException e = refused(wavAtRate(1_000_003, 2000), "coprime.wav", AudioLimits.batch(), ONE_MB);
        assertEquals(AudioException.Kind.UNSUPPORTED, e.kind());
        assertEquals(cacheBefore, Resampler.cachedBytes(), "no design may be made for a refused rate");
    }

    @Test
    void aFlacDeclaringAnOutOfRangeRateAndMillionsOfSamplesAllocatesNothingForThem() {
        // 655,350 Hz and 196 M samples (299 s): refused for its rate before a sample is decoded.
        byte[] flac = TestFlac.constant(655_350, 196_000_000L, TestFlac.MAX_BLOCK, 2600, TestFlac.MAX_BLOCK, (short) 0);
        assertTrue(flac.length < 60_000, "the hostile file is small: " + flac.length);
        assertEquals(AudioException.Kind.UNSUPPORTED, refused(flac, "huge-rate.flac", AudioLimits.batch(), ONE_MB).kind());
    }

    @Test
    void aFlacDeclaringMoreSamplesThanTheBudgetIsRefusedFromItsHeader() {
        byte[] hours = TestFlac.constant(48_000, 196_000_000L, TestFlac.MAX_BLOCK, 3, TestFlac.MAX_BLOCK, (short) 0);
        AudioException e = refused(hours, "hours.flac", AudioLimits.batch(), ONE_MB);
        assertEquals(AudioException.Kind.TOO_LONG, e.kind());
        assertTrue(e.problem().contains("196,000,000 samples (4083.3 s at 48,000 Hz)"), e.problem());

        byte[] twoPow31 = TestFlac.constant(48_000, 1L << 31, TestFlac.MAX_BLOCK, 3, TestFlac.MAX_BLOCK, (short) 0);
        assertEquals(AudioException.Kind.TOO_LONG, refused(twoPow31, "2^31.flac", AudioLimits.batch(), ONE_MB).kind());
        // The service's budget applies from the header too.
        byte[] tenMinutes = TestFlac.constant(48_000, 600L * 48_000, TestFlac.MAX_BLOCK, 3, TestFlac.MAX_BLOCK, (short) 0);
        assertEquals(AudioException.Kind.TOO_LONG,
                refused(tenMinutes, "10min.flac", AudioLimits.ofSeconds(300), ONE_MB).kind());
    }

    @Test
    void oneHertzWavsAreRefusedRatherThanOverflowingTheOutputLength() {
        // 134,218 samples at 1 Hz once gave "error: -2147479296"; 268,436 samples wrapped to a 0.54-s clip.
        for (int samples : new int[] {134_218, 268_436}) {
            AudioException e = refused(wavAtRate(1, samples), "one-hertz.wav", AudioLimits.batch(), 4 * ONE_MB);
            assertEquals(AudioException.Kind.UNSUPPORTED, e.kind());
            assertTrue(e.problem().contains("declares 1 Hz"), e.problem());
        }
    }

    @Test
    void theResamplersOutputLengthIsLongArithmeticAndRefusedPastAnArray() {
        Resampler up = Resampler.between(1_000, 16_000);
        assertEquals(16 * 134_218, up.outputLength(134_218));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> up.outputLength(AudioLimits.MAX_ARRAY_LENGTH));
        assertTrue(e.getMessage().contains("more than an array holds"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Resampler.between(1, 16_000), "a factor over 48 is refused");
    }

    @Test
    void aOneSampleClipDecodesButIsTooShortToPredict() throws AudioException {
        Audio one = AudioReader.read(TestWav.wav(TestWav.PCM, 16, 16_000, false, new float[] {0.5f}), "one.wav");
        AudioTooShortException e = assertThrows(AudioTooShortException.class, () -> AudioLimits.requirePredictableLength(one));
        assertEquals(AudioException.Kind.TOO_SHORT, e.kind());
        assertEquals("one.wav: too short to predict: 0.000 s of audio, at least 0.1 s are needed", e.getMessage());
        AudioLimits.requirePredictableLength(new Audio(new float[1600], 16_000, "enough.wav"));
        assertThrows(AudioTooShortException.class,
                () -> AudioLimits.requirePredictableLength(new Audio(new float[1599], 16_000, "short.wav")));
    }
}
