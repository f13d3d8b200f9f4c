package org.layeranchor.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.experiment.TrainingRunFile;
import org.layeranchor.testing.ThreadAllocation;

/**
 * Issue 25 row 17: a header of many copies of one column gave one error line per copy; a 100-MB
 * manifest line ran out of memory without naming the manifest; a 10-MB YAML scalar cost 25 s and
 * 413 MB before it was refused. Each is now one line, found before parsing.
 */
class ManifestLimitsTest {
    @Test
    void aColumnRepeatedOneHundredThousandTimesIsOneProblemWithACount(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("manifest.csv"), "path,emotion" + ",speaker".repeat(100_000) + "\na.wav,happy\n");
        Corpus c = ManifestReader.read(dir, Set.of());
        assertEquals(1, c.problems().size(), c.problems().size() + " problems");
        assertEquals(dir.resolve("manifest.csv") + ":1: column 'speaker' appears 100,000 times in the header",
                c.problems().get(0).toString());
    }

    @Test
    void aHundredMegabyteLineIsRefusedBeforeParsingNamingTheManifestAndLine(@TempDir Path dir) throws IOException {
        Path manifest = dir.resolve("manifest.csv");
        try (var out = Files.newBufferedWriter(manifest)) {
            out.write("path,emotion\n");
            char[] commas = new char[1 << 20];
            java.util.Arrays.fill(commas, ',');
            for (int i = 0; i < 100; i++) {
                out.write(commas);
            }
            out.write('\n');
        }
        ThreadAllocation.Result r = ThreadAllocation.measure(() -> {
            Corpus c = ManifestReader.read(dir, Set.of());
            assertEquals(1, c.problems().size());
            assertEquals(manifest + ":2: line is longer than 1,048,576 bytes (1 MiB); not parsed",
                    c.problems().get(0).toString());
        });
        if (r.thrown() != null) {
            throw new AssertionError(r.thrown());
        }
        assertTrue(r.bytes() < 16 << 20, "allocated " + r.bytes());
    }

    @Test
    void aTenMegabyteYamlScalarIsRefusedBeforeParsing(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run.yaml");
        Files.writeString(run, "source: a\ntarget: b\nout: " + "x".repeat(10 << 20) + "\n");
        assertThrows(IOException.class, () -> TrainingRunFile.read(run)); // once first: class loading is not measured
        ThreadAllocation.Result r = ThreadAllocation.measure(() -> TrainingRunFile.read(run));
        IOException e = (IOException) r.thrown();
        assertEquals(run + ": 10485786 bytes; a config or run file is at most 1048576 bytes (1 MiB)", e.getMessage());
        assertTrue(r.seconds() < 1 && r.bytes() < 1 << 20, r.seconds() + " s, " + r.bytes() + " bytes");
        assertThrows(IOException.class, () -> org.layeranchor.training.TrainingConfigFiles.read(run));
    }
}
