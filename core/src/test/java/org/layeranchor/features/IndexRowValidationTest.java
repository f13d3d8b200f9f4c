package org.layeranchor.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25 rows 9 and 16 for index.csv: an audio_sha256 of "a" gave "begin 0, end 2, length 1", one
 * holding "../" read outside the store, and a duplicated corpus,path row silently won. Each is now
 * named with the file and line.
 */
class IndexRowValidationTest {
    private static final String SHA = "ab".repeat(32);

    private static String row(String path, String sha) {
        return "c,/data/c," + path + ",s1,f,happy,xx,1.5," + sha + ",75,pooled,,0badc0de,\n";
    }

    private static String readFails(Path dir, String... rows) throws IOException {
        Files.writeString(dir.resolve("index.csv"), IndexRow.HEADER + "\n" + String.join("", rows));
        return assertThrows(IOException.class, () -> StoreIndex.read(dir)).getMessage();
    }

    @Test
    void aContentKeyThatIsNot64HexDigitsIsNamedWithItsLine(@TempDir Path dir) throws IOException {
        Path index = dir.resolve("index.csv");
        assertEquals(index + ":3: bad audio_sha256 'a' (expected 64 lower-case hex digits)",
                readFails(dir, row("1.wav", SHA), row("2.wav", "a")));
        String m = readFails(dir, row("1.wav", "../../../../etc/passwd"));
        assertTrue(m.startsWith(index + ":2: bad audio_sha256 '../../../../etc/passwd'"), m);
    }

    @Test
    void aSecondRowForTheSameCorpusAndPathIsNamed(@TempDir Path dir) throws IOException {
        assertEquals(dir.resolve("index.csv") + ":3: a second row for corpus c, path 1.wav (the first is line 2); "
                + "delete one and run extract again", readFails(dir, row("1.wav", SHA), row("1.wav", "cd".repeat(32))));
    }
}
