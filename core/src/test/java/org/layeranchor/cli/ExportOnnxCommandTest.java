package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.audio.Audio;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.serve.EmotionPredictor;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyEmotionModel;

class ExportOnnxCommandTest {
    @Test
    void writesAFileThatOnnxRuntimeRunsToThePredictCommandsProbabilities(@TempDir Path dir) throws Exception {
        TinyEmotionModel tiny = TinyEmotionModel.create(dir, WhisperEncoder.Mode.FAST, 2);
        Path file = dir.resolve("out/emotion.onnx");
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("export-onnx", "--model", tiny.model().toString(), "--encoder",
                tiny.encoder().toString(), "--out", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(file));
        assertTrue(r.out().contains("classes [high, low, mid]") && r.out().contains("fast mode"), r.out());

        float[] x = TestWav.tone(TinyEmotionModel.pitchOf("mid"), 16_000, 1.1, 0.3);
        double[] expected;
        try (EmotionPredictor p = EmotionPredictor.open(tiny.model(), tiny.encoder(), EmotionPredictor.Options.defaults())) {
            expected = p.predict(new Audio(x, 16_000, "mid")).probabilities();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, x.length});
             OrtSession.Result res = s.run(Map.of("waveform", in))) {
            float[] got = ((float[][]) res.get("probabilities").orElseThrow().getValue())[0];
            for (int c = 0; c < expected.length; c++) {
                assertEquals(expected[c], got[c], 1e-4);
            }
        }
    }

    @Test
    void anUnknownInputKindIsABadUsage(@TempDir Path dir) {
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("export-onnx", "--model", dir.toString(), "--encoder",
                dir.toString(), "--out", dir.resolve("x.onnx").toString(), "--input", "mfcc");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("mfcc"), r.err());
    }
}
