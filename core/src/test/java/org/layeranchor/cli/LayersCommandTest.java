package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.io.Npy;
import org.layeranchor.io.NpyArray;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyWhisper;

class LayersCommandTest {
    @Test
    void writesEveryLayerAsOneNpyInBothModes(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        TinyWhisper.write(model, 2);
        Path wav = TestWav.writeMono16(tmp.resolve("a.wav"), 44_100, TestWav.tone(300, 44_100, 1.3, 0.3));
        for (String mode : new String[] {"faithful", "fast"}) {
            Path out = tmp.resolve(mode);
            LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("layers", "--model", model.toString(), "--audio", wav.toString(),
                    "--out", out.toString(), "--mode", mode);
            assertEquals(0, r.code(), r.err());
            NpyArray a = Npy.read(out.resolve("hidden_states.npy"));
            assertEquals("<f4", a.dtype());
            // 1.3 s resampled to 16 kHz = 20800 samples -> ceil(20800 / 320) = 65 frames
            assertArrayEquals(new long[] {TinyWhisper.BLOCKS + 1, 65, TinyWhisper.D}, a.shape(), mode);
        }
    }

    @Test
    void anExportedOnnxModelHasEveryLayerTapped(@TempDir Path tmp) throws Exception {
        Path onnx = Path.of(LayersCommandTest.class.getResource("/org/layeranchor/encoder/onnx/hf-wavlm-tiny-opset17.onnx").toURI());
        Path wav = TestWav.writeMono16(tmp.resolve("a.wav"), 16_000, TestWav.tone(300, 16_000, 1.0, 0.3));
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("layers", "--model", onnx.toString(), "--audio", wav.toString(),
                "--out", tmp.toString());
        assertEquals(0, r.code(), r.err());
        NpyArray a = Npy.read(tmp.resolve("hidden_states.npy"));
        assertEquals(4, a.shape()[0]); // 3 blocks + the block input
        assertEquals(32, a.shape()[2]);
    }

    @Test
    void modelInfoDescribesTheModelAndBadInputIsNamed(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        TinyWhisper.write(model, 2);
        LayerAnchorCliTest.Run info = LayerAnchorCliTest.run("model", "info", "--model", model.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("layers:      3 hidden states"), info.out());
        assertTrue(info.out().contains("dim:         128"), info.out());
        assertTrue(info.out().contains("50.0 frames/s"), info.out());

        LayerAnchorCliTest.Run missing = LayerAnchorCliTest.run("model", "info", "--model", tmp.resolve("nope").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nope") && missing.err().contains("no such model"), missing.err());

        LayerAnchorCliTest.Run badMode = LayerAnchorCliTest.run("layers", "--model", model.toString(), "--audio",
                tmp.resolve("x.wav").toString(), "--out", tmp.toString(), "--mode", "turbo");
        assertEquals(1, badMode.code());
        assertTrue(badMode.err().contains("x.wav") || badMode.err().contains("turbo"), badMode.err());
    }
}
