package org.layeranchor.features;

import java.io.IOException;
import java.nio.file.Path;
import org.layeranchor.parallel.ProcessFileLock;


/**
 * Exclusive access to one encoder folder's {@code index.csv} and {@code failures.csv} while a writer
 * merges its work into them: a {@link ProcessFileLock} on {@code index.lock}, which other processes
 * and threads respect. Held only for the few milliseconds of a merge, never while encoding, so
 * writers do not wait on each other's work.
 */
final class IndexLock {
    static final String FILE = "index.lock";

    private IndexLock() {
    }

    /** Waits for and takes the lock of {@code encoderDir}; a failure names the lock file. */
    static ProcessFileLock acquire(Path encoderDir) throws IOException {
        Path file = encoderDir.resolve(FILE);
        try {
            return ProcessFileLock.acquire(file);
        } catch (IOException e) {
            throw AtomicFiles.writeFailure(file, "cannot lock the index", e);
        }
    }
}
