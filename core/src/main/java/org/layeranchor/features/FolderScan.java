package org.layeranchor.features;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the files under a folder while other writers rename and remove files in it. {@code Files.walk}
 * fails when a file it has listed is gone before it reads its attributes, which is routine here (a
 * temporary renamed into place); this scan skips such files instead.
 */
final class FolderScan {
    private FolderScan() {
    }

    /** Regular files under {@code dir} (none if it does not exist). */
    static List<Path> regularFiles(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    out.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // renamed or removed meanwhile
                }
                throw e;
            }
        });
        return out;
    }
}
