package org.layeranchor.features;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.layeranchor.io.CsvReader;

/**
 * One writer's journal of finished entries, {@code journal-<pid>@<host>-<random>.csv} in the encoder
 * folder: an index row per entry, appended and fsynced right after the entry is in place. It is what
 * survives a kill: the next merge of the index ({@link StoreIndex#merge}) folds every journal it
 * finds into {@code index.csv}, and removes a journal only once its writer can never append to it
 * again. Each writer has its own, so two writers never interleave or delete each other's lines.
 */
final class Journal implements AutoCloseable {
    static final String PREFIX = "journal-";
    /** The single journal of versions before per-writer journals; still folded so that their killed runs resume. */
    static final String LEGACY = "journal.csv";
    /** Journals of this JVM that are still open: the only ones of a live local process that a merge may not remove. */
    private static final Set<Path> OPEN_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;

    private Journal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Starts a new journal for this writer in {@code encoderDir}. */
    static Journal open(Path encoderDir) throws IOException {
        Path f = encoderDir.resolve(PREFIX + WriterId.current().uniqueTag() + ".csv");
        try {
            FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            OPEN_IN_THIS_JVM.add(f.toAbsolutePath().normalize());
            return new Journal(f, ch);
        } catch (IOException e) {
            throw AtomicFiles.writeFailure(f, "cannot start the journal", e);
        }
    }

    Path file() {
        return file;
    }

    /** Appends one finished entry and forces it to disk before returning. */
    synchronized void append(IndexRow row) throws IOException {
        try {
            channel.write(ByteBuffer.wrap(row.csvLine().getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
        } catch (IOException e) {
            throw AtomicFiles.writeFailure(file, "could not append", e);
        }
    }

    /** Closes the journal and keeps the file (its rows are folded by the next merge). */
    @Override
    public synchronized void close() throws IOException {
        OPEN_IN_THIS_JVM.remove(file.toAbsolutePath().normalize());
        channel.close();
    }

    /** Closes and removes the journal: call once its rows are merged into the index. */
    void closeAndDelete() throws IOException {
        close();
        Files.deleteIfExists(file);
    }

    /** Every journal in {@code encoderDir}, this writer's and others', live or not. */
    static List<Path> all(Path encoderDir) throws IOException {
        if (!Files.isDirectory(encoderDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(encoderDir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.equals(LEGACY) || (n.startsWith(PREFIX) && n.endsWith(".csv"));
            }).sorted().toList();
        }
    }

    /**
     * Adds the complete lines of {@code journal} to {@code index}; a line cut by a kill (no newline
     * yet) is ignored. Returns how many rows were read.
     */
    static int fold(Path journal, Map<String, IndexRow> index) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(journal);
        } catch (NoSuchFileException e) {
            return 0; // removed by its writer after our listing: its rows are in index.csv already
        }
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end == 0) {
            return 0;
        }
        List<CsvReader.Row> records = StoreIndex.table(CsvReader.parse(Arrays.copyOf(bytes, end)),
                journal.toString());
        StoreIndex.addRows(records, 0, journal.toString(), index);
        return records.size();
    }

    /**
     * Whether a journal, once folded into the index, may be removed: its writer is gone (a process
     * of this host that no longer exists, or this JVM with the journal closed), it is a legacy
     * journal, or its writer is on another host and it is older than {@code policy} allows.
     */
    static boolean removableAfterFold(Path journal, StaleFilePolicy policy, Instant now) throws IOException {
        String name = journal.getFileName().toString();
        if (name.equals(LEGACY)) {
            return true;
        }
        Optional<WriterId> writer = WriterId.ofFileName(name, PREFIX);
        if (writer.isPresent() && writer.get().equals(WriterId.current())) {
            return !OPEN_IN_THIS_JVM.contains(journal.toAbsolutePath().normalize());
        }
        if (writer.isPresent() && writer.get().onThisHost()) {
            return writer.get().provablyGone();
        }
        try {
            return policy.isStale(journal, PREFIX, now);
        } catch (NoSuchFileException e) {
            return false; // its writer merged and removed it after we listed it
        }
    }
}
