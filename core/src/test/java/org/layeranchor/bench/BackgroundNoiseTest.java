package org.layeranchor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.layeranchor.audio.Audio;

class BackgroundNoiseTest {
    private static List<ConcatenatedRecordings.Recording> recordings(double pauseNoiseDb) {
        List<ConcatenatedRecordings.Clip> clips = new ArrayList<>();
        Random r = new Random(1);
        for (int i = 0; i < 4; i++) {
            float[] x = new float[16_000 + 4000 * i];
            for (int k = 0; k < x.length; k++) {
                x[k] = (float) (0.1 * r.nextGaussian());   // -20 dBFS "utterances"
            }
            clips.add(new ConcatenatedRecordings.Clip(new Audio(x, 16_000, "u" + i), i % 2 == 0 ? "sad" : "angry"));
        }
        return ConcatenatedRecordings.build(clips, 1, 0.3, 1.5, pauseNoiseDb, 7);
    }

    @Test
    void theNoiseIsAtTheAskedRatioToTheUtterancesAndCoversThePausesToo() {
        ConcatenatedRecordings.Recording clean = recordings(Double.NEGATIVE_INFINITY).get(0);
        for (BackgroundNoise.Colour colour : BackgroundNoise.Colour.values()) {
            ConcatenatedRecordings.Recording noisy = BackgroundNoise.add(clean, 10, colour, 3);
            float[] a = clean.audio().samples();
            float[] b = noisy.audio().samples();
            double noisePower = 0;
            for (int i = 0; i < a.length; i++) {
                noisePower += (b[i] - a[i]) * (double) (b[i] - a[i]);
            }
            noisePower /= a.length;
            double snr = 10 * Math.log10(BackgroundNoise.utterancePower(clean) / noisePower);
            assertEquals(10.0, snr, 0.05, colour.toString());
            // The first pause was digital silence; now it is noise.
            assertTrue(b[10] != 0 && a[10] == 0, colour + ": pause sample " + b[10]);
            assertEquals(clean.truth(), noisy.truth());
        }
    }

    @Test
    void pinkNoiseHasMoreOfItsPowerAtLowFrequenciesThanWhite() {
        ConcatenatedRecordings.Recording clean = recordings(Double.NEGATIVE_INFINITY).get(0);
        double[] lowShare = new double[2];
        for (BackgroundNoise.Colour colour : BackgroundNoise.Colour.values()) {
            float[] a = clean.audio().samples();
            float[] b = BackgroundNoise.add(clean, 0, colour, 3).audio().samples();
            // Power of the first difference against power: a high-pass ratio, 2 for white noise, small for pink.
            double power = 0;
            double diff = 0;
            for (int i = 1; i < a.length; i++) {
                double n = b[i] - a[i];
                double m = b[i - 1] - a[i - 1];
                power += n * n;
                diff += (n - m) * (n - m);
            }
            lowShare[colour.ordinal()] = diff / power;
        }
        assertEquals(2.0, lowShare[BackgroundNoise.Colour.WHITE.ordinal()], 0.05);
        assertTrue(lowShare[BackgroundNoise.Colour.PINK.ordinal()] < 1.0, "pink high-pass ratio " + lowShare[1]);
    }

    @Test
    void thePauseNoiseLevelIsTheOneAskedFor() {
        ConcatenatedRecordings.Recording r = recordings(-40).get(0);
        float[] x = r.audio().samples();
        int pauseEnd = (int) Math.round(r.truth().get(0).startSeconds() * 16_000);
        double sum = 0;
        for (int i = 0; i < pauseEnd; i++) {
            sum += x[i] * (double) x[i];
        }
        assertEquals(-40.0, 10 * Math.log10(sum / pauseEnd), 0.5);
    }

    @Test
    void eachUtteranceIsHeardAsItSoundsInTheRecording() {
        ConcatenatedRecordings.Recording clean = recordings(-60).get(0);
        // Without added noise, exactly the clip ...
        for (int i = 0; i < clean.clips().size(); i++) {
            assertEquals(java.util.Arrays.toString(clean.clips().get(i).audio().samples()),
                    java.util.Arrays.toString(clean.utterance(i).samples()));
        }
        // ... with it, the clip plus the noise at its place.
        ConcatenatedRecordings.Recording noisy = BackgroundNoise.add(clean, 5, BackgroundNoise.Colour.WHITE, 1);
        int start = (int) Math.round(noisy.truth().get(1).startSeconds() * 16_000);
        assertEquals(noisy.audio().samples()[start + 5], noisy.utterance(1).samples()[5]);
        assertTrue(noisy.utterance(1).samples()[5] != clean.utterance(1).samples()[5]);
    }

    @Test
    void refusesNonsense() {
        assertEquals("unknown noise colour 'brown' (choose white or pink)",
                assertThrows(IllegalArgumentException.class, () -> BackgroundNoise.Colour.parse("brown")).getMessage());
        assertEquals("the pause noise must be at most 0 dBFS, got 3.0",
                assertThrows(IllegalArgumentException.class, () -> recordings(3)).getMessage());
    }
}
