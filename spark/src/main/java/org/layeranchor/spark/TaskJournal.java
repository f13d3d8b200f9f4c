package org.layeranchor.spark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.IndexRow;
import org.layeranchor.features.StoreIndex;

/**
 * The journal of one task attempt: one line per finished entry, flushed to disk before the next
 * utterance, in {@code <encoder folder>/spark-journal/}. The driver folds every journal into the
 * index at the start of the next job, so that entries written by a job that failed or whose driver
 * died are not encoded again. Each attempt has its own file: no two writers share one.
 */
final class TaskJournal implements AutoCloseable {
    static final String FOLDER = "spark-journal";

    private final FileChannel channel;

    private TaskJournal(FileChannel channel) {
        this.channel = channel;
    }

    static TaskJournal open(Path encoderDir, String attemptName) throws IOException {
        Path dir = encoderDir.resolve(FOLDER);
        Path file = dir.resolve(attemptName + "-" + UUID.randomUUID() + ".csv");
        try {
            Files.createDirectories(dir);
            return new TaskJournal(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new FeatureStore.StoreWriteException(file + ": cannot create the task's journal (" + e.getMessage()
                    + "); entries already in the store are intact", e);
        }
    }

    void append(IndexRow row) throws IOException {
        try {
            channel.write(ByteBuffer.wrap(StoreIndex.journalLine(row).getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
        } catch (IOException e) {
            throw new FeatureStore.StoreWriteException("could not append to a task journal (" + e.getMessage()
                    + "); entries already in the store are intact", e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
