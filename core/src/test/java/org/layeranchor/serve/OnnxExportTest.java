package org.layeranchor.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.audio.Audio;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.encoder.whisper.WhisperLogMel;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyEmotionModel;
import org.layeranchor.testing.TinyWhisper;
import org.layeranchor.training.ModelDescription;
import org.layeranchor.training.TrainedModel;
import org.layeranchor.training.TrainingConfig;

class OnnxExportTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @TempDir
    static Path dir;
    static TinyEmotionModel faithful;
    static TinyEmotionModel linear;
    static TinyEmotionModel fast;

    @BeforeAll
    static void tinyModels() throws Exception {
        // Two epochs only: probabilities far from 0 and 1, where a difference in the graph would show.
        faithful = TinyEmotionModel.create(dir.resolve("faithful"), WhisperEncoder.Mode.FAITHFUL, 2);
        fast = TinyEmotionModel.create(dir.resolve("fast"), WhisperEncoder.Mode.FAST, 2);
        linear = TinyEmotionModel.create(dir.resolve("linear"), WhisperEncoder.Mode.FAITHFUL, 1, TrainingConfig.Head.LINEAR);
    }

    /** Clips of different lengths and content: one tone per class and a mixture. */
    private static List<Audio> clips() {
        float[] mixed = new float[37_000];
        for (String e : TinyEmotionModel.CLASSES) {
            float[] t = TestWav.tone(TinyEmotionModel.pitchOf(e), 16_000, mixed.length / 16_000.0, 0.15);
            for (int i = 0; i < mixed.length; i++) {
                mixed[i] += t[i];
            }
        }
        return List.of(new Audio(TestWav.tone(TinyEmotionModel.pitchOf("low"), 16_000, 0.7, 0.3), 16_000, "low"),
                new Audio(TestWav.tone(TinyEmotionModel.pitchOf("high"), 16_000, 1.33, 0.3), 16_000, "high"),
                new Audio(mixed, 16_000, "mixed"));
    }

    private static double[] run(OrtSession s, OnnxExport.Input input, WhisperEncoder.Mode mode, float[] x) throws Exception {
        if (input == OnnxExport.Input.WAVEFORM) {
            try (OnnxTensor wave = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x), new long[] {1, x.length});
                 OrtSession.Result r = s.run(Map.of(OnnxExport.WAVEFORM, wave))) {
                return toDoubles(((float[][]) r.get(OnnxExport.PROBABILITIES).orElseThrow().getValue())[0]);
            }
        }
        int padded = mode == WhisperEncoder.Mode.FAITHFUL ? WhisperLogMel.WINDOW_SAMPLES : Math.max(x.length, WhisperLogMel.N_FFT);
        float[] mel = new WhisperLogMel(TinyWhisper.MELS).compute(Arrays.copyOf(x, padded));
        try (OnnxTensor m = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(mel),
                new long[] {1, TinyWhisper.MELS, WhisperLogMel.frameCount(padded)});
             OnnxTensor frames = OnnxTensor.createTensor(ENV, LongBuffer.wrap(new long[] {(x.length + 319) / 320}), new long[] {1});
             OrtSession.Result r = s.run(Map.of(OnnxExport.MEL, m, OnnxExport.FRAMES, frames))) {
            return toDoubles(((float[][]) r.get(OnnxExport.PROBABILITIES).orElseThrow().getValue())[0]);
        }
    }

    private static void assertSameAsPredict(TinyEmotionModel tiny, OnnxExport.Input input) throws Exception {
        OnnxExport.Exported e = OnnxExport.build(tiny.model(), tiny.encoder(), input);
        assertEquals(tiny.mode(), e.mode());
        Path file = dir.resolve(tiny.mode() + "-" + input + ".onnx");
        e.write(file);
        try (EmotionPredictor predictor = EmotionPredictor.open(tiny.model(), tiny.encoder(), EmotionPredictor.Options.defaults());
             OrtSession s = ENV.createSession(file.toString(), new OrtSession.SessionOptions())) {
            for (Audio a : clips()) {
                double[] expected = predictor.predict(a).probabilities();
                double[] got = run(s, input, tiny.mode(), a.samples());
                for (int c = 0; c < expected.length; c++) {
                    assertEquals(expected[c], got[c], 1e-4, tiny.mode() + " " + input + " " + a.source() + ": "
                            + Arrays.toString(expected) + " vs " + Arrays.toString(got));
                }
            }
        }
    }

    @Test
    void aWaveformModelGivesPredictsProbabilitiesInFaithfulMode() throws Exception {
        assertSameAsPredict(faithful, OnnxExport.Input.WAVEFORM);
    }

    @Test
    void aWaveformModelGivesPredictsProbabilitiesInFastMode() throws Exception {
        assertSameAsPredict(fast, OnnxExport.Input.WAVEFORM);
    }

    @Test
    void aLinearHeadWithTargetStatisticsExportsAsPredictsIt() throws Exception {
        assertEquals(2, TrainedModel.load(linear.model()).linearHead().members().size());
        assertEquals(ModelDescription.STANDARDISED_WITH_TARGET, TrainedModel.load(linear.model()).description().standardisedWith());
        assertSameAsPredict(linear, OnnxExport.Input.WAVEFORM);
        assertSameAsPredict(linear, OnnxExport.Input.LOGMEL);
    }

    @Test
    void aLogMelModelGivesPredictsProbabilitiesFromJavasLogMel() throws Exception {
        assertSameAsPredict(faithful, OnnxExport.Input.LOGMEL);
        assertSameAsPredict(fast, OnnxExport.Input.LOGMEL);
    }

    @Test
    void theFileNamesItsClassesEncoderAndInput() throws Exception {
        OnnxExport.Exported e = OnnxExport.build(fast.model(), fast.encoder(), OnnxExport.Input.WAVEFORM);
        Path file = dir.resolve("meta.onnx");
        e.write(file);
        try (OrtSession s = ENV.createSession(file.toString(), new OrtSession.SessionOptions())) {
            Map<String, String> meta = s.getMetadata().getCustomMetadata();
            assertEquals(TinyEmotionModel.CLASSES, new ObjectMapper().readValue(meta.get(OnnxExport.CLASSES_KEY), List.class));
            assertEquals("fast", meta.get("layeranchor.mode"));
            assertEquals("waveform", meta.get("layeranchor.input"));
            assertTrue(meta.get("layeranchor.encoder").contains(e.encoder().identity()));
            assertEquals(List.of(OnnxExport.WAVEFORM), List.copyOf(s.getInputNames()));
            assertEquals(List.of(OnnxExport.PROBABILITIES), List.copyOf(s.getOutputNames()));
        }
    }

    /**
     * The export checks the encoder's identity without opening a session: another Whisper checkpoint,
     * the model in another mode or an ONNX encoder file are refused in one line.
     */
    @Test
    void anotherEncoderIsRefusedBeforeAnythingIsBuilt(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path other = tmp.resolve("other-whisper");
        TinyWhisper.write(other, 99);
        org.layeranchor.encoder.EncoderException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.layeranchor.encoder.EncoderException.class,
                () -> OnnxExport.build(faithful.model(), other, OnnxExport.Input.WAVEFORM));
        assertTrue(e.getMessage().contains("was trained on another encoder than " + other), e.getMessage());
        Path onnx = tmp.resolve("encoder.onnx");
        Files.writeString(onnx, "not used");
        e = org.junit.jupiter.api.Assertions.assertThrows(org.layeranchor.encoder.EncoderException.class,
                () -> OnnxExport.build(faithful.model(), onnx, OnnxExport.Input.WAVEFORM));
        assertTrue(e.getMessage().contains("export-onnx builds Whisper encoders only"), e.getMessage());
        // The model's own encoder passes the same check.
        assertEquals(TinyEmotionModel.CLASSES, OnnxExport.build(faithful.model(), faithful.encoder(),
                OnnxExport.Input.WAVEFORM).classes());
    }

    /**
     * A model of speech-pooled features takes the speech span as a second input and pools over it: the
     * graph then gives predict's probabilities on clips with silence around the tone, and the span
     * matters (every frame gives other probabilities).
     */
    @Test
    void aModelOfSpeechPooledFeaturesTakesTheSpeechSpanAndGivesPredictsProbabilities(@TempDir Path tmp) throws Exception {
        TinyEmotionModel speech = TinyEmotionModel.create(tmp, WhisperEncoder.Mode.FAITHFUL, 1,
                TrainingConfig.Head.LINEAR, org.layeranchor.encoder.whisper.Precision.FP32,
                org.layeranchor.features.Pooling.SPEECH);
        OnnxExport.Exported e = OnnxExport.build(speech.model(), speech.encoder(), OnnxExport.Input.WAVEFORM);
        assertTrue(e.model().getDocString().contains(OnnxExport.SPEECH_FRAMES), e.model().getDocString());
        try (EmotionPredictor predictor = EmotionPredictor.open(speech.model(), speech.encoder(), EmotionPredictor.Options.defaults());
             OrtSession s = ENV.createSession(e.model().toByteArray(), new OrtSession.SessionOptions())) {
            for (String emotion : TinyEmotionModel.CLASSES) {
                float[] tone = TestWav.tone(TinyEmotionModel.pitchOf(emotion), 16_000, 0.9, 0.3);
                float[] x = new float[(int) (1.9 * 16_000)];
                System.arraycopy(tone, 0, x, (int) (0.4 * 16_000), tone.length); // 0.4 s silence, tone, 0.6 s silence
                Audio a = new Audio(x, 16_000, emotion);
                int covered = (x.length + 319) / 320;
                int[] span = org.layeranchor.features.Pooling.SPEECH.frames(a, covered, 50);
                assertTrue(span[0] > 0 && span[1] < covered, Arrays.toString(span));
                double[] expected = predictor.predict(a).probabilities();
                double[] got = runOverSpan(s, x, span);
                for (int c = 0; c < expected.length; c++) {
                    assertEquals(expected[c], got[c], 1e-4, emotion + ": " + Arrays.toString(expected) + " vs " + Arrays.toString(got));
                }
                double[] whole = runOverSpan(s, x, new int[] {0, covered});
                assertTrue(Arrays.stream(whole).map(Math::abs).sum() > 0 && !Arrays.equals(got, whole),
                        "the span is what the graph pools over");
            }
        }
    }

    private static double[] runOverSpan(OrtSession s, float[] x, int[] span) throws Exception {
        try (OnnxTensor wave = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x), new long[] {1, x.length});
             OnnxTensor frames = OnnxTensor.createTensor(ENV, LongBuffer.wrap(new long[] {span[0], span[1]}), new long[] {2});
             OrtSession.Result r = s.run(Map.of(OnnxExport.WAVEFORM, wave, OnnxExport.SPEECH_FRAMES, frames))) {
            return toDoubles(((float[][]) r.get(OnnxExport.PROBABILITIES).orElseThrow().getValue())[0]);
        }
    }

    @Test
    void audioLongerThanOneWindowIsAnErrorNotASilentCrop() throws Exception {
        OnnxExport.Exported e = OnnxExport.build(faithful.model(), faithful.encoder(), OnnxExport.Input.WAVEFORM);
        try (OrtSession.SessionOptions quiet = new OrtSession.SessionOptions()) {
            quiet.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL); // the error is expected
            try (OrtSession s = ENV.createSession(e.model().toByteArray(), quiet)) {
                float[] tooLong = new float[WhisperLogMel.WINDOW_SAMPLES + 16_000];
                assertThrows(ai.onnxruntime.OrtException.class,
                        () -> run(s, OnnxExport.Input.WAVEFORM, WhisperEncoder.Mode.FAITHFUL, tooLong));
            }
        }
    }

    @Test
    void theEncoderMustBeTheOneTheModelWasTrainedOn(@TempDir Path other) throws Exception {
        TinyWhisper.write(other, 77);
        EncoderException ex = assertThrows(EncoderException.class,
                () -> OnnxExport.build(fast.model(), other, OnnxExport.Input.WAVEFORM));
        assertTrue(ex.getMessage().contains("identity"), ex.getMessage());
        assertArrayEquals(new Object[] {OnnxExport.Input.LOGMEL, OnnxExport.Input.WAVEFORM},
                new Object[] {OnnxExport.Input.parse("logmel"), OnnxExport.Input.parse("WAVEFORM")});
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.Input.parse("mfcc"));
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
