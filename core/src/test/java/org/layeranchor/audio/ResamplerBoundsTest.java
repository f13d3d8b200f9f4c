package org.layeranchor.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.ThreadAllocation;

/**
 * The resampler's cost is bounded for every accepted rate, including rates coprime with 16 kHz
 * (issue 20: 1,000,003 Hz designed 16,000 phases, 36 s and +513 MB each, cached by count).
 */
class ResamplerBoundsTest {
    private static final int OUT = Audio.TARGET_RATE;

    @Test
    void everyAcceptedRateGetsABoundedDesignWithin63PpmOfTheExactRatio() {
        double worst = 0;
        int worstRate = 0;
        int approximated = 0;
        for (int rate = AudioLimits.MIN_SAMPLE_RATE; rate <= AudioLimits.MAX_SAMPLE_RATE; rate++) {
            ResamplingPlan plan = ResamplingPlan.of(rate, OUT);
            // One stage up to 70,741 Hz (stages would save less than half), stages from 70,742 Hz on.
            assertEquals(rate < 70_742 ? 1 : 2, Math.min(2, plan.stages().size()), rate + " Hz: " + plan.stages());
            for (FilterStage.Spec stage : plan.stages()) {
                assertTrue(stage.coefficients() <= Resampler.MAX_COEFFICIENTS, rate + " Hz: " + stage + " holds "
                        + stage.coefficients() + " coefficients");
            }
            long[] lm = plan.ratio();
            double exact = (double) OUT / rate;
            double error = Math.abs((double) lm[0] / lm[1] - exact) / exact;
            approximated += error > 0 ? 1 : 0;
            if (error > worst) {
                worst = error;
                worstRate = rate;
            }
        }
        assertTrue(worst <= 63e-6, "worst ratio error " + worst + " at " + worstRate + " Hz");
        assertTrue(approximated > 0, "coprime rates need an approximation");
        for (int common : new int[] {8_000, 11_025, 22_050, 24_000, 32_000, 44_100, 48_000, 88_200, 96_000, 176_400, 192_000}) {
            assertEquals(0, Resampler.between(common, OUT).ratioError(), common + " Hz must stay exact");
        }
    }

    @Test
    void aCoprimeRateIsDesignedQuicklyAndStillResamplesAToneToItsFrequency() {
        int rate = 191_999; // coprime with 16,000: an exact design would hold 16,000 phases of ~3,000 taps
        ThreadAllocation.Result design = ThreadAllocation.measure(() -> Resampler.between(rate, OUT));
        assertTrue(design.bytes() < 3L * Resampler.MAX_COEFFICIENTS * 4, "design allocated " + design.bytes());
        assertTrue(design.seconds() < 5, "design took " + design.seconds() + " s");
        Resampler r = Resampler.between(rate, OUT);
        assertTrue(r.ratioError() > 0 && r.ratioError() < 63e-6, "ratio error " + r.ratioError());

        // 1 kHz stays at 1 kHz (within the ratio error) and keeps its level; 12 kHz is removed.
        float[] y = r.process(TestWav.tone(1000, rate, 0.5, 0.5));
        assertEquals(0.5 / Math.sqrt(2), rms(y), 0.01);
        float[] alias = r.process(TestWav.tone(12_000, rate, 0.5, 0.5));
        assertTrue(rms(alias) < 1e-4, "12 kHz leaks at " + rms(alias));
        assertEquals(1000, zeroCrossings(y) / 2.0 / (y.length / 2.0 / OUT), 3);
    }

    @Test
    void theDesignCacheIsBoundedByBytesNotByCount() {
        long designed = 0;
        int designs = 0;
        // Odd rates just under 16 kHz need many phases: designs of up to 4 MiB each.
        for (int rate = 15_001; designed <= 2 * Resampler.MAX_CACHE_BYTES && rate < 16_000; rate += 2) {
            Resampler r = Resampler.between(rate, OUT);
            assertTrue(r.bytes() <= 4L * Resampler.MAX_COEFFICIENTS, rate + " Hz: " + r.bytes() + " bytes");
            designed += r.bytes();
            designs++;
            assertTrue(Resampler.cachedBytes() <= Resampler.MAX_CACHE_BYTES, "cache holds " + Resampler.cachedBytes());
        }
        assertTrue(designed > 2 * Resampler.MAX_CACHE_BYTES, designs + " designs, " + designed + " bytes");
    }

    private static double rms(float[] x) {
        double s = 0;
        int from = x.length / 4;
        int to = 3 * x.length / 4;
        for (int i = from; i < to; i++) {
            s += (double) x[i] * x[i];
        }
        return Math.sqrt(s / (to - from));
    }

    private static int zeroCrossings(float[] x) {
        int n = 0;
        for (int i = x.length / 4 + 1; i < 3 * x.length / 4; i++) {
            n += (x[i - 1] < 0) != (x[i] < 0) ? 1 : 0;
        }
        return n;
    }
}
