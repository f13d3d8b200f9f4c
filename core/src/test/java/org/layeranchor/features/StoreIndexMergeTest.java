package org.layeranchor.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StoreIndex#merge}: several writers' rows all end up in index.csv, whatever the interleaving. */
class StoreIndexMergeTest {
    static IndexRow row(String corpus, String path, String emotion) {
        String sha = FeatureExtractor.sha256((corpus + path).getBytes());
        return new IndexRow(corpus, "/data/" + corpus, path, "s1", "f", emotion, "xx", 1.5, sha, 75, false,
                "0badc0de", "");
    }

    static StoreIndex.Changes rows(IndexRow... rows) {
        return new StoreIndex.Changes(List.of(rows), List.of(), List.of());
    }

    @Test
    void writersThatReadTheIndexAtTheSameTimeDoNotLoseEachOthersRows(@TempDir Path dir) throws Exception {
        // Both "start" on an empty index, then merge in turn: the second merge re-reads, so keeps the first's rows.
        StoreIndex.merge(dir, rows(row("a", "1.wav", "happy"), row("a", "2.wav", "sad")), StaleFilePolicy.DEFAULT);
        Map<String, IndexRow> index = StoreIndex.merge(dir, rows(row("b", "1.wav", "angry")), StaleFilePolicy.DEFAULT);
        assertEquals(List.of("a/1.wav", "a/2.wav", "b/1.wav"), List.copyOf(index.keySet()));
        assertEquals(index, StoreIndex.read(dir));
        assertEquals("0badc0de", index.get("b/1.wav").pooledCrc32());
    }

    @Test
    void manyConcurrentMergesKeepEveryRow(@TempDir Path dir) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 15; i++) {
                    StoreIndex.merge(dir, rows(row("w" + writer, i + ".wav", "happy")), StaleFilePolicy.DEFAULT);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertEquals(90, StoreIndex.read(dir).size());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("index.csv", "index.lock"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void failuresAreRecordedAndClearedAndTheirRowsRemoved(@TempDir Path dir) throws Exception {
        StoreIndex.merge(dir, rows(row("a", "1.wav", "happy"), row("a", "2.wav", "sad")), StaleFilePolicy.DEFAULT);
        StoreIndex.Failure bad = new StoreIndex.Failure("a", "2.wav", 3, "a/2.wav: not audio");
        Map<String, IndexRow> index = StoreIndex.merge(dir, new StoreIndex.Changes(List.of(), List.of("a/1.wav", "a/2.wav"),
                List.of(bad)), StaleFilePolicy.DEFAULT);
        assertEquals(List.of("a/1.wav"), List.copyOf(index.keySet()));
        assertEquals(List.of("a/2.wav"), List.copyOf(StoreIndex.readFailures(dir).keySet()));
        // Another writer covering the file again, successfully, clears the failure.
        StoreIndex.merge(dir, new StoreIndex.Changes(List.of(row("a", "2.wav", "sad")), List.of("a/2.wav"), List.of()),
                StaleFilePolicy.DEFAULT);
        assertTrue(StoreIndex.readFailures(dir).isEmpty());
        assertEquals(2, StoreIndex.read(dir).size());
    }

    @Test
    void journalsAreFoldedAndRemovedOnlyWhenTheirWriterIsGone(@TempDir Path dir) throws Exception {
        String host = WriterId.current().host();
        Path dead = journal(dir, StaleFilePolicyTest.deadPid() + "@" + host, row("k", "dead.wav", "sad"));
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            Path live = journal(dir, sleeper.pid() + "@" + host, row("k", "live.wav", "sad"));
            Path remote = journal(dir, "77@" + "some-other-host", row("k", "remote.wav", "sad"));
            Path legacy = dir.resolve(Journal.LEGACY);
            // A line cut by a kill (no newline) is ignored.
            Files.writeString(legacy, row("k", "legacy.wav", "sad").csvLine() + "k,/data/k,cut.wav,s1");

            Map<String, IndexRow> index = StoreIndex.merge(dir, StoreIndex.Changes.NONE, StaleFilePolicy.DEFAULT);
            assertEquals(List.of("k/dead.wav", "k/legacy.wav", "k/live.wav", "k/remote.wav"), List.copyOf(index.keySet()));
            assertFalse(Files.exists(dead), "a gone writer's journal is in index.csv now");
            assertFalse(Files.exists(legacy));
            assertTrue(Files.exists(live), "a live writer still appends to its journal");
            assertTrue(Files.exists(remote), "another host's writer may be alive");
            Files.setLastModifiedTime(remote, java.nio.file.attribute.FileTime.from(
                    Instant.now().minus(Duration.ofDays(2))));
            StoreIndex.merge(dir, StoreIndex.Changes.NONE, StaleFilePolicy.DEFAULT);
            assertFalse(Files.exists(remote), "a day-old journal of another host is stale");
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void aJournalItsWriterRemovesWhileAMergeLooksAtItIsSkipped(@TempDir Path dir) throws Exception {
        // Another host's writer deletes its journal right after its own merge, outside the lock.
        Path gone = dir.resolve(Journal.PREFIX + "77@some-other-host-0123456789abcdef.csv");
        Map<String, IndexRow> index = new TreeMap<>();
        assertEquals(0, Journal.fold(gone, index));
        assertFalse(Journal.removableAfterFold(gone, StaleFilePolicy.DEFAULT, Instant.now()));
    }

    @Test
    void anIndexWithoutChecksumColumnsIsStillReadAndADamagedOneIsNamed(@TempDir Path dir) throws Exception {
        IndexRow r = row("a", "1.wav", "happy");
        String legacy = String.join(",", List.of(IndexRow.HEADER.split(",")).subList(0, 12)) + "\n"
                + String.join(",", List.of(r.csvLine().strip().split(",", -1)).subList(0, 12)) + "\n";
        Files.writeString(dir.resolve("index.csv"), legacy);
        IndexRow read = StoreIndex.read(dir).get("a/1.wav");
        assertEquals("", read.pooledCrc32());
        assertEquals(r.audioSha256(), read.audioSha256());

        Files.writeString(dir.resolve("index.csv"), IndexRow.HEADER + "\n" + r.csvLine().replace("0badc0de", "xyz"));
        IOException e = assertThrows(IOException.class, () -> StoreIndex.read(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("index.csv") + ":2: bad checksum 'xyz'"), e.getMessage());
    }

    private static Path journal(Path dir, String writer, IndexRow row) throws IOException {
        Path j = dir.resolve(Journal.PREFIX + writer + "-0123456789abcdef.csv");
        Files.writeString(j, row.csvLine());
        return j;
    }
}
