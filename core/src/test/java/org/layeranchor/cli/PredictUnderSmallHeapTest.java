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
 * {@code predict} in a real JVM with a 1-GiB heap: a 53-KB FLAC within the batch budget (14 min at
 * 192 kHz, no declared length) needs more heap than there is; that file ends in one line naming it,
 * and the good files before and after it are predicted.
 */
class PredictUnderSmallHeapTest {
    @Test
    void aFileThatExhaustsTheHeapIsOneLineAndTheOthersArePredicted(@TempDir Path tmp) throws Exception {
        TinyEmotionModel tiny = TinyEmotionModel.create(tmp.resolve("model"), WhisperEncoder.Mode.FAST);
        Path first = TestWav.writeMono16(tmp.resolve("first.wav"), 16_000,
                TestWav.tone(TinyEmotionModel.pitchOf("low"), 16_000, 0.6, 0.3));
        Path last = TestWav.writeMono16(tmp.resolve("last.wav"), 22_050,
                TestWav.tone(TinyEmotionModel.pitchOf("high"), 22_050, 0.6, 0.3));
        // 2,500 frames of 65,535 samples: 164 M samples (655 MB of floats, a 1-GB array once the buffer
        // doubles), 853 s at 192 kHz.
        Path heavy = Files.write(tmp.resolve("heavy.flac"),
                TestFlac.constant(192_000, 0, TestFlac.MAX_BLOCK, 2500, TestFlac.MAX_BLOCK, (short) 100));
        assertTrue(Files.size(heavy) < 200_000);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = tmp.resolve("out.json");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(List.of(java, "-Xmx1g", "-XX:TieredStopAtLevel=1", "-cp",
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
