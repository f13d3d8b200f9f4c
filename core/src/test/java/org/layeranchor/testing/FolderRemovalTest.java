package org.layeranchor.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderRemovalTest {
    /** As a browser's helpers do with its profile: files written and removed while the folder is deleted. */
    @Test
    void aTreeStillBeingWrittenIsRemovedOnceItsWriterStops(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("profile");
        for (int d = 0; d < 20; d++) {
            Path sub = Files.createDirectories(root.resolve("d" + d).resolve("nested"));
            for (int f = 0; f < 20; f++) {
                Files.writeString(sub.resolve("f" + f), "x");
            }
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            long end = System.nanoTime() + 300_000_000L;
            for (int i = 0; System.nanoTime() < end; i++) {
                try {
                    Path sub = Files.createDirectories(root.resolve("d" + (i % 20)).resolve("nested"));
                    Files.writeString(sub.resolve("Network Persistent State-" + i), "x");
                    Files.deleteIfExists(sub.resolve("Network Persistent State-" + (i - 1)));
                } catch (IOException racing) {
                    // the folder went away under it
                }
            }
            writing.set(false);
        });
        writer.start();
        boolean removed = FolderRemoval.deleteTree(root, 40, 50);
        writer.join();
        assertFalse(writing.get());
        assertTrue(removed || FolderRemoval.deleteTree(root, 1, 0), "removed once the writer stopped");
        assertFalse(Files.exists(root));
    }
}
