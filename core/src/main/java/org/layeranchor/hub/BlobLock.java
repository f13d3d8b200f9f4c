package org.layeranchor.hub;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets one download of a blob run at a time, across threads and processes (two runs that fetch the
 * same model would otherwise append to one {@code .incomplete} file together). A file lock keeps
 * other processes out; it is held per process, so threads of this one queue on a lock of their own
 * first.
 *
 * <p>The lock files lie where {@code huggingface_hub} puts its own ({@code .locks/models--ORG--NAME/}),
 * but Python takes {@code flock} locks and Java {@code fcntl} ones, which Linux keeps apart: this
 * guards LayerAnchor runs against each other, not against a simultaneous Python download.
 */
final class BlobLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_THIS_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private BlobLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Waits until the lock is free, then holds it until {@link #close()}. */
    static BlobLock acquire(Path lockFile) throws IOException {
        ReentrantLock threadLock = IN_THIS_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new ReentrantLock());
        threadLock.lock();
        FileChannel channel = null;
        try {
            Files.createDirectories(lockFile.getParent());
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new BlobLock(threadLock, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            threadLock.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            threadLock.unlock();
        }
    }
}
