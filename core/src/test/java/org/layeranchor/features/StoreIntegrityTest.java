package org.layeranchor.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.encoder.weights.WeightSources;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.testing.TinyWhisper;

/** Checksums kept at write time catch damaged entries, in {@link StoreVerifier} and whenever features are loaded. */
class StoreIntegrityTest {
    @TempDir
    static Path modelDir;
    private static WhisperEncoder encoder;

    @BeforeAll
    static void model() throws Exception {
        TinyWhisper.write(modelDir, 13);
        encoder = WhisperEncoder.load(WeightSources.open(modelDir), new WhisperEncoder.Options(WhisperEncoder.Mode.FAST, 1));
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private record Extracted(FeatureStore store, String key, Path dir, List<IndexRow> rows) {
    }

    private static Extracted extract(Path tmp, int n) throws IOException {
        List<Utterance> utts = FeatureStoreTest.corpus(tmp.resolve("c"), "c", n, false);
        FeatureStore store = FeatureStore.open(tmp.resolve("store"));
        String key = new FeatureExtractor(encoder, store, new FeatureExtractor.Options(true, 1))
                .run(utts, FeatureExtractor.Listener.NONE).encoderKey();
        return new Extracted(store, key, store.encoderDir(key), store.rows(key, List.of()));
    }

    @Test
    void everyRowRecordsTheChecksumOfItsFilesAndAnIntactStoreVerifies(@TempDir Path tmp) throws Exception {
        Extracted x = extract(tmp, 3);
        for (IndexRow r : x.rows()) {
            assertEquals(EntryChecksum.of(x.dir().resolve(r.pooledFile())), r.pooledCrc32());
            assertEquals(EntryChecksum.of(x.dir().resolve(r.framesFile())), r.framesCrc32());
        }
        StoreVerifier.Report report = new StoreVerifier(x.store(), true).verify(x.key());
        assertTrue(report.ok(), report.problems().toString());
        assertEquals(3, report.rows());
        assertEquals(6, report.entriesChecked());
        assertEquals(0, report.withoutChecksum());
        // The checksum is plain CRC-32 of the whole file, as Python's zlib.crc32 computes it.
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(Files.readAllBytes(x.dir().resolve(x.rows().get(0).pooledFile())));
        assertEquals(String.format("%08x", crc.getValue()), x.rows().get(0).pooledCrc32());
    }

    @Test
    void damagedEntriesAreNamedByVerifyAndRefusedWhenLoaded(@TempDir Path tmp) throws Exception {
        Extracted x = extract(tmp, 4);
        Path flipped = x.dir().resolve(x.rows().get(0).pooledFile());
        Path truncated = x.dir().resolve(x.rows().get(1).framesFile());
        Path missing = x.dir().resolve(x.rows().get(2).pooledFile());
        flipByte(flipped, 200); // inside the float data: the array still parses
        byte[] t = Files.readAllBytes(truncated);
        Files.write(truncated, Arrays.copyOf(t, t.length - 100));
        Files.delete(missing);

        StoreVerifier.Report report = new StoreVerifier(x.store(), true).verify(x.key());
        Map<Path, StoreVerifier.Kind> found = new TreeMap<>();
        report.problems().forEach(p -> found.put(p.file(), p.kind()));
        assertEquals(Map.of(flipped, StoreVerifier.Kind.CORRUPT, truncated, StoreVerifier.Kind.TRUNCATED,
                missing, StoreVerifier.Kind.MISSING), found, report.problems().toString());
        String flippedLine = report.problems().stream().filter(p -> p.file().equals(flipped)).findFirst().orElseThrow().line();
        assertTrue(flippedLine.startsWith(flipped + ": corrupt (CRC-32 ") && flippedLine.contains("index.csv recorded "
                + x.rows().get(0).pooledCrc32()), flippedLine);

        // Training and analysis load through the index: a damaged entry stops them, naming the file.
        IOException corrupt = assertThrows(FeatureStore.CorruptEntryException.class,
                () -> x.store().load(x.key(), List.of(x.rows().get(0))));
        assertTrue(corrupt.getMessage().startsWith(flipped + ": corrupt entry"), corrupt.getMessage());
        IOException cut = assertThrows(IOException.class, () -> x.store().loadFrames(x.key(), List.of(x.rows().get(1))));
        assertTrue(cut.getMessage().startsWith(truncated.toString()), cut.getMessage());
        IOException gone = assertThrows(IOException.class, () -> x.store().load(x.key(), List.of(x.rows().get(2))));
        assertTrue(gone.getMessage().startsWith(missing + ": entry missing"), gone.getMessage());
        // The intact row still loads.
        assertEquals(1, x.store().load(x.key(), List.of(x.rows().get(3))).rows());

        // The documented repair: delete the files verify names, extract again.
        for (StoreVerifier.Problem p : report.problems()) {
            Files.deleteIfExists(p.file());
        }
        FeatureExtractor.Summary repaired = new FeatureExtractor(encoder, x.store(), new FeatureExtractor.Options(true, 1))
                .run(FeatureStoreTest.corpus(tmp.resolve("c"), "c", 4, false), FeatureExtractor.Listener.NONE);
        assertEquals(3, repaired.extracted());
        assertTrue(new StoreVerifier(x.store(), true).verify(x.key()).ok());
        assertEquals(4, x.store().load(x.key(), x.store().rows(x.key(), List.of())).rows());
    }

    /**
     * Issue 25 row 16: an entry replaced by a link to a file outside the store — here an intact copy of
     * itself, so checksum and shape still match — is refused when loaded and named by verify: the
     * inside-the-store check follows links, it is not textual.
     */
    @Test
    void anEntryLinkedFromOutsideTheStoreIsRefusedAndNamed(@TempDir Path tmp) throws Exception {
        Extracted x = extract(tmp, 2);
        Path entry = x.dir().resolve(x.rows().get(0).pooledFile());
        Path outside = Files.copy(entry, tmp.resolve("outside.npy"));
        Files.delete(entry);
        Files.createSymbolicLink(entry, outside);
        IOException e = assertThrows(IOException.class, () -> x.store().load(x.key(), List.of(x.rows().get(0))));
        assertTrue(e.getMessage().startsWith(entry + ": is a link to " + outside.toRealPath() + ", outside "),
                e.getMessage());
        StoreVerifier.Report report = new StoreVerifier(x.store(), true).verify(x.key());
        assertTrue(report.problems().stream().anyMatch(p -> p.file().equals(entry) && p.line().contains("outside")),
                report.problems().toString());
        assertEquals(1, x.store().load(x.key(), List.of(x.rows().get(1))).rows()); // the other entry is intact
    }

    @Test
    void aStoreWrittenBeforeChecksumsStillLoadsAndVerifiesByStructure(@TempDir Path tmp) throws Exception {
        Extracted x = extract(tmp, 3);
        // Rewrite index.csv as the previous version did: 12 columns, no checksums.
        List<String> lines = Files.readAllLines(x.dir().resolve("index.csv"));
        StringBuilder legacy = new StringBuilder();
        for (String line : lines) {
            legacy.append(line, 0, nthComma(line, 12)).append('\n');
        }
        Files.writeString(x.dir().resolve("index.csv"), legacy);
        List<IndexRow> rows = x.store().rows(x.key(), List.of());
        assertEquals("", rows.get(0).pooledCrc32());
        assertEquals(3, x.store().load(x.key(), rows).rows());
        StoreVerifier.Report clean = new StoreVerifier(x.store(), true).verify(x.key());
        assertTrue(clean.ok(), clean.problems().toString());
        assertEquals(6, clean.withoutChecksum());

        // Without a checksum a flipped data byte goes unseen, but a cut or extended file does not.
        Path cut = x.dir().resolve(rows.get(0).pooledFile());
        byte[] b = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(b, b.length - 4));
        Path extended = x.dir().resolve(rows.get(1).pooledFile());
        Files.write(extended, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        StoreVerifier.Report damaged = new StoreVerifier(x.store(), true).verify(x.key());
        assertEquals(List.of(StoreVerifier.Kind.TRUNCATED, StoreVerifier.Kind.CORRUPT),
                damaged.problems().stream().sorted(Comparator.comparing(p -> p.file().equals(cut) ? 0 : 1))
                        .map(StoreVerifier.Problem::kind).toList(), damaged.problems().toString());

        // Extracting again over the old index reuses its entries: nothing is recomputed.
        Files.write(cut, b);
        List<Utterance> utts = FeatureStoreTest.corpus(tmp.resolve("c"), "c", 3, false);
        FeatureExtractor.Summary again = new FeatureExtractor(encoder, x.store(), new FeatureExtractor.Options(true, 1))
                .run(utts, FeatureExtractor.Listener.NONE);
        assertEquals(3, again.cached());
    }

    @Test
    void aSecondWriterOfTheSameEntryKeepsTheFirstCopy(@TempDir Path tmp) throws Exception {
        FeatureStore store = FeatureStore.open(tmp);
        String sha = FeatureExtractor.sha256(new byte[] {1});
        float[][][] first = {{{1f, 2f}, {0.5f, 0.5f}}};
        float[][][] second = {{{1.0000001f, 2f}, {0.5f, 0.5f}}};
        store.prepare(new org.layeranchor.encoder.EncoderInfo("t", "t-1", 1, 2, 50, 1, Map.of()));
        String key = store.encoderKeys().get(0);
        String crc = store.writePooled(key, sha, first);
        assertEquals(crc, store.writePooled(key, sha, second), "the checksum returned is that of the copy in place");
        assertEquals(1f, store.readPooled(key, sha)[0][0][0]);
        try (var files = Files.walk(store.encoderDir(key))) {
            assertEquals(0, files.filter(p -> p.toString().contains(".tmp-")).count());
        }
    }

    static void flipByte(Path f, int offset) throws IOException {
        byte[] b = Files.readAllBytes(f);
        b[offset] ^= 0x10;
        Files.write(f, b);
    }

    private static int nthComma(String line, int n) {
        int seen = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == ',' && ++seen == n) {
                return i;
            }
        }
        return line.length();
    }
}
