package org.layeranchor.audio;

import java.util.Arrays;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.layeranchor.testing.TestWav;

class ResamplerTest {
    private static final int OUT = Audio.TARGET_RATE;

    /** RMS level in dB of the middle half, away from the filter's start-up and tail. */
    private static double middleLevelDb(float[] x) {
        int from = x.length / 4;
        int to = 3 * x.length / 4;
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) x[i] * x[i];
        }
        return 10 * Math.log10(sum / (to - from));
    }

    @ParameterizedTest(name = "{0} Hz tone at {1} Hz")
    @CsvSource({"10000, 44100", "10000, 48000", "8200, 44100", "12000, 48000", "15000, 44100", "21000, 44100",
            "23000, 48000", "9000, 22050"})
    void tonesAboveTheNewNyquistAreAttenuatedBy80dB(double frequency, int rate) {
        float[] x = TestWav.tone(frequency, rate, 1.0, 0.9);
        float[] y = Resampler.between(rate, OUT).process(x);
        double attenuation = middleLevelDb(x) - middleLevelDb(y);
        assertTrue(attenuation >= 80, frequency + " Hz attenuated by only " + attenuation + " dB");
    }

    @ParameterizedTest(name = "from {0} Hz")
    @ValueSource(ints = {44_100, 48_000, 8_000, 22_050, 11_025, 32_000, 96_000, 16_001})
    void aOneKilohertzToneKeepsItsLevelWithinATenthOfADecibel(int rate) {
        float[] x = TestWav.tone(1000, rate, 1.0, 0.5);
        float[] y = Resampler.between(rate, OUT).process(x);
        assertEquals(middleLevelDb(x), middleLevelDb(y), 0.1);
    }

    @ParameterizedTest(name = "from {0} Hz")
    @ValueSource(ints = {44_100, 48_000, 8_000})
    void theResampledToneIsTheToneSampledAtTheNewRate(int rate) {
        // Output sample n sits at input time n * rate / 16000: no delay, no phase shift.
        double f = rate == 8_000 ? 1000 : 3000;
        float[] y = Resampler.between(rate, OUT).process(TestWav.tone(f, rate, 0.5, 0.5));
        float[] expected = TestWav.tone(f, OUT, 0.5, 0.5);
        assertEquals(expected.length, y.length);
        for (int n = y.length / 4; n < 3 * y.length / 4; n++) {
            assertEquals(expected[n], y[n], 1e-4, "sample " + n);
        }
    }

    @Test
    void passbandIsFlatUpTo90PercentOfTheNewNyquist() {
        float[] x = TestWav.tone(7000, 44_100, 1.0, 0.5);
        float[] y = Resampler.between(44_100, OUT).process(x);
        assertEquals(middleLevelDb(x), middleLevelDb(y), 0.1);
    }

    @Test
    void aConstantStaysExactlyConstant() {
        float[] x = new float[4410];
        Arrays.fill(x, 0.25f);
        float[] y = Resampler.between(44_100, OUT).process(x);
        for (int n = 400; n < y.length - 400; n++) {
            assertEquals(0.25f, y[n], 1e-6f);
        }
    }

    @Test
    void outputLengthIsCeilOfLengthTimesRatio() {
        assertEquals(1600, Resampler.between(44_100, OUT).process(new float[4410]).length);
        assertEquals(1601, Resampler.between(44_100, OUT).process(new float[4411]).length);
        assertEquals(334, Resampler.between(48_000, OUT).process(new float[1000]).length);
        assertEquals(2000, Resampler.between(8_000, OUT).process(new float[1000]).length);
        assertEquals(1, Resampler.between(48_000, OUT).process(new float[1]).length);
        assertEquals(0, Resampler.between(48_000, OUT).process(new float[0]).length);
    }

    @Test
    void audioAlreadyAtTheRateIsReturnedAsIs() {
        Audio a = new Audio(new float[] {1, 2, 3}, OUT, "x");
        assertSame(a, Resampler.toRate(a, OUT));
        Audio b = Resampler.toRate(new Audio(new float[4800], 48_000, "y"), OUT);
        assertEquals(1600, b.samples().length);
        assertEquals("y", b.source());
    }

    @Test
    void besselI0MatchesTabulatedValues() {
        // Abramowitz & Stegun table 9.8 / scipy.special.i0
        assertEquals(1.0, FilterStage.besselI0(0), 0);
        assertEquals(1.2660658777520082, FilterStage.besselI0(1), 1e-15);
        assertEquals(27.239871823604442, FilterStage.besselI0(5), 1e-12);
        assertEquals(2815.716628466254, FilterStage.besselI0(10), 1e-9);
    }

    /** An interrupted thread's conversion stops with a CancellationException; others are unaffected. */
    @Test
    void anInterruptedConversionStops() {
        Resampler r = Resampler.between(192_000, 16_000);
        float[] x = new float[192_000];
        Thread.currentThread().interrupt();
        try {
            org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class, () -> r.process(x));
        } finally {
            Thread.interrupted(); // clear it for the tests after this one
        }
        org.junit.jupiter.api.Assertions.assertEquals(16_000, r.process(x).length);
    }
}
