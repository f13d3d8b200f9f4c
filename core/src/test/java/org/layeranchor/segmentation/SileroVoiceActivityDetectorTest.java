package org.layeranchor.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.audio.Audio;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.testing.SharedData;

/** The Silero wrapper on real speech, silence and noise, its carried state, and its refusal of wrong files. */
class SileroVoiceActivityDetectorTest {
    /** Speech edges are found to within a chunk (32 ms) plus Silero's 30-ms pad, and a little slack. */
    private static final double EDGE_TOLERANCE = 0.1;
    private static SileroVoiceActivityDetector vad;

    @BeforeAll
    static void open() throws IOException {
        vad = SileroVoiceActivityDetector.bundled();
    }

    @AfterAll
    static void close() {
        vad.close();
    }

    @Test
    void aRealUtterancePaddedWithSilenceOrQuietNoiseIsSpeechOnlyWhereTheUtteranceIs() throws Exception {
        Path clip = SharedData.corpus("emodb").resolve("audio/03a01Fa.flac");
        Audio a = AudioReader.read(clip);
        double pad = 1.5;
        for (boolean digitalSilence : new boolean[] {true, false}) {
            float[] x = digitalSilence ? new float[a.samples().length + 2 * Signals.samples(pad)]
                    : Signals.noise(a.durationSeconds() + 2 * pad, -60, 9);
            for (int i = 0; i < a.samples().length; i++) {
                x[Signals.samples(pad) + i] += a.samples()[i];
            }
            List<SampleRange> speech = vad.detect(x, Signals.RATE).speech();
            assertFalse(speech.isEmpty(), "no speech found in " + clip);
            double covered = 0;
            for (SampleRange s : speech) {
                assertTrue(s.startSeconds(Signals.RATE) >= pad - EDGE_TOLERANCE
                        && s.endSeconds(Signals.RATE) <= pad + a.durationSeconds() + EDGE_TOLERANCE,
                        "speech in the padding: " + VoiceActivityDetectorTest.seconds(speech));
                covered += s.length() / (double) Signals.RATE;
            }
            assertTrue(covered >= 0.6 * a.durationSeconds(),
                    covered + " s of " + a.durationSeconds() + " s: " + VoiceActivityDetectorTest.seconds(speech));
        }
    }

    @Test
    void digitalSilenceAndQuietWhiteNoiseHaveNoSpeech() {
        assertEquals(List.of(), vad.detect(new float[Signals.samples(5.0)], Signals.RATE).speech());
        assertEquals(List.of(), vad.detect(Signals.noise(5.0, -60, 8), Signals.RATE).speech());
        assertEquals(List.of(), vad.detect(new float[0], Signals.RATE).speech());
    }

    @Test
    void loudWhiteNoiseIsNotSpeechEither() {
        // What energy alone cannot tell: steady noise as loud as speech (-25 dBFS RMS) is still not speech.
        float[] x = Signals.noise(5.0, -25, 10);
        List<SampleRange> speech = vad.detect(x, Signals.RATE).speech();
        assertEquals(List.of(), speech, VoiceActivityDetectorTest.seconds(speech));
    }

    @Test
    void theStateIsCarriedAcrossChunksSoPiecesGiveTheSameProbabilitiesAsTheWhole() throws Exception {
        float[] x = AudioReader.read(SharedData.corpus("emodb").resolve("audio/03a01Fa.flac")).samples();
        float[] whole = vad.probabilities(x, Signals.RATE);
        assertEquals((x.length + 511) / 512, whole.length);

        try (SileroVadModel model = SileroVadModel.bundled()) {
            // Pieces of random lengths, none a multiple of the chunk: the stream must stitch them.
            SileroVadStream stream = new SileroVadStream(model);
            float[] pieced = new float[0];
            Random r = new Random(3);
            for (int at = 0; at < x.length; ) {
                int to = Math.min(x.length, at + 1 + r.nextInt(1500));
                pieced = concat(pieced, stream.accept(Arrays.copyOfRange(x, at, to)));
                at = to;
            }
            pieced = concat(pieced, stream.finish());
            assertArrayEquals(whole, pieced, 1e-6f);

            // And the state matters: each chunk judged by a fresh stream (no state, no context) differs.
            float[] forgetful = new float[whole.length];
            for (int c = 0; c < whole.length; c++) {
                SileroVadStream fresh = new SileroVadStream(model);
                float[] chunk = Arrays.copyOfRange(x, c * 512, Math.min(x.length, (c + 1) * 512));
                float[] p = concat(fresh.accept(chunk), fresh.finish());
                forgetful[c] = p[0];
            }
            double largest = 0;
            for (int c = 0; c < whole.length; c++) {
                largest = Math.max(largest, Math.abs(whole[c] - forgetful[c]));
            }
            assertTrue(largest > 0.1, "the probabilities did not depend on the carried state (largest difference " + largest + ")");
        }
    }

    @Test
    void aMissingModelFileIsNamedInOneLine(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere.onnx");
        IOException e = assertThrows(IOException.class, () -> SileroVoiceActivityDetector.open(missing));
        assertEquals(missing + ": no such Silero VAD model file", e.getMessage());
    }

    @Test
    void aFileThatIsNotAnOnnxModelIsNamedInOneLine(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("vad.onnx");
        Files.writeString(bad, "this is not a model\n");
        IOException e = assertThrows(IOException.class, () -> SileroVoiceActivityDetector.open(bad));
        assertTrue(e.getMessage().startsWith(bad + ": not an ONNX model ONNX Runtime can load ("), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void anOnnxModelThatIsNotSileroIsNamedInOneLine() throws Exception {
        Path other = Path.of(getClass().getResource("/org/layeranchor/encoder/onnx/hf-wavlm-tiny-opset17.onnx").toURI());
        IOException e = assertThrows(IOException.class, () -> SileroVoiceActivityDetector.open(other));
        assertTrue(e.getMessage().startsWith(other + ": not a Silero VAD v5 model (expected inputs input, state"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void refusesAudioThatIsNot16kHz() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> vad.detect(new float[8000], 8000));
        assertEquals("the Silero voice-activity detector takes 16000-Hz audio, got 8000 Hz", e.getMessage());
    }

    @Test
    void segmentsARealRecordingLikeTheEnergyDetectorDoes() throws Exception {
        // Two utterances with a 1-s pause of quiet noise: two speech segments, one per utterance.
        float[] a = AudioReader.read(SharedData.corpus("emodb").resolve("audio/03a01Fa.flac")).samples();
        float[] b = AudioReader.read(SharedData.corpus("emodb").resolve("audio/03a01Wa.flac")).samples();
        float[] x = Signals.noise((a.length + b.length) / (double) Signals.RATE + 3.0, -60, 11);
        int bStart = a.length + Signals.samples(2.0);
        for (int i = 0; i < a.length; i++) {
            x[Signals.samples(1.0) + i] += a[i];
        }
        for (int i = 0; i < b.length; i++) {
            x[bStart + i] += b[i];
        }
        List<TimelineSpan> spans = new UtteranceSegmenter(vad, UtteranceSegmenter.Settings.defaults()).segment(x, Signals.RATE);
        List<SampleRange> speech = spans.stream().filter(TimelineSpan::speech).map(TimelineSpan::range).toList();
        assertEquals(2, speech.size(), VoiceActivityDetectorTest.seconds(speech));
        assertTrue(speech.get(0).end() < bStart && speech.get(1).start() > Signals.samples(1.0) + a.length,
                "the cut is not in the pause: " + VoiceActivityDetectorTest.seconds(speech));
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
