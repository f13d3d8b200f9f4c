package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.testing.TestFlac;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyEmotionModel;

/**
 * {@code predict} in a real JVM with a 192-MiB heap: a small FLAC within the batch budget (3,500 s at
 * 16 kHz, no declared length: 224 MB of samples) needs more heap than there is; that file ends in one
 * line naming it, and the good files before and after it are predicted. (Audio is held at 16 kHz since
 * issue 25, so a 192-kHz file no longer needs more than its 16-kHz samples: the file is at 16 kHz and
 * the heap small to keep exhausting it.)
 */
class PredictUnderSmallHeapTest {
    @Test
    void aFileThatExhaustsTheHeapIsOneLineAndTheOthersArePredicted(@TempDir Path tmp) throws Exception {
        TinyEmotionModel tiny = TinyEmotionModel.create(tmp.resolve("model"), WhisperEncoder.Mode.FAST);
        Path first = TestWav.writeMono16(tmp.resolve("first.wav"), 16_000,
                TestWav.tone(TinyEmotionModel.pitchOf("low"), 16_000, 0.6, 0.3));
        Path last = TestWav.writeMono16(tmp.resolve("last.wav"), 22_050,
                TestWav.tone(TinyEmotionModel.pitchOf("high"), 22_050, 0.6, 0.3));
        // 855 frames of 65,535 samples: 56 M samples (224 MB of floats), 3,500 s at 16 kHz.
        Path heavy = Files.write(tmp.resolve("heavy.flac"),
                TestFlac.constant(16_000, 0, TestFlac.MAX_BLOCK, 855, TestFlac.MAX_BLOCK, (short) 100));
        assertTrue(Files.size(heavy) < 200_000);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = tmp.resolve("out.json");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(List.of(java, "-Xmx192m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), LayerAnchorCli.class.getName(), "predict", "--model",
                tiny.model().toString(), "--encoder", tiny.encoder().toString(), "--threads", "1", "--format", "json",
                first.toString(), heavy.toString(), last.toString()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "predict did not finish");
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), stderr);

        List<String> errors = stderr.lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(List.of("error: " + heavy + ": ran out of memory (Java heap space); "
                + "give Java more heap, e.g. LAYERANCHOR_JAVA_OPTS=-Xmx16g"), errors, stderr);
        assertFalse(stderr.contains("\tat "), stderr);
        JsonNode a = new ObjectMapper().readTree(out.toFile());
        assertEquals(3, a.size(), a.toString());
        assertEquals("low", a.get(0).get("emotion").asText());
        assertTrue(a.get(1).get("error").asText().contains("ran out of memory"), a.toString());
        assertEquals("high", a.get(2).get("emotion").asText());
    }
}
