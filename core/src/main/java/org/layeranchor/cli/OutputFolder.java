package org.layeranchor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where {@code train} writes a model: never over the user's files by accident. A run file's {@code out:}
 * that named an existing folder replaced its {@code config.yaml} and {@code model.json} silently, and
 * one that named the feature store wrote model files into the store's root (issue 25). Both are
 * refused before any work unless {@code --overwrite} says it is meant.
 */
final class OutputFolder {
    private OutputFolder() {
    }

    /**
     * Refuses {@code out} when it is a file, an existing folder that is not empty, or the feature store
     * {@code store} or a folder inside it, unless {@code overwrite}.
     */
    static void requireFree(Path out, Path store, boolean overwrite, Path runFile) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException(runFile + ": out: " + out + " is a file, not a folder");
        }
        if (overwrite) {
            return;
        }
        if (store != null && real(out).startsWith(real(store))) {
            throw new IllegalArgumentException(runFile + ": out: " + out + " is inside the feature store " + store
                    + "; name another folder (or pass --overwrite to write there anyway)");
        }
        if (Files.isDirectory(out)) {
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(runFile + ": out: " + out + " exists and is not empty; its files "
                            + "(model.json, config.yaml, ...) would be replaced: name a new folder, or pass --overwrite");
                }
            }
        }
    }

    /** The real path of {@code p}, or of its nearest existing ancestor with the rest appended. */
    private static Path real(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? abs : existing.toRealPath().resolve(existing.relativize(abs));
    }
}
