package org.layeranchor.testing;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Removes a folder tree that something else may still be writing to for a moment (a browser's
 * profile while its last helper processes exit): files that vanish during the walk are skipped
 * rather than failing it ({@code Files.walk} throws {@code UncheckedIOException(NoSuchFileException)}
 * there), and a folder that gained a file meanwhile is walked again, a few times.
 */
public final class FolderRemoval {
    private FolderRemoval() {
    }

    /** Deletes {@code root} and everything under it; true when it is gone, false if it kept coming back. */
    public static boolean deleteTree(Path root, int attempts, long pauseMillis) throws InterruptedException {
        for (int attempt = 0; attempt < attempts; attempt++) {
            try {
                deleteOnce(root);
            } catch (DirectoryNotEmptyException written) {
                // a file appeared after its folder was walked: walk again
            } catch (IOException other) {
                // e.g. permission: try again, then give up
            }
            if (!Files.exists(root)) {
                return true;
            }
            Thread.sleep(pauseMillis);
        }
        return !Files.exists(root);
    }

    private static void deleteOnce(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // removed by its writer meanwhile
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path folder, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(folder);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
