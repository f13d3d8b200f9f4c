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

    /**
     * Frames of zeros take a shortcut (their value computed once); the result is bit for bit the
     * definition's, which transforms every frame. Checked where it shows: a faint clip (peak far below
     * full scale, so the silent bins sit above the 8-decade floor), padded to 30 s as faithful mode
     * does, with a stretch of digital silence inside, and a loud clip whose silent bins the floor clamps.
     */
    @Test
    void framesOfZerosGiveTheDefinitionsValuesBitForBit() {
        WhisperLogMel lm = new WhisperLogMel(80);
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        float[] faint = new float[WhisperLogMel.WINDOW_SAMPLES];
        for (int i = 0; i < 40_000; i++) {
            faint[i] = i >= 12_000 && i < 20_000 ? 0 : (float) (1e-6 * r.nextGaussian());
        }
        float[] loud = new float[48_000];
        System.arraycopy(tone(440, 16_000, 0.5), 0, loud, 0, 16_000);
        for (float[] x : new float[][] {faint, loud}) {
            float[] got = lm.compute(x);
            float[] want = definition(lm, x);
            assertEquals(want.length, got.length);
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], "value " + i);
            }
        }
        float[] mel = lm.compute(faint);
        int frames = WhisperLogMel.frameCount(faint.length);
        assertTrue(mel[frames - 1] > mel[frames / 2 - 1] - 2, "the silent bins sit above the floor here");
    }

    /** The front end as defined (see the class comment of WhisperLogMel), every frame transformed. */
    private static float[] definition(WhisperLogMel lm, float[] x) {
        int n = WhisperLogMel.N_FFT;
        int frames = WhisperLogMel.frameCount(x.length);
        int mels = lm.melBins();
        double[] logMel = new double[mels * frames];
        org.jtransforms.fft.DoubleFFT_1D fft = new org.jtransforms.fft.DoubleFFT_1D(n);
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < frames; t++) {
            double[] buf = new double[n];
            for (int i = 0; i < n; i++) {
                int j = t * WhisperLogMel.HOP - n / 2 + i;
                j = j < 0 ? -j : j >= x.length ? 2 * x.length - 2 - j : j;
                buf[i] = x[j] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
            }
            fft.realForward(buf);
            double[] power = new double[n / 2 + 1];
            power[0] = buf[0] * buf[0];
            power[n / 2] = buf[1] * buf[1];
            for (int k = 1; k < n / 2; k++) {
                power[k] = buf[2 * k] * buf[2 * k] + buf[2 * k + 1] * buf[2 * k + 1];
            }
            for (int m = 0; m < mels; m++) {
                logMel[m * frames + t] = Math.log10(Math.max(1e-10, lm.filters().apply(m, power)));
                max = Math.max(max, logMel[m * frames + t]);
            }
        }
        float[] out = new float[logMel.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((Math.max(logMel[i], max - 8.0) + 4.0) / 4.0);
        }
        return out;
    }

    private static float[] tone(double hz, int rate, double amplitude) {
        float[] x = new float[rate];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }
}
