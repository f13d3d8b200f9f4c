package org.layeranchor.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.layeranchor.testing.SharedData;

class VowelDetectorTest {
    private final VowelDetector detector = new VowelDetector();

    private static double fraction(boolean[] mask, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (mask[i]) {
                n++;
            }
        }
        return n / (double) (to - from);
    }

    @Test
    void voicedVowelLikeToneComplexesAreMarked() {
        for (double f0 : new double[] {120, 150, 200}) {
            for (double[][] formants : new double[][][] {SyntheticSpeech.VOWEL_A, SyntheticSpeech.VOWEL_I}) {
                float[] x = SyntheticSpeech.vowel(f0, formants, 1.0, 0.3);
                VowelDetector.Frames frames = detector.analyse(x);
                assertEquals(100, frames.count());
                // Edges: the first and last windows are half zero padding.
                double share = fraction(frames.vowel(), 2, 98);
                assertEquals(1.0, share, 1e-12, "f0 " + f0 + " F1 " + formants[0][0]);
                assertEquals(f0, frames.f0Hz()[50], f0 * 0.02, "pitch at f0 " + f0);
            }
        }
    }

    @Test
    void whiteNoiseIsNotMarked() {
        float[] noise = SyntheticSpeech.whiteNoise(1.0, 0.1, 1);
        VowelDetector.Frames frames = detector.analyse(noise);
        assertEquals(0.0, fraction(frames.vowel(), 0, frames.count()), 0);
        assertTrue(frames.flatness()[50] > 0.4, "white noise is spectrally flat: " + frames.flatness()[50]);
        assertTrue(frames.lowBandRatio()[50] < 0.3, "white noise has little low-band share");
    }

    @Test
    void silenceAndNearSilenceAreNotMarked() {
        assertEquals(0.0, fraction(detector.vowelFrames(SyntheticSpeech.silence(1.0)), 0, 100), 0);
        // A vowel far below the absolute floor (about −75 dBFS) is not a vowel either.
        float[] faint = SyntheticSpeech.vowel(150, SyntheticSpeech.VOWEL_A, 1.0, 0.0003);
        assertEquals(0.0, fraction(detector.vowelFrames(faint), 0, 100), 0);
        assertEquals(0, detector.vowelFrames(new float[0]).length);
    }

    /** 300 ms vowel, 300 ms noise (as loud as the vowel), 300 ms silence, three times. */
    private static float[] alternating() {
        float[] vowel = SyntheticSpeech.vowel(140, SyntheticSpeech.VOWEL_A, 0.3, 0.3);
        float[] noise = SyntheticSpeech.whiteNoise(0.3, SyntheticSpeech.rms(vowel), 2);
        float[] quiet = SyntheticSpeech.silence(0.3);
        float[] vowel2 = SyntheticSpeech.vowel(190, SyntheticSpeech.VOWEL_I, 0.3, 0.3);
        return SyntheticSpeech.concat(vowel, noise, quiet, vowel2, noise, quiet, vowel, noise, quiet);
    }

    private static boolean truthAt(double seconds) {
        return seconds >= 0 && (int) Math.floor(seconds / 0.3 + 1e-9) % 3 == 0;
    }

    @Test
    void alternatingVowelNoiseSilenceIsMarkedInTheRightPlaces() {
        float[] x = alternating();
        boolean[] mask = detector.vowelFrames(x);
        assertEquals(270, mask.length);
        int agree = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == truthAt(i * 0.010)) {
                agree++;
            }
        }
        double agreement = agree / (double) mask.length;
        assertTrue(agreement >= 0.9, "agreement " + agreement);
        assertTrue(fraction(mask, 5, 25) == 1.0, "inside the first vowel");
        assertTrue(fraction(mask, 35, 85) == 0.0, "inside the first noise and silence");
    }

    /**
     * The decision alone (pitch only on loud frames, the spectrum only on voiced ones) is the full
     * analysis's decision, frame for frame: on synthetic vowels, noise, silence and faint speech, and on
     * real clips of every corpus in ../shared.
     */
    @Test
    void theDecisionAloneIsTheFullAnalysesDecision() throws Exception {
        List<float[]> signals = new ArrayList<>(List.of(alternating(), SyntheticSpeech.whiteNoise(1.0, 0.1, 1),
                SyntheticSpeech.silence(0.5), SyntheticSpeech.vowel(150, SyntheticSpeech.VOWEL_A, 1.0, 0.0003),
                SyntheticSpeech.concat(SyntheticSpeech.vowel(150, SyntheticSpeech.VOWEL_I, 0.4, 0.02),
                        SyntheticSpeech.vowel(220, SyntheticSpeech.VOWEL_A, 0.4, 0.5)), new float[0]));
        int real = 0;
        for (String corpus : List.of("emodb", "emovo", "ravdess", "urdu")) {
            try (Stream<Path> files = Files.list(SharedData.corpus(corpus).resolve("audio"))) {
                for (Path f : files.sorted().limit(6).toList()) {
                    signals.add(AudioReader.read(f).samples());
                    real++;
                }
            }
        }
        assertEquals(24, real);
        int marked = 0;
        for (float[] x : signals) {
            boolean[] full = detector.analyse(x).vowel();
            assertArrayEquals(full, detector.vowelFrames(x));
            marked += (int) IntStream.range(0, full.length).filter(i -> full[i]).count();
        }
        assertTrue(marked > 1000, "vowel frames compared: " + marked);
    }

    @Test
    void whisperEncoderMaskAgreesWithTheTruthOn20msFrames() {
        float[] x = alternating();
        int encoderFrames = (x.length + 319) / 320; // Whisper: ceil(samples / 320)
        boolean[] mask = detector.encoderMask(x, 50.0, encoderFrames);
        assertEquals(encoderFrames, mask.length);
        int agree = 0;
        for (int j = 0; j < encoderFrames; j++) {
            if (mask[j] == truthAt(j * 0.020)) {
                agree++;
            }
        }
        assertTrue(agree / (double) encoderFrames >= 0.9, "agreement " + agree + "/" + encoderFrames);
    }

    @Test
    void detectorFramesMapOntoEncoderFramesByCentre() {
        // Detector frames at 0, 10, 20, ... ms; Whisper frame j spans [20j − 10, 20j + 10) ms.
        boolean[] d = {true, true, false, true, true, false, false, false};
        // frame 0: {0}; frame 1: {10, 20} = {T, F}: half → vowel; frame 2: {30, 40}; frame 3: {50, 60}
        assertArrayEquals(new boolean[] {true, true, true, false, false},
                VowelDetector.toEncoderFrames(d, 0.010, 50, 5, 0.0));
        // With a 12.5 ms centre offset (wav2vec 2.0 family), frame 0 spans [2.5, 22.5) ms: {10, 20}.
        assertArrayEquals(new boolean[] {true, true, false},
                VowelDetector.toEncoderFrames(d, 0.010, 50, 3, 0.0125));
    }

    @Test
    void coverageCountsMarkedFrames() {
        float[] x = alternating();
        VowelCoverage c = detector.coverage(x);
        assertEquals(270, c.frames());
        assertEquals(1.0 / 3, c.fraction(), 0.05);
        VowelCoverageReport report = new VowelCoverageReport(detector);
        report.add("synthetic", x);
        report.add("synthetic", SyntheticSpeech.silence(0.5));
        assertEquals(2, report.byGroup().get("synthetic").recordings());
        assertTrue(report.toText().contains("synthetic"));
    }

    @Test
    void runsFastEnoughForWholeCorpora() {
        float[] x = SyntheticSpeech.vowel(150, SyntheticSpeech.VOWEL_A, 10.0, 0.3);
        detector.vowelFrames(SyntheticSpeech.vowel(150, SyntheticSpeech.VOWEL_A, 1.0, 0.3)); // warm-up
        long t0 = System.nanoTime();
        detector.vowelFrames(x);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("VowelDetector: 10 s of audio in %.3f s%n", seconds);
        assertTrue(seconds < 2, "took " + seconds);
    }

    /**
     * YIN's difference function, four lags per pass, against its definition summed one lag at a time:
     * the same bits, for windows and lag ranges that are and are not multiples of four, and for a
     * signal too short for the longest lags (those stay 0).
     */
    @Test
    void differencesAreBitForBitTheDefinition() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int[] c : new int[][] {{400, 320, 200}, {400, 321, 203}, {250, 320, 200}, {17, 5, 9}, {4, 3, 0}}) {
            int n = c[0];
            int window = c[1];
            int maxLag = c[2];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = Math.sin(i * 0.07) + 0.3 * r.nextGaussian();
            }
            double[] want = new double[maxLag + 2];
            for (int lag = 1; lag <= maxLag + 1 && lag + window <= n; lag++) {
                double s = 0;
                for (int j = 0; j < window; j++) {
                    double diff = y[j] - y[j + lag];
                    s += diff * diff;
                }
                want[lag] = s;
            }
            double[] got = VowelDetector.differences(y, window, maxLag);
            assertEquals(want.length, got.length);
            for (int lag = 0; lag < want.length; lag++) {
                assertEquals(Double.doubleToLongBits(want[lag]), Double.doubleToLongBits(got[lag]),
                        n + "/" + window + "/" + maxLag + ": lag " + lag);
            }
        }
    }
}
