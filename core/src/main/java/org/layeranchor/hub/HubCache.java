package org.layeranchor.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The on-disk layout of the Hugging Face hub cache, as Python's {@code huggingface_hub} writes and
 * reads it, so that models downloaded by either side are used by the other without a copy:
 *
 * <pre>
 * ROOT/models--ORG--NAME/
 *   blobs/ETAG                    file contents, named by the Hub's ETag (SHA-256 for LFS files)
 *   blobs/ETAG.incomplete         a download in progress (resumed from its length)
 *   refs/REVISION                 the commit a branch or tag pointed to when last downloaded
 *   snapshots/COMMIT/FILE         a relative symlink to ../../blobs/ETAG (a copy where links fail)
 *   .no_exist/COMMIT/FILE         an empty marker: the Hub has no such file at that commit
 * ROOT/.locks/models--ORG--NAME/ETAG.lock   held while the blob is downloaded
 * </pre>
 */
public final class HubCache {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private final Path root;

    public HubCache(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path repoFolder(HubModelId id) {
        return root.resolve("models--" + id.owner() + "--" + id.name());
    }

    /**
     * The commit the id's revision stands for in this cache: the revision itself when it is a commit
     * hash, else what {@code refs/REVISION} says; empty when this revision was never downloaded.
     */
    public Optional<String> commitOf(HubModelId id) throws IOException {
        if (id.pinnedToCommit()) {
            return Optional.of(id.revision());
        }
        Path ref = repoFolder(id).resolve("refs").resolve(id.revision());
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        String commit = Files.readString(ref, StandardCharsets.UTF_8).trim();
        if (commit.isEmpty() || !SAFE_NAME.matcher(commit).matches()) {
            throw new IOException(ref + ": expected a commit hash, found '" + commit + "'");
        }
        return Optional.of(commit);
    }

    public Path snapshot(HubModelId id, String commit) {
        return repoFolder(id).resolve("snapshots").resolve(commit);
    }

    public Path blob(HubModelId id, String etag) {
        return repoFolder(id).resolve("blobs").resolve(checkedName(etag, "ETag"));
    }

    /** Where a download of the blob grows until its hash is checked. */
    public Path incompleteBlob(HubModelId id, String etag) {
        return repoFolder(id).resolve("blobs").resolve(checkedName(etag, "ETag") + ".incomplete");
    }

    /** The lock file guarding one blob's download (where huggingface_hub keeps its own). */
    public Path lockFile(HubModelId id, String etag) {
        return root.resolve(".locks").resolve(repoFolder(id).getFileName()).resolve(checkedName(etag, "ETag") + ".lock");
    }

    /** Records which commit a branch or tag points to now (nothing to record for a commit hash). */
    public void writeRef(HubModelId id, String commit) throws IOException {
        if (id.revision().equals(commit)) {
            return;
        }
        Path ref = repoFolder(id).resolve("refs").resolve(checkedName(id.revision(), "revision"));
        Files.createDirectories(ref.getParent());
        // A name of its own for each writer: two runs may record the same ref at once.
        Path tmp = Files.createTempFile(ref.getParent(), ref.getFileName() + ".", ".tmp");
        Files.writeString(tmp, checkedName(commit, "commit"), StandardCharsets.UTF_8);
        moveReplacing(tmp, ref);
    }

    /**
     * Makes {@code snapshots/COMMIT/FILE} point at the blob, by a relative symlink as
     * {@code huggingface_hub} does (so the cache folder can be moved), or by a copy where the file
     * system refuses links.
     */
    public Path link(HubModelId id, String commit, String file, String etag) throws IOException {
        Path pointer = snapshot(id, commit).resolve(checkedName(file, "file name"));
        Path blob = blob(id, etag);
        Files.createDirectories(pointer.getParent());
        Files.deleteIfExists(pointer);
        try {
            Files.createSymbolicLink(pointer, pointer.getParent().relativize(blob));
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.copy(blob, pointer, StandardCopyOption.REPLACE_EXISTING);
        }
        return pointer;
    }

    /** Remembers that the Hub has no such file at this commit, as {@code huggingface_hub} does. */
    public void markMissing(HubModelId id, String commit, String file) throws IOException {
        Path marker = repoFolder(id).resolve(".no_exist").resolve(checkedName(commit, "commit"))
                .resolve(checkedName(file, "file name"));
        Files.createDirectories(marker.getParent());
        try {
            Files.createFile(marker);
        } catch (FileAlreadyExistsException alreadyMarked) {
            // another run marked it first: the same fact
        }
    }

    static void moveReplacing(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    // Names come from HTTP headers and index files: never let one climb out of the cache folder.
    private static String checkedName(String name, String what) {
        if (!SAFE_NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("unsafe " + what + " for the cache: '" + name + "'");
        }
        return name;
    }
}
