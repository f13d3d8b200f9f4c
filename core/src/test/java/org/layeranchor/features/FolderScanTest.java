package org.layeranchor.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scanning a store folder while another writer renames temporaries into place in it. */
class FolderScanTest {
    @Test
    void scanningWhileAnotherWriterRenamesFilesNeverFails(@TempDir Path dir) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; !stop.get(); i++) {
                    Path f = dir.resolve("pooled/" + (i % 16) + "/e" + i + ".npy");
                    Files.createDirectories(f.getParent());
                    AtomicFiles.write(f, out -> out.write(new byte[64]));
                    written.incrementAndGet();
                }
            } catch (Throwable t) {
                writerFailed.set(t);
            }
        });
        writer.start();
        try {
            long end = System.nanoTime() + 1_000_000_000L;
            int scans = 0;
            while (System.nanoTime() < end || scans < 50) {
                for (Path p : FolderScan.regularFiles(dir)) {
                    assertTrue(p.startsWith(dir));
                }
                scans++;
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertEquals(null, writerFailed.get());
        assertTrue(written.get() > 100, written.get() + " files written during the scans");
        assertEquals(written.get(), FolderScan.regularFiles(dir).size(), "no temporaries left, every file found");
    }
}
