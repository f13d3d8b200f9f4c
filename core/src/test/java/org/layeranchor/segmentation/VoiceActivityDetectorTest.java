package org.layeranchor.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layeranchor.audio.Audio;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.testing.SharedData;

class VoiceActivityDetectorTest {
    private static final VoiceActivityDetector VAD = new VoiceActivityDetector();
    /** Onsets are found to within a frame or two. */
    private static final double ONSET_TOLERANCE = 0.03;

    @Test
    void findsTonesInLowNoiseAtTheirOnsetsAndEndsThemAfterTheHangover() {
        float[] x = Signals.noise(7.0, -60, 1);
        Signals.addTone(x, 1.0, 2.5, 220, 0.3);
        Signals.addTone(x, 4.0, 5.2, 880, 0.1);
        List<SampleRange> speech = VAD.detect(x, Signals.RATE).speech();
        assertEquals(2, speech.size(), speech.toString());
        assertRange(speech.get(0), 1.0, 2.5);
        assertRange(speech.get(1), 4.0, 5.2);
    }

    @Test
    void findsNoiseBurstsToo() {
        // Energy, not pitch: a fricative-like burst of noise 30 dB over the bed counts.
        float[] x = Signals.noise(5.0, -55, 2);
        Signals.addNoise(x, 2.0, 3.0, -25, 3);
        List<SampleRange> speech = VAD.detect(x, Signals.RATE).speech();
        assertEquals(1, speech.size(), speech.toString());
        assertRange(speech.get(0), 2.0, 3.0);
    }

    @Test
    void dropsClicksShorterThanTheMinimumSpeechAndBridgesShortPauses() {
        float[] x = Signals.noise(6.0, -60, 4);
        Signals.addTone(x, 1.0, 1.05, 440, 0.5);        // a 50-ms click: not speech
        Signals.addTone(x, 2.0, 2.8, 440, 0.3);          // 100-ms gap: a stop consonant, not a pause
        Signals.addTone(x, 2.9, 3.6, 440, 0.3);
        Signals.addTone(x, 4.5, 5.3, 440, 0.3);          // after a 0.9-s pause: a new stretch of speech
        List<SampleRange> speech = VAD.detect(x, Signals.RATE).speech();
        assertEquals(2, speech.size(), speech.toString());
        assertRange(speech.get(0), 2.0, 3.6);
        assertRange(speech.get(1), 4.5, 5.3);
    }

    @Test
    void theNoiseFloorAdaptsWhenTheBackgroundGetsLouder() {
        // A fan starts at 3 s (background -60 → -40 dBFS); speech at 12 s is 25 dB over the new background.
        float[] x = Signals.noise(15.0, -60, 5);
        Signals.addNoise(x, 3.0, 15.0, -40, 6);
        Signals.addTone(x, 12.0, 13.0, 300, 0.1);
        List<SampleRange> speech = VAD.detect(x, Signals.RATE).speech();
        // The step itself looks like speech until the floor has risen to it (a few seconds at 3 dB/s) ...
        SampleRange last = speech.get(speech.size() - 1);
        assertRange(last, 12.0, 13.0);
        for (SampleRange s : speech.subList(0, speech.size() - 1)) {
            assertTrue(s.startSeconds(Signals.RATE) >= 3.0 - ONSET_TOLERANCE && s.endSeconds(Signals.RATE) < 9.0,
                    "... and no longer: " + speech);
        }
    }

    @Test
    void digitalSilencePaddingDoesNotMakeFaintHissSpeech() {
        // Without the dynamic-range bound the floor would sit at -120 dB and the -70-dB hiss be "speech".
        float[] x = new float[Signals.samples(6.0)];
        Signals.addNoise(x, 2.0, 4.0, -70, 7);
        Signals.addTone(x, 2.5, 3.5, 200, 0.3);
        List<SampleRange> speech = VAD.detect(x, Signals.RATE).speech();
        assertEquals(1, speech.size(), speech.toString());
        assertRange(speech.get(0), 2.5, 3.5);
    }

    @Test
    void silenceHasNoSpeech() {
        assertEquals(List.of(), VAD.detect(new float[Signals.samples(3.0)], Signals.RATE).speech());
        assertEquals(List.of(), VAD.detect(Signals.noise(3.0, -50, 8), Signals.RATE).speech());
        assertEquals(List.of(), VAD.detect(new float[0], Signals.RATE).speech());
    }

    @Test
    void aRealUtterancePaddedWithSilenceIsSpeechOnlyWhereTheUtteranceIs() throws Exception {
        Path clip = SharedData.corpus("emodb").resolve("audio/03a01Fa.flac");
        Audio a = AudioReader.read(clip);
        double pad = 1.5;
        for (boolean digitalSilence : new boolean[] {true, false}) {
            float[] x = digitalSilence ? new float[a.samples().length + 2 * Signals.samples(pad)]
                    : Signals.noise(a.durationSeconds() + 2 * pad, -70, 9);
            for (int i = 0; i < a.samples().length; i++) {
                x[Signals.samples(pad) + i] += a.samples()[i];
            }
            List<SampleRange> speech = VAD.detect(x, Signals.RATE).speech();
            assertTrue(!speech.isEmpty(), "no speech found in " + clip);
            double covered = 0;
            for (SampleRange s : speech) {
                assertTrue(s.startSeconds(Signals.RATE) >= pad - ONSET_TOLERANCE
                        && s.endSeconds(Signals.RATE) <= pad + a.durationSeconds() + ONSET_TOLERANCE,
                        "speech in the padding: " + seconds(speech));
                covered += s.length() / (double) Signals.RATE;
            }
            // The clip itself has short pauses at its ends and between phrases; most of it is speech.
            assertTrue(covered >= 0.6 * a.durationSeconds(), covered + " s of " + a.durationSeconds() + " s: " + seconds(speech));
        }
    }

    @Test
    void refusesInconsistentSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VoiceActivityDetector.Settings(0.01, 3, 6, 40, -65, 3, 0.1, 0.25, 0.2));
        assertTrue(e.getMessage().startsWith("invalid voice-activity settings"), e.getMessage());
    }

    private static void assertRange(SampleRange r, double start, double end) {
        double hangover = VoiceActivityDetector.Settings.defaults().hangoverSeconds();
        assertEquals(start, r.startSeconds(Signals.RATE), ONSET_TOLERANCE, "onset of " + seconds(List.of(r)));
        assertTrue(r.endSeconds(Signals.RATE) >= end - ONSET_TOLERANCE
                && r.endSeconds(Signals.RATE) <= end + hangover + ONSET_TOLERANCE, "offset of " + seconds(List.of(r)));
    }

    static String seconds(List<SampleRange> ranges) {
        StringBuilder b = new StringBuilder();
        for (SampleRange r : ranges) {
            b.append(String.format(java.util.Locale.ROOT, "[%.3f, %.3f) ", r.startSeconds(Signals.RATE), r.endSeconds(Signals.RATE)));
        }
        return b.toString().trim();
    }
}
