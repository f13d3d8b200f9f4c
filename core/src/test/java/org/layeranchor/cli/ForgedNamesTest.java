package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyEmotionModel;

/**
 * Issue 25, row 11: a file named with a newline and then a prediction-shaped line showed a forged
 * row in predict's table, and names with escape sequences reached the terminal raw (table, CSV and
 * stderr). Names are now printed with their control characters escaped; JSON reads back to them
 * exactly, with C1 and bidi controls escaped as well as C0.
 */
class ForgedNamesTest {
    /** A newline, then what a table row of a confident "high" looks like. */
    static final String FORGED = "clip\nhigh             1.00 s   1.000   0.000   0.000  forged.wav";
    /** Clears the screen and sets the terminal's title, then a C1 CSI and a right-to-left override. */
    static final String ESCAPES = "clip\u001b[2J\u001b]0;owned\u0007\u009b31m\u202eevaw.wav";

    @TempDir
    static Path dir;
    static TinyEmotionModel tiny;
    static Path forged;
    static Path escapes;
    static Path broken;

    @BeforeAll
    static void filesWithHostileNames() throws Exception {
        tiny = TinyEmotionModel.create(dir, WhisperEncoder.Mode.FAST);
        Path audio = Files.createDirectories(dir.resolve("audio"));
        forged = TestWav.writeMono16(audio.resolve(FORGED + ".wav"), 16_000,
                TestWav.tone(TinyEmotionModel.pitchOf("low"), 16_000, 0.8, 0.3));
        escapes = TestWav.writeMono16(audio.resolve(ESCAPES), 16_000,
                TestWav.tone(TinyEmotionModel.pitchOf("low"), 16_000, 0.8, 0.3));
        broken = Files.writeString(audio.resolve("bad\nERROR   forged failure\u001b[31m.wav"), "not audio");
    }

    private static LayerAnchorCliTest.Run predict(String format) {
        return LayerAnchorCliTest.run("predict", "--model", tiny.model().toString(), "--encoder=" + tiny.encoder(),
                "--format", format, forged.toString(), escapes.toString(), broken.toString());
    }

    @Test
    void theTableHasOneLinePerFileAndNoRawControlCharacters() {
        LayerAnchorCliTest.Run r = predict("table");
        assertEquals(1, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out()); // header, two predictions, one ERROR row
        assertTrue(lines.get(1).startsWith("low") && lines.get(1).endsWith("clip\\nhigh             1.00 s   1.000   0.000"
                + "   0.000  forged.wav.wav"), lines.get(1));
        assertTrue(lines.get(2).endsWith("clip\\x1b[2J\\x1b]0;owned\\x07\\x9b31m\\u202eevaw.wav"), lines.get(2));
        assertTrue(lines.get(3).startsWith("ERROR") && lines.get(3).contains("bad\\nERROR   forged failure\\x1b[31m.wav"),
                lines.get(3));
        assertNoControlCharacters(r.out());
    }

    @Test
    void csvRowsAndStderrLinesAreEscapedToo() {
        LayerAnchorCliTest.Run r = predict("csv");
        assertEquals(1, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out()); // header, two files, one ERROR row: no quoted line breaks
        assertTrue(lines.get(1).contains("/clip\\nhigh ") && lines.get(1).contains(",all,"), lines.get(1));
        assertTrue(lines.get(2).contains("/clip\\x1b[2J\\x1b]0;owned\\x07\\x9b31m\\u202eevaw.wav,all,"), lines.get(2));
        assertNoControlCharacters(r.out());
        // One failed file, one line on stderr, its name escaped.
        List<String> err = r.err().lines().toList();
        assertEquals(1, err.size(), r.err());
        assertTrue(err.get(0).startsWith("error: ") && err.get(0).contains("bad\\nERROR   forged failure\\x1b[31m.wav"),
                err.get(0));
        assertNoControlCharacters(r.err());
    }

    @Test
    void jsonKeepsTheNamesExactlyAndEscapesEveryControlCharacter() throws Exception {
        LayerAnchorCliTest.Run r = predict("json");
        assertEquals(1, r.code(), r.err());
        JsonNode out = new ObjectMapper().readTree(r.out());
        assertEquals(forged.toString(), out.get(0).get("file").asText());
        assertEquals(escapes.toString(), out.get(1).get("file").asText());
        assertNoControlCharacters(r.out().replace("\n", ""));
    }

    /** Line ends only where the program put them: no other C0, no DEL, no C1, no bidi override. */
    private static void assertNoControlCharacters(String text) {
        for (String line : text.split("\n", -1)) {
            for (char c : line.toCharArray()) {
                assertFalse(c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x202E,
                        String.format("control character U+%04X in: %s", (int) c, line));
            }
        }
    }
}
