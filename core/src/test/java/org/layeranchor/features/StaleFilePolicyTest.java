package org.layeranchor.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.encoder.EncoderInfo;

/** Which leftover files a writer may remove: never a live writer's, only provably stale ones. */
class StaleFilePolicyTest {
    private static final String OTHER_HOST = "some-other-host.example";

    /** The pid of a process that has exited (a fresh one, so the pid is not reused yet). */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        assertFalse(p.isAlive());
        return p.pid();
    }

    static Path file(Path dir, String name, Duration age) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "partial");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(age)));
        return f;
    }

    static String tmpName(long pid, String host) {
        return "x.npy.tmp-" + pid + "@" + host + "-0123456789abcdef";
    }

    @Test
    void writerIdsAreReadBackFromTemporaryAndJournalNames() {
        WriterId me = WriterId.current();
        assertEquals(ProcessHandle.current().pid(), me.pid());
        String tag = me.uniqueTag();
        assertEquals(Optional.of(me), WriterId.ofFileName("ab.npy" + AtomicFiles.TMP_MARK + tag, AtomicFiles.TMP_MARK));
        assertEquals(Optional.of(me), WriterId.ofFileName(Journal.PREFIX + tag + ".csv", Journal.PREFIX));
        assertEquals(Optional.of(new WriterId(42, "node-7.cluster-a")),
                WriterId.ofFileName("f.npy.tmp-42@node-7.cluster-a-00112233445566aa", AtomicFiles.TMP_MARK));
        assertTrue(me.onThisHost());
        // Names of older versions (a bare UUID) carry no writer.
        assertEquals(Optional.empty(), WriterId.ofFileName("f.npy.tmp-6f1c0a52-41d5-4e0c-9d1b-2a7c6c3f9e10", AtomicFiles.TMP_MARK));
        assertEquals(Optional.empty(), WriterId.ofFileName(Journal.LEGACY, Journal.PREFIX));
    }

    @Test
    void aTemporaryIsStaleOnlyWhenItsWriterIsProvablyGoneAndItIsOldEnough(@TempDir Path tmp) throws Exception {
        StaleFilePolicy policy = StaleFilePolicy.DEFAULT;
        Instant now = Instant.now();
        long alive = ProcessHandle.current().pid();
        long dead = deadPid();
        String host = WriterId.current().host();
        String m = AtomicFiles.TMP_MARK;
        // A live writer's file is never stale, however old (a slow write on a busy machine).
        assertFalse(policy.isStale(file(tmp, tmpName(alive, host), Duration.ofDays(3)), m, now));
        // A gone writer's file, once past the minimum age.
        assertFalse(policy.isStale(file(tmp, "a/" + tmpName(dead, host), Duration.ofMinutes(1)), m, now));
        assertTrue(policy.isStale(file(tmp, "b/" + tmpName(dead, host), Duration.ofMinutes(11)), m, now));
        // Another host's process cannot be looked up: only a day-old file is stale.
        assertFalse(policy.isStale(file(tmp, tmpName(alive, OTHER_HOST), Duration.ofHours(23)), m, now));
        assertTrue(policy.isStale(file(tmp, "c/" + tmpName(alive, OTHER_HOST), Duration.ofHours(25)), m, now));
        // A name without a writer (older versions) likewise.
        assertFalse(policy.isStale(file(tmp, "x.npy.tmp-6f1c0a52", Duration.ofHours(1)), m, now));
        assertTrue(policy.isStale(file(tmp, "d/x.npy.tmp-6f1c0a52", Duration.ofDays(2)), m, now));
    }

    @Test
    void openingAStoreRemovesOnlyProvablyStaleTemporaries(@TempDir Path tmp) throws Exception {
        FeatureStore store = FeatureStore.open(tmp.resolve("store"));
        EncoderInfo info = new EncoderInfo("test", "test-0001", 3, 4, 50.0, 1, Map.of("mode", "fast"));
        Path dir = store.encoderDir(FeatureStore.encoderKey(info));
        String host = WriterId.current().host();
        // The reported bug: a second extract deleted the first one's live encoder.json temporary.
        Path live = file(dir, "encoder.json" + AtomicFiles.TMP_MARK + WriterId.current().uniqueTag(), Duration.ofHours(2));
        Path liveEntry = file(dir, "pooled/ab/" + tmpName(ProcessHandle.current().pid(), host), Duration.ZERO);
        Path otherHost = file(dir, "pooled/cd/" + tmpName(1234, OTHER_HOST), Duration.ofHours(2));
        Path deadYoung = file(dir, "frames/ab/" + tmpName(deadPid(), host), Duration.ofMinutes(2));
        Path deadOld = file(dir, "frames/cd/" + tmpName(deadPid(), host), Duration.ofMinutes(30));

        store.prepare(info);
        assertTrue(Files.exists(live) && Files.exists(liveEntry) && Files.exists(otherHost) && Files.exists(deadYoung));
        assertFalse(Files.exists(deadOld), "a dead writer's old temporary is removed");
        assertTrue(Files.isRegularFile(dir.resolve("encoder.json")));

        // A test may shorten the ages, never the rule that the writer must be gone.
        store.withStalePolicy(new StaleFilePolicy(Duration.ZERO, Duration.ofHours(1))).prepare(info);
        assertTrue(Files.exists(live) && Files.exists(liveEntry));
        assertFalse(Files.exists(deadYoung));
        assertFalse(Files.exists(otherHost));
    }
}
