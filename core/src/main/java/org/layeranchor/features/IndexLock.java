package org.layeranchor.features;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive access to one encoder folder's {@code index.csv} and {@code failures.csv} while a writer
 * merges its work into them: an OS file lock on {@code index.lock} ({@link FileChannel#lock}, which
 * other processes respect) plus a lock per folder inside this JVM (the OS lock is per process, and
 * Java refuses a second one from the same JVM). Held only for the few milliseconds of a merge, never
 * while encoding, so writers do not wait on each other's work. The lock file is never deleted:
 * deleting it would let two writers lock two different files.
 */
final class IndexLock implements AutoCloseable {
    static final String FILE = "index.lock";
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock jvmLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private IndexLock(ReentrantLock jvmLock, FileChannel channel, FileLock fileLock) {
        this.jvmLock = jvmLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Waits for and takes the lock of {@code encoderDir}. */
    static IndexLock acquire(Path encoderDir) throws IOException {
        Path file = encoderDir.resolve(FILE);
        ReentrantLock jvmLock = IN_THIS_JVM.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new ReentrantLock());
        jvmLock.lock();
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new IndexLock(jvmLock, ch, ch.lock());
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            jvmLock.unlock();
            if (e instanceof IOException io) {
                throw AtomicFiles.writeFailure(file, "cannot lock the index", io);
            }
            throw (RuntimeException) e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            jvmLock.unlock();
        }
    }
}
