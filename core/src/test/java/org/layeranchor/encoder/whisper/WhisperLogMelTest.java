package org.layeranchor.encoder.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The log-mel front end against its definition (shared/README.md). */
class WhisperLogMelTest {
    @Test
    void slaneyMelScaleIsLinearBelowOneKilohertzAndLogarithmicAbove() {
        assertEquals(0.0, MelFilterBank.hzToMel(0), 0);
        assertEquals(15.0, MelFilterBank.hzToMel(1000), 1e-12);   // 1000 Hz / (200/3 Hz per mel)
        assertEquals(7.5, MelFilterBank.hzToMel(500), 1e-12);
        assertEquals(15.0 + 27.0, MelFilterBank.hzToMel(6400), 1e-9); // 27 mels per factor 6.4 above 1 kHz
        for (double hz : new double[] {50, 999, 1001, 4000, 8000}) {
            assertEquals(hz, MelFilterBank.melToHz(MelFilterBank.hzToMel(hz)), 1e-9);
        }
    }

    @Test
    void filterbankHasWhisperShapeAndSlaneyAreaNormalisation() {
        for (int mels : new int[] {80, 128}) {
            MelFilterBank fb = new MelFilterBank(mels, 400, 16000);
            assertEquals(mels, fb.melBins());
            assertEquals(201, fb.frequencyBins());
            double melMax = MelFilterBank.hzToMel(8000);
            double binHz = 8000.0 / 200;
            for (int m = 0; m < mels; m++) {
                double lower = MelFilterBank.melToHz(melMax * m / (mels + 1));
                double upper = MelFilterBank.melToHz(melMax * (m + 2) / (mels + 1));
                double area = 0;
                double peak = 0;
                for (int k = 0; k < 201; k++) {
                    assertTrue(fb.weight(m, k) >= 0);
                    area += fb.weight(m, k) * binHz;
                    peak = Math.max(peak, fb.weight(m, k));
                }
                // Slaney normalisation: the triangle's height is 2 / (upper - lower), so its area is 1.
                assertTrue(peak <= 2 / (upper - lower) + 1e-12, "filter " + m);
                if (upper - lower > 8 * binHz) { // wide filters are sampled finely enough to integrate
                    assertEquals(1.0, area, 0.05, "area of filter " + m + " (" + mels + " bins)");
                }
            }
        }
    }

    @Test
    void frameCountIsOnePerHop() {
        assertEquals(3000, WhisperLogMel.frameCount(480_000));
        assertEquals(367, WhisperLogMel.frameCount(58_725));
        WhisperLogMel lm = new WhisperLogMel(80);
        assertEquals(80 * 367, lm.compute(new float[58_725]).length);
    }

    @Test
    void aPureToneLandsInTheMelBinCentredOnItsFrequency() {
        WhisperLogMel lm = new WhisperLogMel(80);
        double melMax = MelFilterBank.hzToMel(8000);
        for (double hz : new double[] {440, 1000, 3000}) {
            float[] x = tone(hz, 16000, 0.5);
            float[] mel = lm.compute(x);
            int frames = WhisperLogMel.frameCount(x.length);
            int t = frames / 2;
            int best = 0;
            for (int m = 1; m < 80; m++) {
                if (mel[m * frames + t] > mel[best * frames + t]) {
                    best = m;
                }
            }
            int nearest = 0;
            for (int m = 1; m < 80; m++) {
                double c = MelFilterBank.melToHz(melMax * (m + 1) / 81);
                double cBest = MelFilterBank.melToHz(melMax * (nearest + 1) / 81);
                if (Math.abs(c - hz) < Math.abs(cBest - hz)) {
                    nearest = m;
                }
            }
            assertTrue(Math.abs(best - nearest) <= 1, hz + " Hz peaked in bin " + best + ", nearest centre " + nearest);
        }
    }

    @Test
    void dynamicRangeIsClampedToEightDecadesBelowThePeakThenScaled() {
        WhisperLogMel lm = new WhisperLogMel(80);
        // A loud tone followed by digital silence: silent bins sit at exactly (max - 8 + 4) / 4.
        float[] x = new float[32_000];
        float[] t = tone(1000, 16000, 0.8);
        System.arraycopy(t, 0, x, 0, 16_000);
        float[] mel = lm.compute(x);
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        for (float v : mel) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        assertEquals(max - 2.0f, min, 1e-5f); // 8 decades of log10 = 2 after dividing by 4
        int frames = WhisperLogMel.frameCount(x.length);
        assertEquals(min, mel[10 * frames + frames - 5], 0f);
        // The scaling (x + 4) / 4: a full-scale tone's peak log10 power is about 4 -> 2.
        assertTrue(max > 1.5 && max < 3, "peak " + max);
    }

    private static float[] tone(double hz, int rate, double amplitude) {
        float[] x = new float[rate];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }
}
