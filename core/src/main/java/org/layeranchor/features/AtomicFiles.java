package org.layeranchor.features;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * The store's rule for writing a file: write it under a temporary name in the same folder
 * ({@code NAME.tmp-<pid>@<host>-<random>}, unique to this writer and this file), flush it to disk,
 * then rename it into place. A reader (or a process killed at any moment) sees the old file or the
 * new one, never half of one; the temporary's name says whose it is, so that another writer
 * cleaning up can leave it alone while its writer lives ({@link StaleFilePolicy}).
 *
 * <p>Entries are content-keyed, so two writers may produce the same entry at once: those are placed
 * with {@link #writeIfAbsent} (the first complete copy wins and is never replaced), while index
 * files that merge everyone's work are replaced with {@link #write} under the index lock.
 */
final class AtomicFiles {
    static final String TMP_MARK = ".tmp-";
    private static final String DISK_FULL = "the disk is full";

    private AtomicFiles() {
    }

    /** Writes one file's content. */
    @FunctionalInterface
    interface Content {
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code file}, replacing what is there. */
    static void write(Path file, Content content) throws IOException {
        Path tmp = writeTemporary(file, content, new CRC32());
        try {
            move(tmp, file);
        } catch (IOException e) {
            throw failure(file, tmp, e);
        }
    }

    /**
     * Writes {@code file} unless it exists (or appears meanwhile: the check and the placing are one
     * atomic hard link); returns the CRC-32 ({@link EntryChecksum}) of the file now in place.
     */
    static String writeIfAbsent(Path file, Content content) throws IOException {
        if (Files.isRegularFile(file)) {
            return EntryChecksum.of(file);
        }
        CRC32 crc = new CRC32();
        Path tmp = writeTemporary(file, content, crc);
        try {
            try {
                Files.createLink(file, tmp); // fails if another writer placed the entry first
                Files.delete(tmp);
                return EntryChecksum.format(crc.getValue());
            } catch (FileAlreadyExistsException e) {
                Files.delete(tmp);
                return EntryChecksum.of(file);
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (e instanceof FileSystemException fse && !noHardLinks(fse)) {
                    throw fse;
                }
                // No hard links on this file system: a plain rename, where a racing writer's copy of
                // the same entry may be replaced by ours (so the checksum is read back from the file).
                move(tmp, file);
                return EntryChecksum.of(file);
            }
        } catch (IOException e) {
            throw failure(file, tmp, e);
        }
    }

    /** EPERM/ENOTSUP from link(2): file systems without hard links (FAT, some network mounts). */
    private static boolean noHardLinks(FileSystemException e) {
        String reason = String.valueOf(e.getReason());
        return reason.contains("Operation not permitted") || reason.contains("not supported");
    }

    private static Path writeTemporary(Path file, Content content, CRC32 crc) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + TMP_MARK + WriterId.current().uniqueTag());
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
            // Writers (Jackson, for one) may close the stream they get; the fsync below needs it open.
            content.write(new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    crc.update(b, off, len);
                    out.write(b, off, len);
                }

                @Override
                public void write(int b) throws IOException {
                    crc.update(b);
                    out.write(b);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            });
            out.flush();
            ch.force(true);
        } catch (IOException e) {
            throw failure(file, tmp, e);
        }
        return tmp;
    }

    private static void move(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes our temporary (freeing the space a full disk needs back) and says what failed, in one line. */
    private static FeatureStore.StoreWriteException failure(Path file, Path tmp, IOException e) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // The temporary stays; it carries our pid, so a later run removes it once we are gone.
        }
        return writeFailure(file, "could not write", e);
    }

    /**
     * The one line a writer stops with: the file, what failed and why, that nothing finished is
     * lost, and, for a full disk, how to finish the store.
     */
    static FeatureStore.StoreWriteException writeFailure(Path file, String what, IOException e) {
        String why = describe(e);
        return new FeatureStore.StoreWriteException(file + ": " + what + " (" + why + "); entries already in the store are intact"
                + (why.equals(DISK_FULL) ? ": free space and run extract again to finish" : ""), e);
    }

    static String describe(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.contains("No space left") || m.contains("Disk quota exceeded")) {
            return DISK_FULL;
        }
        return e.getClass().getSimpleName() + ": " + m;
    }
}
