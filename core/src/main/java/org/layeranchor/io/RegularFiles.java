package org.layeranchor.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reading only regular files. A named pipe (FIFO) blocks a reader until something writes to it, for
 * ever if nothing does; {@code /dev/zero} and other devices never end; a socket cannot be opened. So
 * every file LayerAnchor reads by name (audio, manifests, store entries, model arrays) is checked by
 * type first, following symbolic links (an entry symlinked to {@code /dev/zero} is a device), and
 * refused with the type named before it is opened.
 */
public final class RegularFiles {
    private static final int TYPE_MASK = 0170000;

    private RegularFiles() {
    }

    /**
     * Refuses {@code file} unless it is a regular file (after following links). The message is the
     * reason only (e.g. "is a named pipe (FIFO), not a regular file"), for callers that put the file
     * name in front; a missing file is a {@link java.nio.file.NoSuchFileException} as usual.
     */
    public static void require(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new IOException("is " + typeOf(file, attributes) + ", not a regular file");
        }
    }

    /**
     * Refuses {@code file} unless, with every link followed, it lies inside {@code folder} (also followed):
     * a textual check would let a link inside the folder read any file of the machine.
     */
    public static void requireInside(Path file, Path folder) throws IOException {
        Path real = file.toRealPath();
        Path root = folder.toRealPath();
        if (!real.startsWith(root)) {
            throw new IOException("is a link to " + real + ", outside " + root);
        }
    }

    /** {@link Files#readAllBytes}, for regular files only. */
    public static byte[] readAllBytes(Path file) throws IOException {
        require(file);
        return Files.readAllBytes(file);
    }

    /** {@link Files#newInputStream}, for regular files only. */
    public static InputStream newInputStream(Path file) throws IOException {
        require(file);
        return Files.newInputStream(file);
    }

    private static String typeOf(Path file, BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a directory";
        }
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            return switch (mode & TYPE_MASK) {
                case 0010000 -> "a named pipe (FIFO)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a pipe, device or socket"; // no unix view here: the kind cannot be told, only that it is not a file
        }
    }
}
