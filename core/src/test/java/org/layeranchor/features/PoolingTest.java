package org.layeranchor.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.audio.Audio;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.corpus.Corpus;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.encoder.weights.WeightSources;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.testing.SharedData;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyWhisper;

class PoolingTest {
    private static final int RATE = 16_000;

    @TempDir
    static Path modelDir;
    private static WhisperEncoder encoder;

    @BeforeAll
    static void model() throws Exception {
        TinyWhisper.write(modelDir, 11);
        encoder = WhisperEncoder.load(WeightSources.open(modelDir), new WhisperEncoder.Options(WhisperEncoder.Mode.FAST, 1));
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    /** {@code before} s of digital silence, a tone for {@code tone} s, then {@code after} s of silence. */
    private static float[] toneBetweenSilences(double before, double tone, double after) {
        float[] t = TestWav.tone(220, RATE, tone, 0.5);
        float[] x = new float[(int) Math.round((before + tone + after) * RATE)];
        System.arraycopy(t, 0, x, (int) Math.round(before * RATE), t.length);
        return x;
    }

    @Test
    void speechPoolingKeepsTheFramesFromTheFirstToTheLastStretchOfSpeech() {
        Audio a = new Audio(toneBetweenSilences(0.5, 1.0, 0.6), RATE, "tone");
        int[] span = Pooling.speechFrames(a, 105, 50);
        // Frame f covers [f, f + 1) / 50 s: the first whose centre lies after the onset at 0.5 s is 25;
        // the last is at the tone's end (1.5 s, frame 74) plus at most the detector's 0.1-s hangover.
        assertEquals(25, span[0]);
        assertTrue(span[1] >= 75 && span[1] <= 81, Arrays.toString(span));
        assertArrayEquals(new int[] {0, 105}, Pooling.WHOLE.frames(states(105), a));
    }

    @Test
    void pausesInsideTheUtteranceStayIn() {
        float[] first = toneBetweenSilences(0.3, 0.5, 0.5);
        float[] x = Arrays.copyOf(first, first.length + RATE);
        float[] second = TestWav.tone(330, RATE, 0.5, 0.5);
        System.arraycopy(second, 0, x, first.length, second.length); // speech 0.3-0.8 s, pause, speech 1.3-1.8 s
        int[] span = Pooling.speechFrames(new Audio(x, RATE, "two words"), 115, 50);
        assertEquals(15, span[0]);
        assertTrue(span[1] >= 90 && span[1] <= 96, Arrays.toString(span));
    }

    @Test
    void aClipWithoutSpeechIsPooledWhole() {
        Audio silence = new Audio(new float[RATE], RATE, "silence");
        assertArrayEquals(new int[] {0, 50}, Pooling.speechFrames(silence, 50, 50));
        float[] hiss = new float[RATE];
        Random r = new Random(3);
        for (int i = 0; i < hiss.length; i++) {
            hiss[i] = (float) (1e-4 * r.nextGaussian());
        }
        assertArrayEquals(new int[] {0, 50}, Pooling.speechFrames(new Audio(hiss, RATE, "hiss"), 50, 50));
    }

    @Test
    void poolingOverSpeechIsTheStatisticsOfThoseFramesAlone() {
        Audio a = new Audio(toneBetweenSilences(0.5, 1.0, 0.6), RATE, "tone");
        HiddenStates hs = states(105);
        int[] span = Pooling.speechFrames(a, 105, 50);
        float[][][] pooled = Pooling.SPEECH.pool(hs, a);
        for (int l = 0; l < hs.layerCount(); l++) {
            float[][] alone = PooledStatistics.of(Arrays.copyOfRange(hs.layers()[l], span[0], span[1]));
            assertArrayEquals(alone[0], pooled[l][0]);
            assertArrayEquals(alone[1], pooled[l][1]);
            float[][] whole = Pooling.WHOLE.pool(hs, a)[l];
            assertArrayEquals(PooledStatistics.of(hs.layers()[l])[0], whole[0]);
            assertFalse(Arrays.equals(alone[0], whole[0]), "the silent frames moved the mean");
        }
        assertThrows(IllegalArgumentException.class, () -> PooledStatistics.of(hs.layers()[0], 3, 3));
        assertThrows(IllegalArgumentException.class, () -> PooledStatistics.of(hs.layers()[0], 100, 106));
    }

    /** Two layers whose frames differ (so that which frames are pooled shows in the statistics). */
    private static HiddenStates states(int frames) {
        float[][][] layers = new float[2][frames][3];
        for (int l = 0; l < 2; l++) {
            for (int f = 0; f < frames; f++) {
                layers[l][f] = new float[] {f * (l + 1), (float) Math.sin(f), l - f * 0.5f};
            }
        }
        return new HiddenStates(layers, 50);
    }

    @Test
    void theWholePoolingKeepsTheOldKeysAndSpeechHasItsOwn() {
        EncoderInfo info = encoder.info();
        assertSame(info, Pooling.WHOLE.describe(info));
        EncoderInfo speech = Pooling.SPEECH.describe(info);
        assertEquals("speech", speech.settings().get("pooling"));
        assertEquals(Pooling.SPEECH, Pooling.of(speech.identityProperties()));
        assertEquals(Pooling.WHOLE, Pooling.of(info.identityProperties()));
        assertNotEquals(FeatureStore.encoderKey(info), FeatureStore.encoderKey(speech));
        assertTrue(FeatureStore.encoderKey(speech).contains("_pooling-speech"), FeatureStore.encoderKey(speech));
        assertSame(speech, Pooling.SPEECH.describe(speech));
        assertThrows(IllegalArgumentException.class, () -> Pooling.WHOLE.describe(speech));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Pooling.parse("vowels"));
        assertEquals("unknown pooling 'vowels' (expected whole or speech)", bad.getMessage());
        assertEquals(Pooling.SPEECH, Pooling.parse(" Speech "));
    }

