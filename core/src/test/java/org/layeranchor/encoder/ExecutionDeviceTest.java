package org.layeranchor.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.audio.Audio;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.testing.SharedData;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyWhisper;

/**
 * The encoder on ONNX Runtime's CUDA provider: a one-line error where it cannot run (the default
 * CPU-only build, or a GPU build without GPU or driver, as on this project's machines), and the CPU's
 * features to float tolerance where it can (skipped, with the reason, elsewhere).
 */
public class ExecutionDeviceTest {
    @TempDir
    static Path modelDir;
    /** Why CUDA cannot run here, or empty when it can. */
    private static Optional<String> cudaUnavailable;

    @BeforeAll
    static void probeCuda() throws Exception {
        TinyWhisper.write(modelDir, 21);
        cudaUnavailable = cudaUnavailable(modelDir);
    }

    /** Why CUDA cannot run here (the encoder's error), or empty when a CUDA GPU is usable. */
    public static Optional<String> cudaUnavailable(Path tinyModel) throws Exception {
        try (SpeechEncoder e = open(tinyModel, WhisperEncoder.Mode.FAST, ExecutionDevice.parse("cuda"))) {
            return Optional.empty();
        } catch (EncoderException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static SpeechEncoder open(Path model, WhisperEncoder.Mode mode, ExecutionDevice device) throws EncoderException {
        return Encoders.open(model, new Encoders.Settings(mode, 2, device));
    }

    @Test
    void parsesCpuCudaAndCudaWithANumber() {
        assertEquals(ExecutionDevice.CPU, ExecutionDevice.parse("cpu"));
        assertEquals(new ExecutionDevice(ExecutionDevice.Kind.CUDA, 0), ExecutionDevice.parse("CUDA"));
        assertEquals(new ExecutionDevice(ExecutionDevice.Kind.CUDA, 1), ExecutionDevice.parse("cuda:1"));
        assertEquals("cuda:1", ExecutionDevice.parse("cuda:1").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExecutionDevice.parse("gpu"));
        assertEquals("device 'gpu': expected cpu, cuda or cuda:N (N = GPU number)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExecutionDevice.parse("cuda:-1"));
        assertThrows(IllegalArgumentException.class, () -> ExecutionDevice.parse("cuda:x"));
    }

    @Test
    void withoutAUsableGpuCudaFailsWithOneLineNamingTheDeviceAndWhatIsMissing() {
        Assumptions.assumeTrue(cudaUnavailable.isPresent(), "a CUDA GPU is usable here: the error path cannot be shown");
        String m = cudaUnavailable.get();
        assertTrue(m.startsWith("cuda:0: "), m);
        assertFalse(m.contains("\n"), m);
        assertTrue(m.contains("CPU-only ONNX Runtime") || m.contains("CUDA provider could not start"), m);
    }

    @Test
    void onTheGpuTheTinyEncoderMatchesTheCpu() throws Exception {
        Assumptions.assumeTrue(cudaUnavailable.isEmpty(), () -> "no usable CUDA GPU: " + cudaUnavailable.orElse(""));
        Audio tone = new Audio(TestWav.tone(330, 16_000, 2.0, 0.3), 16_000, "tone");
        assertClose(modelDir, tone, WhisperEncoder.Mode.FAITHFUL, 1e-4);
    }

    @Test
    void onTheGpuWhisperBaseMatchesTheCpuOnRealSpeech() throws Exception {
        Assumptions.assumeTrue(cudaUnavailable.isEmpty(), () -> "no usable CUDA GPU: " + cudaUnavailable.orElse(""));
        Audio speech = AudioReader.read(SharedData.corpus("emodb").resolve("audio/03a01Fa.flac"));
        // The GPU's kernels sum in another order (and may use TF32): agree to 1e-3 of each layer's scale.
        assertClose(SharedData.whisperBase(), speech, WhisperEncoder.Mode.FAITHFUL, 1e-3);
    }

    /** Every layer within {@code relative} of that layer's largest magnitude on the CPU. */
    private static void assertClose(Path model, Audio audio, WhisperEncoder.Mode mode, double relative) throws Exception {
        HiddenStates cpu;
        HiddenStates gpu;
        try (SpeechEncoder c = open(model, mode, ExecutionDevice.CPU);
             SpeechEncoder g = open(model, mode, ExecutionDevice.parse("cuda"))) {
            cpu = c.encode(audio);
            gpu = g.encode(audio);
        }
        assertEquals(cpu.layerCount(), gpu.layerCount());
        assertEquals(cpu.frameCount(), gpu.frameCount());
        for (int l = 0; l < cpu.layerCount(); l++) {
            double scale = 0;
            double worst = 0;
            for (int f = 0; f < cpu.frameCount(); f++) {
                for (int d = 0; d < cpu.dim(); d++) {
                    scale = Math.max(scale, Math.abs(cpu.layers()[l][f][d]));
                    worst = Math.max(worst, Math.abs(cpu.layers()[l][f][d] - gpu.layers()[l][f][d]));
                }
            }
            assertTrue(worst <= relative * scale, "layer " + l + ": max |cpu - gpu| = " + worst + ", scale " + scale);
        }
    }
}
