package org.layeranchor.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Silero's rules from probabilities to speech, on made-up probabilities (512-sample chunks, 16 kHz). */
class SileroSpeechTimestampsTest {
    private static final int CHUNK = 512;
    private static final int RATE = 16_000;
    private static final SileroSpeechTimestamps.Settings DEFAULTS = SileroSpeechTimestamps.Settings.defaults();
    private static final int PAD = 480;   // 30 ms

    @Test
    void speechStartsAtTheThresholdAndIsPaddedBy30Ms() {
        float[] p = probabilities(40, 10, 30, 0.9f);   // chunks 10..29 are speech
        List<SampleRange> s = SileroSpeechTimestamps.speech(p, CHUNK, 40 * CHUNK, RATE, DEFAULTS);
        assertEquals(List.of(new SampleRange(10 * CHUNK - PAD, 30 * CHUNK + PAD)), s);
    }

    @Test
    void betweenTheTwoThresholdsSpeechContinues() {
        float[] p = probabilities(60, 10, 30, 0.9f);
        for (int i = 30; i < 45; i++) {
            p[i] = 0.4f;   // under 0.5, over 0.35: hysteresis keeps it speech
        }
        List<SampleRange> s = SileroSpeechTimestamps.speech(p, CHUNK, 60 * CHUNK, RATE, DEFAULTS);
        assertEquals(List.of(new SampleRange(10 * CHUNK - PAD, 45 * CHUNK + PAD)), s);
    }

    @Test
    void dipsShorterThanTheMinimumSilenceAreBridgedLongerOnesSplit() {
        // 100 ms is 3.125 chunks: a 3-chunk dip (96 ms) is bridged, a 5-chunk dip (160 ms) ends the speech.
        float[] p = probabilities(100, 10, 90, 0.9f);
        for (int i = 30; i < 33; i++) {
            p[i] = 0.1f;
        }
        for (int i = 60; i < 65; i++) {
            p[i] = 0.1f;
        }
        List<SampleRange> s = SileroSpeechTimestamps.speech(p, CHUNK, 100 * CHUNK, RATE, DEFAULTS);
        assertEquals(List.of(new SampleRange(10 * CHUNK - PAD, 60 * CHUNK + PAD),
                new SampleRange(65 * CHUNK - PAD, 90 * CHUNK + PAD)), s);
    }

    @Test
    void speechNoLongerThanTheMinimumIsDropped() {
        // 250 ms is 7.8 chunks: 7 chunks (224 ms) are dropped, 8 (256 ms) kept.
        float[] p = probabilities(60, 10, 17, 0.9f);
        for (int i = 40; i < 48; i++) {
            p[i] = 0.9f;
        }
        List<SampleRange> s = SileroSpeechTimestamps.speech(p, CHUNK, 60 * CHUNK, RATE, DEFAULTS);
        assertEquals(List.of(new SampleRange(40 * CHUNK - PAD, 48 * CHUNK + PAD)), s);
    }

    @Test
    void aPauseEndsSpeechOnlyOnceAChunkAtLeastTheMinimumSilenceAfterItsStartIsStillQuiet() {
        // As in the reference, the pause is judged at its quiet chunks: 4 quiet chunks (the 4th starts
        // 96 ms after the first) are bridged, 5 (the 5th starts 128 ms after) end the speech. Each side
        // then gets a 30-ms pad; speech still on at the end runs to the last sample, not past it.
        float[] p = probabilities(60, 0, 20, 0.9f);
        for (int i = 24; i < 30; i++) {
            p[i] = 0.9f;           // 4 quiet chunks (20..23): bridged
        }
        for (int i = 35; i < 60; i++) {
            p[i] = 0.9f;           // 5 quiet chunks (30..34): a pause
        }
        int length = 60 * CHUNK - 100;
        List<SampleRange> s = SileroSpeechTimestamps.speech(p, CHUNK, length, RATE, DEFAULTS);
        assertEquals(List.of(new SampleRange(0, 30 * CHUNK + PAD), new SampleRange(35 * CHUNK - PAD, length)), s);
    }

    @Test
    void aPauseShorterThanTwoPadsIsSharedHalfAndHalf() {
        // Only reachable with a minimum silence under two pads: here 0 s of silence and 100-ms pads.
        SileroSpeechTimestamps.Settings s = new SileroSpeechTimestamps.Settings(0.5, 0.35, 0.25, 0.0, 0.1);
        float[] p = probabilities(60, 10, 30, 0.9f);
        for (int i = 33; i < 50; i++) {
            p[i] = 0.9f;           // a 3-chunk (96-ms) pause, under two 100-ms pads
        }
        List<SampleRange> out = SileroSpeechTimestamps.speech(p, CHUNK, 60 * CHUNK, RATE, s);
        int half = 3 * CHUNK / 2;
        assertEquals(List.of(new SampleRange(10 * CHUNK - 1600, 30 * CHUNK + half),
                new SampleRange(33 * CHUNK - half, 50 * CHUNK + 1600)), out);
    }

    @Test
    void refusesANegativeThresholdAboveTheThreshold() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SileroSpeechTimestamps.Settings(0.5, 0.6, 0.25, 0.1, 0.03));
        assertEquals(true, e.getMessage().startsWith("invalid Silero VAD settings"), e.getMessage());
    }

    private static float[] probabilities(int chunks, int speechFrom, int speechTo, float speech) {
        float[] p = new float[chunks];
        for (int i = 0; i < chunks; i++) {
            p[i] = i >= speechFrom && i < speechTo ? speech : 0.02f;
        }
        return p;
    }
}