    @Test
    void extractionPoolsOverSpeechUnderItsOwnKeyAndKeepsEveryFrame(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("c");
        Files.createDirectories(dir.resolve("audio"));
        TestWav.writeMono16(dir.resolve("audio/u.wav"), RATE, toneBetweenSilences(0.5, 1.0, 0.6));
        List<Utterance> utts = List.of(new Utterance("c", dir, "audio/u.wav", "s", "f", "happy", "xx", "", Double.NaN,
                Map.of(), 2));
        FeatureStore store = FeatureStore.open(tmp.resolve("store"));
        String speechKey = new FeatureExtractor(encoder, store, new FeatureExtractor.Options(true, 1, Pooling.SPEECH))
                .run(utts, FeatureExtractor.Listener.NONE).encoderKey();
        String wholeKey = new FeatureExtractor(encoder, store, new FeatureExtractor.Options(true, 1))
                .run(utts, FeatureExtractor.Listener.NONE).encoderKey();
        assertEquals(FeatureStore.encoderKey(Pooling.SPEECH.describe(encoder.info())), speechKey);
        assertEquals(FeatureStore.encoderKey(encoder.info()), wholeKey);
        assertEquals(List.of(speechKey, wholeKey).stream().sorted().toList(), store.encoderKeys());
        assertEquals("speech", store.readEncoderInfo(speechKey).settings().get("pooling"));

        Audio a = AudioReader.read(dir.resolve("audio/u.wav"));
        HiddenStates hs = encoder.encode(a);
        int[] span = Pooling.speechFrames(a, hs.frameCount(), hs.frameRateHz());
        assertTrue(span[0] > 0 && span[1] < hs.frameCount(), Arrays.toString(span));
        IndexRow row = store.rows(speechKey, List.of()).get(0);
        float[][][] speech = store.readPooled(speechKey, row.audioSha256());
        float[][][] whole = store.readPooled(wholeKey, row.audioSha256());
        for (int l = 0; l < hs.layerCount(); l++) {
            assertArrayEquals(PooledStatistics.of(hs.layers()[l], span[0], span[1])[0], speech[l][0]);
            assertArrayEquals(PooledStatistics.of(hs.layers()[l], span[0], span[1])[1], speech[l][1]);
            assertArrayEquals(PooledStatistics.of(hs.layers()[l])[0], whole[l][0]);
        }
        // The frame features stay every frame (vowel pooling finds its frames by time from the clip's start).
        assertEquals(hs.frameCount(), row.frames());
        assertEquals(hs.frameCount(), store.readFrames(speechKey, row.audioSha256())[0].length);
    }

    @Test
    void realClipsLoseTheirSilentEnds() throws Exception {
        // RAVDESS clips open with about a second of room tone: the speech span starts well inside.
        Corpus ravdess = Corpus.load(SharedData.corpus("ravdess"));
        for (Utterance u : ravdess.utterances().subList(0, 3)) {
            Audio a = AudioReader.read(u.audioFile());
            int frames = (int) Math.ceil(a.durationSeconds() * 50);
            int[] span = Pooling.speechFrames(a, frames, 50);
            assertTrue(span[0] >= 10 && span[1] < frames && span[1] - span[0] >= 25,
                    u.path() + ": " + Arrays.toString(span) + " of " + frames);
        }
    }
}
